"""What the store keeps and gives back: articles, quotes with their provenance, speakers, corrections;
their JSON records in Redis; and the helpers that name speakers and date articles."""
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import numpy as np

from bot import matching
from bot.matching import fold
from bot.models import SpeakerKind

DAY_SECONDS = 86400
# A speaker's timeline (timeline.py): one entry per quote and article it ran in, appended as they come. Packed
# (14 bytes an entry) rather than in sorted sets (about 80 bytes a member once a set is large), and filtered,
# ordered and counted with numpy when read.
TIMELINE_ENTRY = np.dtype([("minute", "<u4"), ("place", "<u2"), ("source", "<u4"), ("quote", "<u4")])


def name_words(name: str) -> list[str]:
    return re.findall(r"\w+", fold(name))


def name_matches(query: str, name: str) -> bool:
    """Whether every word of the query starts a word of the name, as lookups match names and outlets."""
    words = name_words(name)
    return all(any(w.startswith(q) for w in words) for q in name_words(query))


def searchable_words(name: str) -> list[str]:
    """The words a lookup may match: not a possessor ("Trump's spokesman" must not answer "trump")."""
    return name_words(re.sub(r"\w+['’]s\b", " ", name))


def speaker_id(name: str) -> str:
    return " ".join(name_words(name))


def same_speaker(a: str | None, b: str | None) -> bool:
    """The same person or body, written in full in one article and shorter in another ("Pompeo" and
    "Mike Pompeo"): one name's words contain the other's."""
    if not a or not b:
        return False
    words_a, words_b = set(name_words(a)), set(name_words(b))
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def source_name(outlet: str | None, channel: str | None) -> str:
    """A source, as the sources hash names it: an outlet and the channel an article was shared in."""
    return f"{outlet or ''}\x1f{channel or ''}"


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def article_time(article_date: str | None, shared_at: float) -> int:
    """Articles are ordered by publication date when known, else by when they were shared."""
    if article_date:
        try:
            return int(datetime.combine(date.fromisoformat(article_date[:10]), datetime.min.time(),
                                        tzinfo=timezone.utc).timestamp())
        except ValueError:
            pass
    return int(shared_at)


@dataclass(frozen=True)
class Share:
    """Who shared an article, when, and where: the channel, and a link to the message if there is one. `via` is
    "share" for a link someone shared, "feed" for an article found in a watched feed (`by` names the feed)."""

    by: str | None = None
    at: float | None = None
    channel: str | None = None
    link: str | None = None
    via: str = "share"


@dataclass(frozen=True)
class StoredArticle:
    id: str
    url: str
    title: str | None
    outlet: str | None
    date: str | None
    author: str | None
    shared_by: str | None
    shared_at: float
    channel: str | None = None
    shared_in: str | None = None  # a link to the message it was shared in
    quote_ids: tuple[str, ...] = ()
    via: str = "share"  # or "feed": found in a watched feed, which `shared_by` names ("feed: <title>")

    @property
    def time(self) -> int:
        return article_time(self.date, self.shared_at)

    @property
    def day(self) -> str:
        """The publication date, or the day it was shared when the page gives none."""
        return self.date or datetime.fromtimestamp(self.shared_at, timezone.utc).date().isoformat()


@dataclass(frozen=True)
class Correction:
    id: str
    quote_id: str
    kind: str  # "speaker" (moved to another speaker) or "not_quote" (hidden)
    by: str
    at: float
    before: str | None  # the speaker before
    after: str | None  # the speaker after; None when hidden
    reverted_by: str | None = None
    reverted_at: float | None = None

    @property
    def active(self) -> bool:
        return self.reverted_at is None


@dataclass(frozen=True)
class OtherCredit:
    """The same words credited to someone else, and where."""

    speaker: str | None
    quote_id: str
    articles: list[StoredArticle]


@dataclass(frozen=True)
class Variant:
    """The same speaker's words worded differently elsewhere: a possible misquote."""

    text: str
    quote_id: str
    articles: list[StoredArticle]
    changes: list[matching.Change]  # from this quote's wording to the variant's


@dataclass(frozen=True)
class StoredQuote:
    id: str
    text: str
    speaker: str | None
    role: str | None
    speaker_kind: SpeakerKind | None
    articles: list[StoredArticle]  # every article it ran in, oldest first
    also_attributed_to: list[OtherCredit] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    correction: Correction | None = None
    hidden: bool = False
    attribution: str | None = None  # how the speaker was found (bot.models.Quote.attribution)
    # with no speaker: the words the article named them by ("he"), when it named them too unclearly to say who,
    # and how sure the extractor was of the best guess it did not name
    speaker_as_written: str | None = None
    confidence: float | None = None

    @property
    def unclear(self) -> bool:
        return not self.speaker and bool(self.speaker_as_written)

    @property
    def article(self) -> StoredArticle:
        """The newest article it ran in."""
        return self.articles[-1]

    @property
    def first_seen(self) -> StoredArticle:
        return self.articles[0]

    @property
    def article_count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    role: str | None
    kind: SpeakerKind | None
    quote_count: int


