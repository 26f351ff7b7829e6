"""What a shared link gets, the same on every platform: its quotes, or the reason it can't be read, and
never a silent thread. When the site is slow, or failing in a way worth trying again, the thread hears so
at once; that notice is then edited into the outcome, however many tries later it comes.

A platform queues one job per shared link (`link_job_id`) and, in it, supplies a `Thread` (post a reply,
edit one) and the markup it writes in; this module decides what is said and when.
"""
import logging
import re
import threading
from dataclasses import dataclass
from typing import Protocol

import rq
from redis import RedisError

from bot import metrics
from bot.fetch import FetchError
from bot.ingest import IngestResult, Ingestor
from bot.queue import is_last_attempt
from bot.store import Share, article_id
from bot.urls import canonical_url
from handlers import present

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    text: str  # the whole answer, in the thread's markup
    result: IngestResult | None = None  # the article and its quotes, for a platform's richer layout


class Thread(Protocol):
    """Where a link was shared, on one platform."""

    markup: present.Markup

    def post(self, reply: Reply) -> str:
        """Reply in the thread; returns the id of the reply, for `edit`."""

    def edit(self, message_id: str, reply: Reply) -> None: ...


def link_job_id(team_id: str, url: str, channel: str, message: str) -> str:
    """One job per workspace, article and message: the same share queued twice runs once."""
    job_id = f"link-{team_id}-{article_id(canonical_url(url))}-{channel}-{message}"
    return re.sub(r"[^\w-]", "_", job_id)  # RQ ids take letters, digits, dashes and underscores


def answer_link(ingestor: Ingestor, team_id: str, url: str, share: Share, thread: Thread, slow_after: float) -> Reply:
    """Ingest `url` and answer in `thread`; returns the answer. Raises to have the job queue try again later."""
    m = thread.markup
    notice = Notice(thread, present.still_trying(url, None, m), slow_after)
    try:
        reply = read_link(ingestor, team_id, url, share, m)
    except FetchError as error:  # worth another try, and one will follow: say so now
        notice.cancel()
        notice.post(present.still_trying(url, error.reason, m))
        raise
    except Exception:  # a Redis blip: the queue tries again later
        notice.cancel()
        raise
    notice.settle(reply)
    log.info("answered: %s", reply.text)
    return reply


def read_link(ingestor: Ingestor, team_id: str, url: str, share: Share, m: present.Markup) -> Reply:
    """Ingest `url` inside a queued job: the answer (its article, why it can't be read, or our own trouble).
    Raises when the queue should try again later (the page or the store may be back by then); on the last
    attempt, or for a link that will never be read, answers."""
    try:
        result = ingestor.ingest(team_id, url, share)
        return Reply(present.ingest_line(result, m), result)
    except FetchError as error:
        if not error.permanent and not is_last_attempt():
            raise
        metrics.ARTICLES_FAILED.labels(metrics.failure_reason(error)).inc()
        return Reply(present.could_not_read(url, error.reason, m))
    except Exception as error:
        if isinstance(error, RedisError) and not is_last_attempt():
            raise
        log.exception("ingest of %s failed", url)
        metrics.ARTICLES_FAILED.labels(metrics.failure_reason(error)).inc()
        return Reply(present.trouble(error, present.SOMETHING_WENT_WRONG))


class Notice:
    """The "still trying" reply: posted once `slow_after` seconds pass without an answer, or at once when
    a try fails and another will follow; kept (in the job's meta) across tries, and edited into the answer.
    The answer is kept there too: a job stopped after answering, and run again, edits it rather than
    answering twice."""

    def __init__(self, thread: Thread, text: str, slow_after: float):
        self.thread, self.lock, self.settled = thread, threading.Lock(), False
        self.job = rq.get_current_job()
        self.message_id = self.job.meta.get("reply") if self.job else None
        self.timer = threading.Timer(slow_after, self.post, args=(text,))
        self.timer.daemon = True
        if self.message_id is None:
            self.timer.start()

    def post(self, text: str) -> None:
        with self.lock:
            if self.settled or self.message_id is not None:
                return
            self._keep(self.thread.post(Reply(text)))

    def cancel(self) -> None:
        self.timer.cancel()

    def settle(self, reply: Reply) -> None:
        """The answer: a reply of its own, or the notice edited into it."""
        self.cancel()
        with self.lock:
            self.settled = True
            if self.message_id is None:
                self._keep(self.thread.post(reply))
            else:
                self.thread.edit(self.message_id, reply)

    def _keep(self, message_id: str) -> None:
        self.message_id = message_id
        if self.job:
            self.job.meta["reply"] = message_id
            self.job.save_meta()
