"""Plain-text rendering of the core's answers, for the command line and the demo."""
from bot.ingest import IngestResult, plural
from bot.lookup import LookupResult
from bot.store import StoredQuote


def ingest_text(result: IngestResult) -> str:
    article = result.article
    label = article.title or article.url
    if article.outlet:
        label += f" ({article.outlet})"
    known = " [already in the archive]" if result.already_known else ""
    return f"{label} — {result.summary()}{known}"


def lookup_text(result: LookupResult) -> str:
    if not result.speakers:
        line = f"No quotes from anyone matching “{result.query}”."
        if result.suggestions:
            line += " Did you mean " + " or ".join(result.suggestions) + "?"
        return line
    names = ", ".join(s.name for s in result.speakers)
    lines = [f"{plural(result.total, 'quote')} from {names}:"]
    lines += [quote_text(quote) for quote in result.quotes]
    if len(result.quotes) < result.total:
        lines.append(f"  … and {result.total - len(result.quotes)} older")
    return "\n".join(lines)


def quote_text(quote: StoredQuote) -> str:
    speaker = quote.speaker or "unattributed"
    if quote.role:
        speaker += f", {quote.role}"
    article = quote.article
    source = ", ".join(p for p in (article.title, article.outlet, article.date) if p)
    shared = f", shared by {article.shared_by}" if article.shared_by else ""
    return f"  “{quote.text.strip().rstrip(',')}”\n    — {speaker}\n    {source} <{article.url}>{shared}"
