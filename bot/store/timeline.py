"""A speaker's timeline: packed TIMELINE_ENTRY records, one per quote and article it ran in, kept in a hash by
span (the article's minute // SPAN_MINUTES), appended as they come. A page of the newest quotes reads the newest
spans alone; within what was read, the newest quotes are found without sorting all of it."""
import numpy as np

from bot.store.records import sorted_distinct

SPAN_MINUTES = 1 << 17  # about three months: a decade of news is some forty spans
PLACE_BITS = 10  # places in an article told apart when ordering: its first 1,023 quotes
QUOTE_BITS = 27  # quote numbers beyond this only lose their part in ordering quotes of the same minute and place


def order_keys(entries: np.ndarray) -> np.ndarray:
    """One distinct integer per entry, larger for newer: the article's minute, then the quote's place in it
    (earlier first), then the quote number (lower first), so that pages cut the same way every time."""
    last_place, last_quote = (1 << PLACE_BITS) - 1, (1 << QUOTE_BITS) - 1
    place = last_place - np.minimum(entries["place"], last_place).astype(np.int64)
    quote = last_quote - (entries["quote"].astype(np.int64) & last_quote)
    return (entries["minute"].astype(np.int64) << (PLACE_BITS + QUOTE_BITS)) | (place << QUOTE_BITS) | quote


def by_span(entries: np.ndarray) -> dict[int, bytes]:
    """Entries packed per span they fall in."""
    spans = entries["minute"] // SPAN_MINUTES
    return {span: entries[spans == span].tobytes() for span in set(spans.tolist())}


def spans_between(low_minute: int, high_minute: int) -> tuple[int, int]:
    """The first and last span holding minutes in this range."""
    return low_minute // SPAN_MINUTES, high_minute // SPAN_MINUTES


def newest_quotes(entries: np.ndarray, wanted: int) -> list[int]:
    """The `wanted` newest different quotes: the newest entries are picked out and sorted, taking more
    when a quote's several articles leave too few different quotes among them."""
    keys, quotes = order_keys(entries), entries["quote"]
    take = min(len(keys), 2 * wanted + 16)
    while True:
        top = np.argpartition(keys, len(keys) - take)[len(keys) - take:] if take < len(keys) else np.arange(take)
        found = list(dict.fromkeys(quotes[top[np.argsort(-keys[top])]].tolist()))
        if len(found) >= wanted or take == len(keys):
            return found[:wanted]
        take = min(len(keys), 4 * take)


def distinct_count(quotes: np.ndarray) -> int:
    if not len(quotes):
        return 0
    if 32 * len(quotes) < int(quotes.max()):  # a few numbers among many: sorting them costs less than marking
        return len(sorted_distinct(quotes))
    seen = np.zeros(int(quotes.max()) + 1, dtype=bool)
    seen[quotes] = True
    return int(seen.sum())
