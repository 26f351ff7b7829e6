"""Forgetting a workspace that removed QuoteBot: its jobs not yet started, the feeds it watched, then everything
stored for it."""
import logging

from bot.runtime import get_feeds, get_queue, get_store

log = logging.getLogger(__name__)


def purge_workspace(team_id: str) -> None:
    """A queued job: drop the workspace's pending jobs first, so none writes after the purge."""
    dropped = get_queue().drop_workspace_jobs(team_id)
    feeds = get_feeds().forget_workspace(team_id)  # a feed no one else watches is forgotten at its next poll
    removed = get_store().purge_workspace(team_id)
    log.info("purged workspace %s: %d keys, %d pending jobs, %d watched feeds", team_id, removed, dropped, feeds)
