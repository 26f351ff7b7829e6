"""Previous/Next under a lookup: the page asked for replaces the answer (it carries the lookup and its filters)."""
from handlers.slack import answers, blocks


def turn_page(ack, action, respond, context):
    ack()
    page, state = blocks.read_page_button(action["value"])
    respond(replace_original=True, **answers.lookup_message(context["store"], context.team_id, state, page))
