"""A shared link, the same on every platform: one queued job per workspace, article and message, which
ingests the link and then either asks the queue to try again later or settles what to answer."""
import logging
import re
from dataclasses import dataclass

from redis import RedisError

from bot.fetch import FetchError
from bot.ingest import IngestResult
from bot.queue import is_last_attempt
from bot.runtime import get_ingestor
from bot.store import article_id
from bot.urls import canonical_url
from handlers import present

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LinkAnswer:
    """What to answer for a shared link: its article and quotes, or one line on why there are none."""

    url: str
    result: IngestResult | None = None
    unreadable: str | None = None  # why the link can't be read
    failure: str | None = None  # what went wrong on our side


def link_job_id(team_id: str, url: str, channel: str, message: str) -> str:
    """One job per workspace, article and message: the same share queued twice runs once."""
    job_id = f"link-{team_id}-{article_id(canonical_url(url))}-{channel}-{message}"
    return re.sub(r"[^\w-]", "_", job_id)  # RQ ids take letters, digits, dashes and underscores


def read_shared_link(team_id: str, url: str, shared_by: str | None, shared_in: str | None = None) -> LinkAnswer:
    """Ingest a shared link inside a queued job. Raises when the queue should try again later (the page or the
    store may be back by then); on the last attempt, or for a link that will never be read, answers."""
    try:
        return LinkAnswer(url, result=get_ingestor().ingest(team_id, url, shared_by, shared_in))
    except FetchError as error:
        if not error.permanent and not is_last_attempt():
            raise
        return LinkAnswer(url, unreadable=error.reason)
    except Exception as error:
        if isinstance(error, RedisError) and not is_last_attempt():
            raise
        log.exception("ingest of %s failed", url)
        return LinkAnswer(url, failure=present.trouble(error, present.SOMETHING_WENT_WRONG))
