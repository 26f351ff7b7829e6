"""Plain-text layout of QuoteBot's answers, for the command line and the demo."""
from bot.ingest import IngestResult
from bot.lookup import LookupResult
from bot.store import StoredQuote
from handlers import present

PLAIN = present.PlainText()


def ingest_text(result: IngestResult) -> str:
    known = " [already in the archive]" if result.already_known else ""
    return present.ingest_line(result, PLAIN) + known


def lookup_text(result: LookupResult) -> str:
    return "\n".join([present.lookup_headline(result, PLAIN)] + [quote_text(quote) for quote in result.quotes])


def quote_text(quote: StoredQuote) -> str:
    source = present.SEPARATOR.join(present.source_parts(quote, PLAIN))
    return f"  “{present.quote_words(quote)}”\n    — {present.speaker_line(quote, PLAIN)}\n    {source}"
