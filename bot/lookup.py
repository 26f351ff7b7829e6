"""Lookups: what a speaker was quoted saying, or who said some words; filtered and in pages.

A query is a name (any part of it, case and accents ignored) or words in quote marks, with filters:
`pompeo since:2024-01-01 until:2024-06-30 outlet:reuters in:#newsroom`, `"abetted by Iranian"`.
"""
import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import date

from bot import metrics
from bot.matching import fold, quote_words
from bot.store import Filters, QuoteStore, Speaker, StoredArticle, StoredQuote, name_words

PAGE_SIZE = 5
# A filter is `name:value`; a value may be quoted. Slack writes a channel as <#C123|name> or <#C123>.
_FILTER = re.compile(r"""(?P<name>since|until|outlet|in):(?P<value>"[^"]*"|“[^”]*”|<#[^>]+>|\S+)""", re.IGNORECASE)
QUOTE_MARKS = "\"“”'‘’«»"


class QueryError(ValueError):
    """A query that can't be run; the message says why, for the user."""


@dataclass(frozen=True)
class Query:
    text: str  # the name or the words looked for
    words: bool = False  # True: "who said these words"; False: a speaker's name
    filters: Filters = field(default_factory=Filters)

    def __str__(self) -> str:
        """The query as a user would type it again (for paging buttons and the CLI)."""
        parts = [f"“{self.text}”" if self.words else self.text]
        for name, value in (("since", self.filters.since), ("until", self.filters.until),
                            ("outlet", self.filters.outlet), ("in", self.filters.channel)):
            if value:
                parts.append(f"{name}:{value}" if " " not in value else f'{name}:"{value}"')
        return " ".join(parts)


@dataclass(frozen=True)
class LookupResult:
    query: Query
    speakers: list[Speaker]  # the speakers matched (empty for a words search)
    quotes: list[StoredQuote]  # this page, newest first
    total: int  # all matching quotes
    page: int = 1
    page_size: int = PAGE_SIZE
    suggestions: list[str] = field(default_factory=list)  # close names, when nothing matched
    total_is_exact: bool = True

    @property
    def pages(self) -> int:
        return page_count(self.total, self.page_size)

    @property
    def first_shown(self) -> int:
        """The position of this page's first quote among all of them, counted from 1."""
        return (self.page - 1) * self.page_size + 1


def parse_query(text: str) -> Query:
    """Read a query typed in a command. Raises QueryError for a malformed filter."""
    filters = dict(read_filter(match["name"], match["value"].strip("\"“”")) for match in _FILTER.finditer(text))
    rest = _FILTER.sub(" ", text).strip()
    words = rest[:1] in QUOTE_MARKS and rest.strip(QUOTE_MARKS + " ")
    query = Query(" ".join(words.split()), True) if words else Query(" ".join(rest.split()))
    return replace(query, filters=Filters(**filters))


def with_filters(query: Query, **options: str | None) -> Query:
    """The query with filters given apart from its text (command-line or command options: since, until, outlet,
    in), checked as typed ones are; they take the place of the same filters typed in the text."""
    given = dict(read_filter(name, value) for name, value in options.items() if value)
    return replace(query, filters=replace(query.filters, **given))


def read_filter(name: str, value: str) -> tuple[str, str]:
    """A filter as typed (`since`, `until`, `outlet`, `in`) as the field of `Filters` it sets, and its value."""
    name = name.lower()
    if name in ("since", "until"):
        try:
            return name, date.fromisoformat(value).isoformat()
        except ValueError:
            raise QueryError(f"`{name}:` takes a date like 2024-03-01, not “{value}”.") from None
    if name == "in":
        return "channel", _channel_id(value)
    return name, value


def _channel_id(value: str) -> str:
    """<#C123|newsroom> and <#C123> give C123; anything else is kept without its leading #."""
    if value.startswith("<#"):
        return value[2:-1].split("|")[0]
    return value.lstrip("#")


def lookup(store: QuoteStore, team_id: str, query: Query | str, page: int = 1, page_size: int = PAGE_SIZE
           ) -> LookupResult:
    """One page of the quotes a query finds, newest first, with the total. A page past the end (quotes may
    have gone since it was offered) shows the last."""
    if isinstance(query, str):
        query = parse_query(query)
    if query.filters.since and query.filters.until and query.filters.since > query.filters.until:
        raise QueryError("`since:` comes after `until:`: no article can be in between.")
    with metrics.LOOKUP_SECONDS.time():
        result = (who_said if query.words else speaker_lookup)(store, team_id, query, max(1, page), page_size)
        if result.page > result.pages:
            result = (who_said if query.words else speaker_lookup)(store, team_id, query, result.pages, page_size)
    metrics.LOOKUPS.labels("found" if result.total else "none").inc()
    return result


def speaker_lookup(store: QuoteStore, team_id: str, query: Query, page: int, page_size: int) -> LookupResult:
    speakers = store.find_speakers(team_id, query.text)
    if not speakers:
        return LookupResult(query, [], [], 0, page, page_size,
                            closest_names(query.text, store.names_near(team_id, query.text)))
    found = store.speaker_page(team_id, speakers, query.filters, (page - 1) * page_size, page_size)
    return LookupResult(query, speakers, _present(store.quotes(team_id, found.quote_ids)), found.total, page,
                        page_size, total_is_exact=found.total_is_exact)


def who_said(store: QuoteStore, team_id: str, query: Query, page: int, page_size: int) -> LookupResult:
    words = quote_words(query.text)
    found = store.word_page(team_id, words, query.filters, (page - 1) * page_size, page_size)
    if found is None:
        raise QueryError("Those words are too common to search by: add a less common word from the quote.")
    return LookupResult(query, [], _present(store.quotes(team_id, found.quote_ids)), found.total, page, page_size,
                        total_is_exact=found.total_is_exact)


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def _present(quotes: list[StoredQuote | None]) -> list[StoredQuote]:
    return [q for q in quotes if q is not None]


def closest_names(query: str, names: list[str], count: int = 3, cutoff: float = 0.6) -> list[str]:
    """Names that look like the query, judged on the whole name and on each of its words."""
    target = " ".join(name_words(query))

    def likeness(form: str) -> float:
        matcher = difflib.SequenceMatcher(None, target, form)
        # the cheap upper bounds rule most forms out before their likeness is worked out (as get_close_matches does)
        if matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff:
            return 0.0
        return matcher.ratio()

    ranked = sorted(((max(map(likeness, [fold(n), *name_words(n)])), n) for n in set(names)), reverse=True)
    return [name for score, name in ranked[:count] if score >= cutoff]


@dataclass(frozen=True)
class Overview:
    """What a workspace has been sharing: the latest articles, the most quoted speakers of the week, and
    the quotes credited to different people in different articles."""

    articles: list[StoredArticle]
    top_speakers: list[tuple[str, int]]
    conflicts: list[StoredQuote]


def overview(store: QuoteStore, team_id: str, count: int = 5) -> Overview:
    conflicts = [q for q in _present(store.quotes(team_id, store.open_conflicts(team_id, 4 * count)))
                 if q.also_attributed_to and not q.hidden][:count]  # not those a correction settled
    return Overview(store.latest_articles(team_id, count), store.most_quoted_since(team_id, 7, count), conflicts)
