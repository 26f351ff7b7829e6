"""Exporting quotes: one row per quote and article it ran in, as CSV or JSON lines."""
import csv
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from bot.lookup import Query, lookup
from bot.store import QuoteStore, StoredQuote

COLUMNS = ["speaker", "role", "quote", "url", "title", "outlet", "date", "shared_by", "conflicts", "correction",
           "speaker_as_written", "confidence"]
FORMATS = ("csv", "jsonl")
BATCH = 100


def quotes_to_export(store: QuoteStore, team_id: str, query: Query | None) -> Iterator[StoredQuote]:
    """What a query finds, page by page; without a query, every quote of the workspace."""
    if query is None:
        yield from store.all_quotes(team_id)
        return
    page = 1
    while True:
        result = lookup(store, team_id, query, page=page, page_size=BATCH)
        yield from result.quotes
        if page >= result.pages:
            return
        page += 1


def rows(quotes: Iterable[StoredQuote]) -> Iterator[dict]:
    for quote in quotes:
        conflicts = "; ".join(f"{other.speaker or 'unattributed'} ({', '.join(a.url for a in other.articles)})"
                              for other in quote.also_attributed_to)
        correction = quote.correction
        fixed = (f"{correction.before or 'unattributed'} -> {correction.after or 'not a quote'} by "
                 f"{correction.by}" if correction else "")
        for article in quote.articles:
            yield {"speaker": quote.speaker or "", "role": quote.role or "", "quote": quote.text, "url": article.url,
                   "title": article.title or "", "outlet": article.outlet or "", "date": article.day,
                   "shared_by": article.shared_by or "", "conflicts": conflicts, "correction": fixed,
                   "speaker_as_written": quote.speaker_as_written or "",
                   "confidence": "" if quote.confidence is None else quote.confidence}


def write(quotes: Iterable[StoredQuote], out: TextIO, form: str) -> int:
    """Write the rows of these quotes in `form` ("csv" or "jsonl"); returns how many rows."""
    count = 0
    if form == "csv":
        writer = csv.DictWriter(out, COLUMNS)
        writer.writeheader()
        for row in rows(quotes):
            writer.writerow(row)
            count += 1
    else:
        for row in rows(quotes):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
