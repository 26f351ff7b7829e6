"""Telling followers about new quotes, the same on every platform. Once a shared link's article is stored, its
quotes new to the archive are held for their speakers' followers; each follower is sent what is held at once, or,
within the quiet time after their last message about that speaker, when it is up: a job scheduled for then sends
everything held meanwhile, together.

A platform supplies `tell(team_id, user, speaker_id)`, a job function that calls `tell` below with a way to send
the news (a direct message) and itself, to be scheduled when the follower must wait."""
import logging
import re
import time
from collections.abc import Callable

from bot import follow
from bot.follow import News
from bot.ingest import IngestResult
from bot.queue import JobQueue
from bot.store import QuoteStore

log = logging.getLogger(__name__)

Tell = Callable[[str, str, str], None]


def pass_on(store: QuoteStore, team_id: str, result: IngestResult | None, tell: Tell) -> None:
    """After a link's article was stored: hold its new quotes for their speakers' followers and tell each. A
    follower who can't be told (gone, or the platform failing) does not stop the others, nor the link's job."""
    if result is None:
        return
    for user, sid in follow.hold_news(store, team_id, result):
        try:
            tell(team_id, user, sid)
        except Exception:
            log.exception("could not tell %s about news from %s", user, sid)


def tell(store: QuoteStore, jobs: JobQueue, team_id: str, user: str, sid: str, quiet_seconds: int,
         send: Callable[[News], None], again: Tell) -> None:
    """Send the follower what is held for them now, or schedule `again` for when their quiet time is up."""
    news = follow.release_news(store, team_id, user, sid, quiet_seconds)
    if news is not None:
        send(news)
        return
    wait = store.quiet_left(team_id, user, sid)
    if wait:  # RQ's scheduler counts whole seconds: a second more, so the job never runs before the time is up
        jobs.enqueue_later(news_job_id(team_id, user, sid, int(time.time()) + wait), wait + 1, again, team_id, user,
                           sid, workspace=team_id)


def news_job_id(team_id: str, user: str, sid: str, due: int) -> str:
    """One job per follower, speaker and quiet time: news held while it is scheduled go with it."""
    return re.sub(r"[^\w-]", "_", f"news-{team_id}-{user}-{sid}-{due}")
