"""`/quotes …`: a lookup (a name, or "words", with filters), help, export, follow, unfollow, following,
corrections, watch, unwatch, watching; answered privately to whoever asked."""
import logging
import uuid

from bot.lookup import QueryError
from config.settings import get_settings
from handlers import commands, present
from handlers.slack import answers, blocks
from handlers.slack.jobs import export_to_dm

log = logging.getLogger(__name__)


def quotes_command(ack, command, respond, client, context):
    ack()
    try:
        request = commands.parse(command.get("text") or "")
        respond(response_type="ephemeral", **answer(request, command.get("user_id"), client, context,
                                                    command.get("channel_id")))
    except (QueryError, commands.Refused) as refused:  # a request that can't be run says why
        respond(response_type="ephemeral", text=str(refused))
    except Exception as error:  # whoever asked always hears back
        log.exception("/quotes failed")
        respond(response_type="ephemeral", text=present.trouble(error, present.REQUEST_FAILED))


def answer(request: commands.Request, user: str, client, context, channel: str | None = None) -> dict:
    store, team_id, m = context["store"], context.team_id, blocks.MRKDWN
    match request:
        case commands.Help():
            return dict(text=present.USAGE, blocks=blocks.usage_blocks())
        case commands.Lookup(query):
            return answers.lookup_message(store, team_id, query)
        case commands.Export(query):
            context["jobs"].enqueue_once(f"export-{team_id}-{uuid.uuid4().hex}", export_to_dm, team_id, user,
                                         str(query) if query else None, workspace=team_id)
            return answers.said(present.EXPORT_ON_ITS_WAY)
        case commands.Follow(name):
            return offer(commands.follow(store, team_id, user, name, get_settings().follow_quiet_seconds, m))
        case commands.Unfollow(name):
            return offer(commands.unfollow(store, team_id, user, name, m))
        case commands.Following():
            return answers.said(commands.following(store, team_id, user, m))
        case commands.Corrections():
            return answers.corrections_message(store, team_id, answers.is_admin(client, user))
        case commands.StartWatching(url, mode):
            return answers.said(commands.start_watching(team_id, user, channel, url, mode, m))
        case commands.StopWatching(url):
            return answers.said(commands.stop_watching(team_id, url, m))
        case commands.Watching():
            return answers.said("\n".join(commands.watching(team_id, m)))


def offer(outcome: str | commands.Choose) -> dict:
    """A sentence, or the speakers to choose from."""
    if isinstance(outcome, commands.Choose):
        return dict(text=outcome.text, blocks=blocks.choose_blocks(outcome))
    return answers.said(outcome)
