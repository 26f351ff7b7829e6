"""Queued work for Slack: ingest a shared link, then reply in the thread it was shared in."""
import logging

from redis import RedisError

from bot import metrics
from bot.fetch import FetchError
from bot.logs import log_context
from bot.queue import is_last_attempt
from bot.runtime import get_ingestor
from handlers import present
from handlers.slack import blocks
from handlers.slack.client import workspace_client

log = logging.getLogger(__name__)


def answer_link(team_id: str, channel: str, thread_ts: str, url: str, shared_by: str | None) -> None:
    with log_context(team=team_id, channel=channel, url=url):
        reply_in_thread(team_id, channel, thread_ts, url, shared_by)


def reply_in_thread(team_id: str, channel: str, thread_ts: str, url: str, shared_by: str | None) -> None:
    client = workspace_client(team_id)
    if client is None:
        log.info("QuoteBot is no longer installed in workspace %s; dropping its link %s", team_id, url)
        return
    try:
        result = get_ingestor().ingest(team_id, url, shared_by)
        reply = dict(text=blocks.ingest_text(result), blocks=blocks.ingest_blocks(result))
    except FetchError as error:
        if not error.permanent and not is_last_attempt():
            raise  # the queue retries it later
        metrics.ARTICLES_FAILED.labels(metrics.failure_reason(error)).inc()
        reply = dict(text=blocks.could_not_read(url, error.reason))
    except Exception as error:
        if isinstance(error, RedisError) and not is_last_attempt():
            raise  # a Redis blip: the queue retries it later
        log.exception("ingest of %s failed", url)
        metrics.ARTICLES_FAILED.labels(metrics.failure_reason(error)).inc()
        reply = dict(text=present.trouble(error, present.SOMETHING_WENT_WRONG))
    client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False, **reply)
    log.info("replied: %s", reply["text"])
