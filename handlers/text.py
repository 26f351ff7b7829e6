"""Plain-text layout of QuoteBot's answers, for the command line and the demo."""
from bot.ingest import IngestResult
from bot.lookup import LookupResult
from bot.store import StoredQuote
from handlers import present
from handlers.commands import CorrectionList

PLAIN = present.PlainText()


def ingest_text(result: IngestResult) -> str:
    known = " [already in the archive]" if result.already_known else ""
    return "\n".join([present.ingest_line(result, PLAIN) + known] + present.article_notes(result, PLAIN))


def lookup_text(result: LookupResult) -> str:
    lines = [present.lookup_headline(result, PLAIN)] + [quote_text(quote) for quote in result.quotes]
    return "\n".join(lines + ([present.page_indicator(result)] if result.pages > 1 else []))


def quote_text(quote: StoredQuote) -> str:
    lines = [f"  “{present.quote_words(quote)}”", f"    — {present.speaker_line(quote, PLAIN)}",
             f"    {present.SEPARATOR.join(present.source_parts(quote, PLAIN))}"]
    return "\n".join(lines + [f"    {note}" for note in present.quote_notes(quote, PLAIN)])


def corrections_text(listing: CorrectionList) -> str:
    return "\n".join([present.corrections_heading(len(listing.entries))]
                     + [present.correction_line(c, q, PLAIN) for c, q in listing.entries])
