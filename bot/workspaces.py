"""Forgetting a workspace that removed QuoteBot: its jobs not yet started, then everything stored for it."""
import logging

from bot.runtime import get_queue, get_store

log = logging.getLogger(__name__)


def purge_workspace(team_id: str) -> None:
    """A queued job: drop the workspace's pending jobs first, so none writes after the purge."""
    dropped = get_queue().drop_workspace_jobs(team_id)
    removed = get_store().purge_workspace(team_id)
    log.info("purged workspace %s: %d keys, %d pending jobs", team_id, removed, dropped)
