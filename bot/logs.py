"""Log lines for people (text) or for log search (QUOTEBOT_LOG_FORMAT=json: one JSON object per line,
carrying the workspace, channel, URL and job id of whatever the line is about)."""
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

import rq

TEXT_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"

_context: ContextVar[dict] = ContextVar("log_context", default={})


@contextmanager
def log_context(**fields: str | None) -> Iterator[None]:
    """Every line logged inside carries these fields (team, channel, url…) in the JSON format."""
    token = _context.set({**_context.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                 **_context.get()}
        job = rq.get_current_job()
        if job is not None:
            entry["job_id"] = job.id
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: int, log_format: str) -> None:
    """Logs go to stderr, so a command's answer on stdout stays clean."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # libraries' warnings in the same format, not loose lines
