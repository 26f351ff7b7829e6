"""`/quotes NAME`: what a speaker was quoted saying, answered privately to whoever asked."""
import logging

from bot.lookup import lookup
from handlers import present
from handlers.slack import blocks

log = logging.getLogger(__name__)


def quotes_command(ack, command, respond, context):
    ack()
    query = (command.get("text") or "").strip()
    if not query or query.lower() == "help":
        respond(response_type="ephemeral", text=present.USAGE, blocks=blocks.usage_blocks())
        return
    try:
        result = lookup(context["store"], context.team_id, query)
    except Exception as error:  # whoever asked always hears back
        log.exception("lookup failed")
        respond(response_type="ephemeral", text=present.trouble(error, present.LOOKUP_FAILED))
        return
    respond(response_type="ephemeral", text=blocks.lookup_text(result), blocks=blocks.lookup_blocks(result))
