"""`/quotes QUERY`: find speakers by any part of their name and return their quotes, newest first, a page at a time."""
import difflib
from dataclasses import dataclass, field

from bot import metrics
from bot.store import QuoteStore, Speaker, StoredQuote, fold, name_words


@dataclass(frozen=True)
class LookupResult:
    query: str
    speakers: list[Speaker]
    quotes: list[StoredQuote]  # this page's quotes, newest first
    total: int  # all quotes of the matched speakers
    suggestions: list[str] = field(default_factory=list)  # close names, when nothing matched
    page: int = 1  # counted from 1
    page_size: int = 10

    @property
    def pages(self) -> int:
        return page_count(self.total, self.page_size)

    @property
    def first_shown(self) -> int:
        """The position of this page's first quote among all of them, counted from 1."""
        return (self.page - 1) * self.page_size + 1


def lookup(store: QuoteStore, team_id: str, query: str, page: int = 1, page_size: int = 10) -> LookupResult:
    """The quotes on `page`; a page past the end (quotes may have gone since it was offered) shows the last."""
    with metrics.LOOKUP_SECONDS.time():
        speakers = store.find_speakers(team_id, query)
        metrics.LOOKUPS.labels("found" if speakers else "none").inc()
        if not speakers:
            suggestions = closest_names(query, store.names_near(team_id, query))
            return LookupResult(query, [], [], 0, suggestions, page_size=page_size)
        total = sum(s.quote_count for s in speakers)
        page = min(max(page, 1), page_count(total, page_size))
        quotes = store.quotes_by(team_id, speakers, (page - 1) * page_size, page_size)
        return LookupResult(query, speakers, quotes, total, page=page, page_size=page_size)


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def closest_names(query: str, names: list[str], count: int = 3) -> list[str]:
    """Names that look like the query, judged on the whole name and on each of its words."""
    target = " ".join(name_words(query))

    def likeness(name: str) -> float:
        candidates = [fold(name)] + name_words(name)
        return max(difflib.SequenceMatcher(None, target, c).ratio() for c in candidates)

    ranked = sorted(((likeness(n), n) for n in set(names)), reverse=True)
    return [name for score, name in ranked[:count] if score >= 0.6]
