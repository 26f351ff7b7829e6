"""QuoteBot removed from a workspace (`app_uninstalled`, or `tokens_revoked` naming its bot): forget the
installation at once, so nothing more is answered there, and purge the workspace's data in a job."""
import logging

from bot.workspaces import purge_workspace

log = logging.getLogger(__name__)


def app_uninstalled(body, context):
    forget_workspace(body, context)


def tokens_revoked(body, event, context):
    if (event.get("tokens") or {}).get("bot"):  # user tokens revoked alone leave the bot installed
        forget_workspace(body, context)


def forget_workspace(body: dict, context) -> None:
    team_id, removed_at = context.team_id, body.get("event_time", 0)
    installations = context["installations"]
    if installations is not None:
        bot = installations.store.find_bot(enterprise_id=context.enterprise_id, team_id=team_id)
        # Slack dates events to the second: only an installation from a later second is newer.
        if bot is not None and int(bot.installed_at) > removed_at:
            log.info("ignoring a removal from workspace %s older than its current installation", team_id)
            return
        installations.store.delete_all(enterprise_id=context.enterprise_id, team_id=team_id)
    context["jobs"].enqueue_once(f"purge-{team_id}-{removed_at}", purge_workspace, team_id)
