"""`/quotes QUERY`: find speakers by any part of their name and return their newest quotes."""
import difflib
from dataclasses import dataclass, field

from bot import metrics
from bot.store import QuoteStore, Speaker, StoredQuote, fold, name_words


@dataclass(frozen=True)
class LookupResult:
    query: str
    speakers: list[Speaker]
    quotes: list[StoredQuote]  # newest first, at most the limit asked for
    total: int  # all quotes of the matched speakers
    suggestions: list[str] = field(default_factory=list)  # close names, when nothing matched


def lookup(store: QuoteStore, team_id: str, query: str, limit: int = 10) -> LookupResult:
    with metrics.LOOKUP_SECONDS.time():
        speakers = store.find_speakers(team_id, query)
        metrics.LOOKUPS.labels("found" if speakers else "none").inc()
        if not speakers:
            return LookupResult(query, [], [], 0, closest_names(query, store.names_near(team_id, query)))
        quotes = store.quotes_by(team_id, speakers, limit)
        return LookupResult(query, speakers, quotes, sum(s.quote_count for s in speakers))


def closest_names(query: str, names: list[str], count: int = 3) -> list[str]:
    """Names that look like the query, judged on the whole name and on each of its words."""
    target = " ".join(name_words(query))

    def likeness(name: str) -> float:
        candidates = [fold(name)] + name_words(name)
        return max(difflib.SequenceMatcher(None, target, c).ratio() for c in candidates)

    ranked = sorted(((likeness(n), n) for n in set(names)), reverse=True)
    return [name for score, name in ranked[:count] if score >= 0.6]
