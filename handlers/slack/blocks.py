"""Slack messages and Block Kit for QuoteBot's answers."""
import re

from redis import RedisError

from bot.ingest import IngestResult, plural
from bot.lookup import LookupResult
from bot.store import StoredArticle, StoredQuote

SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
USAGE = ("Usage: `/quotes NAME` shows what someone was quoted saying, newest first "
         "(any part of the name works: `/quotes pompeo`, `/quotes Mike Pompeo`). "
         "Paste a news link in a channel I'm in and I'll collect its quotes.")
STORE_UNAVAILABLE = "My quote store is unavailable right now. Please try again in a few minutes."
LOOKUP_FAILED = "Something went wrong on my side with that lookup. Please try again."
SOMETHING_WENT_WRONG = "Something went wrong on my side with that link. Please share it again later."


def trouble(error: Exception, otherwise: str) -> str:
    """What to tell a user when handling their request failed: the store is down, or `otherwise`."""
    return STORE_UNAVAILABLE if isinstance(error, RedisError) else otherwise


def escape(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def could_not_read(url: str, reason: str) -> str:
    return f"I couldn't read <{url}>: {reason}"


def article_label(article: StoredArticle) -> str:
    title = escape(article.title or article.url)
    return f"*{title}*" + (f" ({escape(article.outlet)})" if article.outlet else "")


def ingest_text(result: IngestResult) -> str:
    return f"{article_label(result.article)} — {escape(result.summary())}"


def ingest_blocks(result: IngestResult) -> list[dict]:
    blocks = [_section(ingest_text(result))]
    if result.quotes:
        blocks.append(_context("Look one up with `/quotes NAME`."))
    return blocks


def usage_blocks() -> list[dict]:
    return [_section(USAGE)]


def lookup_text(result: LookupResult) -> str:
    if not result.speakers:
        text = f"No quotes from anyone matching “{escape(result.query)}”."
        if result.suggestions:
            text += " Did you mean " + " or ".join(f"*{escape(s)}*" for s in result.suggestions) + "?"
        return text
    names = ", ".join(escape(s.name) for s in result.speakers)
    shown = f", newest {len(result.quotes)} shown" if len(result.quotes) < result.total else ""
    return f"{plural(result.total, 'quote')} from {names}{shown}."


def lookup_blocks(result: LookupResult) -> list[dict]:
    blocks = [_section(lookup_text(result))]
    for quote in result.quotes:
        blocks += [{"type": "divider"}, _section(quote_mrkdwn(quote)), _context(source_mrkdwn(quote))]
    return blocks


def speaker_line(quote: StoredQuote) -> str:
    if not quote.speaker:
        return "unattributed"
    return f"*{escape(quote.speaker)}*" + (f", {escape(quote.role)}" if quote.role else "")


def quote_mrkdwn(quote: StoredQuote) -> str:
    words = escape(quote.text.strip().rstrip(","))
    quoted = "\n".join(f">{line}" for line in f"“{words}”".splitlines())
    return f"{quoted}\n— {speaker_line(quote)}"


def source_mrkdwn(quote: StoredQuote) -> str:
    article = quote.article
    parts = [f"<{article.url}|{escape(article.title or article.url)}>"]
    parts += [escape(p) for p in (article.outlet, article.date) if p]
    if article.shared_by:
        parts.append(f"shared by {sharer(article.shared_by)}")
    if quote.article_count > 1:
        parts.append(f"also in {plural(quote.article_count - 1, 'other article')}")
    return " · ".join(parts)


def sharer(shared_by: str) -> str:
    """A Slack user id as a mention; anyone else (the command line, the demo) by name."""
    return f"<@{shared_by}>" if SLACK_USER_ID.fullmatch(shared_by) else escape(shared_by)


def _section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:3000]}}


def _context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:3000]}]}
