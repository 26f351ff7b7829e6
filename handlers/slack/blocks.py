"""Slack's layout of QuoteBot's answers: mrkdwn and Block Kit around the sentences of `handlers.present`."""
import re

from bot.ingest import IngestResult
from bot.lookup import LookupResult
from bot.store import StoredQuote
from handlers import present

SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


def escape(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SlackMarkup:
    text = staticmethod(escape)

    @staticmethod
    def bold(words: str) -> str:
        return f"*{words}*"

    @staticmethod
    def link(label: str, url: str) -> str:
        return f"<{url}|{label}>"

    @staticmethod
    def person(user: str) -> str:
        """A Slack user id as a mention; anyone else (the command line, the demo) by name."""
        return f"<@{user}>" if SLACK_USER_ID.fullmatch(user) else escape(user)


MRKDWN = SlackMarkup()


def ingest_text(result: IngestResult) -> str:
    return present.ingest_line(result, MRKDWN)


def ingest_blocks(result: IngestResult) -> list[dict]:
    blocks = [_section(ingest_text(result))]
    if result.quotes:
        blocks.append(_context(present.LOOKUP_HINT))
    return blocks


def usage_blocks() -> list[dict]:
    return [_section(present.USAGE)]


def lookup_text(result: LookupResult) -> str:
    return present.lookup_headline(result, MRKDWN)


def lookup_blocks(result: LookupResult) -> list[dict]:
    blocks = [_section(lookup_text(result))]
    for quote in result.quotes:
        blocks += [{"type": "divider"}, _section(quote_mrkdwn(quote)), _context(source_mrkdwn(quote))]
    return blocks


def quote_mrkdwn(quote: StoredQuote) -> str:
    quoted = "\n".join(f">{line}" for line in f"“{escape(present.quote_words(quote))}”".splitlines())
    return f"{quoted}\n— {present.speaker_line(quote, MRKDWN)}"


def source_mrkdwn(quote: StoredQuote) -> str:
    return present.SEPARATOR.join(present.source_parts(quote, MRKDWN))


def _section(mrkdwn: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn[:3000]}}


def _context(mrkdwn: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": mrkdwn[:3000]}]}
