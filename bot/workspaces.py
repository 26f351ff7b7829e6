"""Forgetting a workspace that removed QuoteBot: its jobs not yet started, the feeds it watched, then everything
stored for it."""
import logging

from bot.queue import JobQueue
from bot.runtime import get_feeds, get_queue, get_store
from bot.store import FeedStore, QuoteStore

log = logging.getLogger(__name__)


def purge_workspace(team_id: str) -> None:
    """A queued job (see `purge`)."""
    purge(get_store(), get_feeds(), get_queue(), team_id)


def purge(store: QuoteStore, feeds: FeedStore, jobs: JobQueue, team_id: str) -> None:
    """Drop the workspace's pending jobs and its watches, then delete what is stored for it. A job already running
    when the purge starts writes nothing after it (its workspace's generation moves on first: see
    bot/store/batch.py); a feed no one else watches is forgotten at its next poll."""
    dropped = jobs.drop_workspace_jobs(team_id)
    watched = feeds.forget_workspace(team_id)
    removed = store.purge_workspace(team_id)
    log.info("purged workspace %s: %d keys, %d pending jobs, %d watched feeds", team_id, removed, dropped, watched)