@dataclass(frozen=True)
class Filters:
    """Narrowing a lookup: article dates (inclusive, YYYY-MM-DD), outlet names, one channel."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    channel: str | None = None

    @property
    def time_range(self) -> tuple[int, int]:
        """The first and last second of the dates asked for."""
        low = article_time(self.since, 0) if self.since else 0
        high = article_time(self.until, 0) + DAY_SECONDS - 1 if self.until else (1 << 32) * 60
        return low, high

    @property
    def by_source(self) -> bool:
        return bool(self.outlet or self.channel)

    def admits(self, article: StoredArticle, outlets: set[str] | None) -> bool:
        low, high = self.time_range
        return (low <= article.time <= high and (outlets is None or (article.outlet or "") in outlets)
                and (not self.channel or article.channel == self.channel))


@dataclass(frozen=True)
class Page:
    quote_ids: list[str]
    total: int
    total_is_exact: bool = True


def pack(number: int) -> bytes:
    return int(number).to_bytes(4, "little")


def unpack(packed: bytes | None) -> np.ndarray:
    return np.frombuffer(packed or b"", dtype="<u4")


def sorted_distinct(numbers: np.ndarray) -> np.ndarray:
    """The numbers in order, once each: sorted (unless they already are) and compared with their neighbours, many
    times faster than numpy's unique() on large arrays of numbers."""
    if len(numbers) < 2:
        return numbers
    ordered = numbers if np.all(numbers[1:] >= numbers[:-1]) else np.sort(numbers)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def decode(value: bytes | None) -> dict | None:
    return json.loads(value) if value else None


def text_of(value: bytes | None) -> str | None:
    return value.decode() if value else None


KIND_CODES = {SpeakerKind.PERSON: "p", SpeakerKind.ORGANISATION: "o", SpeakerKind.GROUP: "g"}
KINDS = {code: kind for kind, code in KIND_CODES.items()}


def kind_code(kind: SpeakerKind | None) -> str | None:
    """A speaker's kind in one letter, as records keep it (they are many)."""
    return KIND_CODES[kind] if kind else None


def kind_of(code: str | bytes | None) -> SpeakerKind | None:
    if isinstance(code, bytes):
        code = code.decode()
    return KINDS[code] if code else None


def article_record(article: StoredArticle) -> dict:
    fields = {"url": article.url, "title": article.title, "outlet": article.outlet,
              "date": article.date, "author": article.author, "shared_by": article.shared_by,
              "shared_at": article.shared_at, "channel": article.channel, "shared_in": article.shared_in,
              "quote_ids": list(article.quote_ids), "via": article.via if article.via != "share" else None}
    return {k: v for k, v in fields.items() if v not in (None, [])}


def parse_article(aid: str, record: dict) -> StoredArticle:
    return StoredArticle(id=aid, url=record["url"], title=record.get("title"), outlet=record.get("outlet"),
                         date=record.get("date"), author=record.get("author"), shared_by=record.get("shared_by"),
                         shared_at=record.get("shared_at", 0), channel=record.get("channel"),
                         shared_in=record.get("shared_in"), quote_ids=tuple(record.get("quote_ids", ())),
                         via=record.get("via", "share"))


# A quote's JSON record, in short keys (there are millions): "t" its text, "a" the ids of the articles it ran in,
# "s" its speaker, "k" the speaker's kind, "r" role, "m" how the speaker was found; with no speaker, "w" the words
# naming them too unclearly to say who and "p" the confidence of the guess not named; "c" and "v" the quotes it
# conflicts with or rewords, "x" its correction's id, "h" hidden (not a quote).
def stored_quote(qid: str, records: dict[str, dict], articles: dict[str, StoredArticle],
                  corrections: dict[str, Correction]) -> StoredQuote:
    record = records[qid]
    def by_time(linked: dict) -> list[StoredArticle]:
        return sorted((articles[a] for a in linked["a"] if a in articles), key=lambda a: (a.time, a.shared_at))

    def shown(kind: str, same: bool) -> list[str]:
        """Linked quotes still shown, whose speaker still differs from this one's (a conflict) or is still the
        same (a rewording): a correction may have settled a conflict, or moved a rewording to someone else."""
        return [o for o in record.get(kind, []) if records.get(o) and not records[o].get("h")
                and same_speaker(records[o].get("s"), record.get("s")) == same]

    words = matching.quote_words(record["t"])
    others = [OtherCredit(records[o].get("s"), o, by_time(records[o])) for o in shown("c", same=False)]
    variants = [Variant(records[o]["t"], o, by_time(records[o]),
                        matching.rewording(words, matching.quote_words(records[o]["t"])) or [])
                for o in shown("v", same=True)]
    return StoredQuote(qid, record["t"], record.get("s"), record.get("r"), kind_of(record.get("k")), by_time(record),
                       others, variants, corrections.get(record.get("x", "")), bool(record.get("h")),
                       record.get("m"), record.get("w"), record.get("p"))
