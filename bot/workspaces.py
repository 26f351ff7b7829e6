"""Forgetting a workspace that removed QuoteBot: its jobs not yet started, then everything stored for it."""
import logging

from bot.queue import JobQueue
from bot.runtime import get_queue, get_store
from bot.store import QuoteStore

log = logging.getLogger(__name__)


def purge_workspace(team_id: str) -> None:
    """A queued job (see `purge`)."""
    purge(get_store(), get_queue(), team_id)


def purge(store: QuoteStore, jobs: JobQueue, team_id: str) -> None:
    """Drop the workspace's pending jobs, then delete what is stored for it. A job already running when the
    purge starts writes nothing after it (its workspace's generation moves on first: see bot/store/batch.py)."""
    dropped = jobs.drop_workspace_jobs(team_id)
    removed = store.purge_workspace(team_id)
    log.info("purged workspace %s: %d keys, %d pending jobs", team_id, removed, dropped)
