"""The quote store: one narrow interface over Redis, every key name defined in `Keys`.

Data model, per workspace (a Slack team id, or `discord:<guild id>` for a Discord server: Slack team ids never
contain a colon, so the two never collide):
- an article is keyed by its canonical URL and keeps its metadata and the ids of its quotes, in order;
- a quote is stored once per (normalised text, speaker) with every article it appeared in;
- a speaker keeps its display name, role and kind, and its quotes ordered newest first;
- a name index (sorted set read by lexical range) finds speakers by any word of their name, or its prefix;
- per channel, how the bot answers links shared there (front ends that offer a choice);
- the workspace's installation, where the platform installs apps per workspace (Slack's OAuth).

Purging a workspace deletes all of it but the installation, whatever the platform.

Every key of a workspace carries the workspace as a hash tag (`{T123}`), so multi-key operations stay in
one cluster slot.
"""
import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone

import redis

from bot.models import Article, Quote, SpeakerKind


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for matching names and de-duplicating quotes."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_words(name: str) -> list[str]:
    return re.findall(r"\w+", fold(name))


def searchable_words(name: str) -> list[str]:
    """The words a lookup may match: not a possessor ("Trump's spokesman" must not answer "trump")."""
    return name_words(re.sub(r"\w+['’]s\b", " ", name))


def speaker_id(name: str) -> str:
    return " ".join(name_words(name))


def normalised_quote(text: str) -> str:
    """Two quotes are the same when they differ only in case, accents, quote-mark style or spacing."""
    return " ".join(re.findall(r"\w+", fold(text)))


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()[:16]


def quote_id(text: str, speaker: str | None) -> str:
    return _digest(normalised_quote(text), speaker_id(speaker or ""))


def article_id(url: str) -> str:
    return _digest(url)


class Keys:
    """Every Redis key the store uses."""

    def __init__(self, team_id: str):
        tag = re.sub(r"[{}]", "", team_id)
        self.prefix = f"qb:{{{tag}}}"

    def article(self, aid: str) -> str:  # hash: url, title, outlet, date, author, shared_by, shared_in, shared_at
        return f"{self.prefix}:article:{aid}"

    def article_quotes(self, aid: str) -> str:  # list of quote ids in article order
        return f"{self.prefix}:article:{aid}:quotes"

    def quote(self, qid: str) -> str:  # hash: text, speaker, role, kind
        return f"{self.prefix}:quote:{qid}"

    def quote_articles(self, qid: str) -> str:  # sorted set of article ids, scored by article time
        return f"{self.prefix}:quote:{qid}:articles"

    def speaker(self, sid: str) -> str:  # hash: name, role, kind
        return f"{self.prefix}:speaker:{sid}"

    def speaker_quotes(self, sid: str) -> str:  # sorted set of quote ids, scored by newest article time
        return f"{self.prefix}:speaker:{sid}:quotes"

    def speakers(self) -> str:  # hash: speaker id -> display name
        return f"{self.prefix}:speakers"

    def name_index(self) -> str:  # sorted set, all scores 0, members "word\x00speaker id"
        return f"{self.prefix}:names"

    def article_lock(self, aid: str) -> str:  # held while one worker fetches an article
        return f"{self.prefix}:article:{aid}:lock"

    def event(self, event_id: str) -> str:  # marker that an event was already handled
        return f"{self.prefix}:event:{event_id}"

    def channel_modes(self) -> str:  # hash: channel id -> how shared links are answered there
        return f"{self.prefix}:channel-modes"

    def installation(self) -> str:  # hash: the workspace's bot installation (token, ids, scopes, expiry)
        return f"{self.prefix}:installation"

    def installation_lock(self) -> str:  # held while one process rotates the workspace's bot token
        return f"{self.prefix}:installation:lock"

    def everything(self) -> str:  # SCAN pattern matching every key of the workspace
        return re.sub(r"([*?\[\]\\])", r"\\\1", self.prefix) + ":*"

    @staticmethod
    def oauth_state(state: str) -> str:  # string, expiring: an OAuth state issued and not yet used
        return f"qb:oauth-state:{state}"


@dataclass(frozen=True)
class StoredArticle:
    url: str
    title: str | None
    outlet: str | None
    date: str | None
    author: str | None
    shared_by: str | None
    shared_at: float
    shared_in: str | None = None  # a link to the message it was shared in, where the platform has one


@dataclass(frozen=True)
class StoredQuote:
    text: str
    speaker: str | None
    role: str | None
    speaker_kind: SpeakerKind | None
    article: StoredArticle  # the newest article the quote appeared in
    article_count: int = 1


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    role: str | None
    kind: SpeakerKind | None
    quote_count: int


def article_time(article_date: str | None, shared_at: float) -> float:
    """Newest-first ordering uses the publication date when known, else when it was shared."""
    if article_date:
        try:
            return datetime.combine(date.fromisoformat(article_date[:10]), datetime.min.time(),
                                    tzinfo=timezone.utc).timestamp()
        except ValueError:
            pass
    return shared_at


def _text(value: bytes | None) -> str | None:
    return value.decode() if value else None


def _kind(value: bytes | None) -> SpeakerKind | None:
    return SpeakerKind(value.decode()) if value else None


class QuoteStore:
    def __init__(self, client: redis.Redis):
        self.redis = client

    # Articles

    def get_article(self, team_id: str, url: str) -> tuple[StoredArticle, list[StoredQuote]] | None:
        keys, aid = Keys(team_id), article_id(url)
        fields = self.redis.hgetall(keys.article(aid))
        if not fields:
            return None
        article = self._article(fields)
        qids = [q.decode() for q in self.redis.lrange(keys.article_quotes(aid), 0, -1)]
        pipe = self.redis.pipeline(transaction=False)
        for qid in qids:
            pipe.hgetall(keys.quote(qid))
        return article, [self._quote(fields, article) for fields in pipe.execute() if fields]

    def save_article(self, team_id: str, article: Article, quotes: list[Quote], shared_by: str | None,
                     shared_at: float | None = None, shared_in: str | None = None) -> StoredArticle:
        keys, aid = Keys(team_id), article_id(article.url)
        shared_at = shared_at or time.time()
        score = article_time(article.date, shared_at)
        stored = StoredArticle(url=article.url, title=article.title, outlet=article.outlet, date=article.date,
                               author=article.author, shared_by=shared_by, shared_at=shared_at, shared_in=shared_in)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(keys.article(aid), mapping={k: v for k, v in vars(stored).items() if v is not None})
        pipe.delete(keys.article_quotes(aid))
        seen: set[str] = set()
        for position, quote in enumerate(quotes):
            qid = quote_id(quote.text, quote.speaker)
            if qid in seen:  # the same words by the same speaker twice in one article count once
                continue
            seen.add(qid)
            pipe.rpush(keys.article_quotes(aid), qid)
            pipe.hset(keys.quote(qid), mapping=self._quote_fields(quote))
            pipe.zadd(keys.quote_articles(qid), {aid: score})
            if quote.speaker:
                self._index_speaker(pipe, keys, quote)
                # Within one article, earlier quotes rank first; GT: a quote seen again in an older
                # article keeps its newest date.
                pipe.zadd(keys.speaker_quotes(speaker_id(quote.speaker)), {qid: score - position * 1e-3},
                          gt=True)
        pipe.execute()
        return stored

    @staticmethod
    def _quote_fields(quote: Quote) -> dict:
        fields = {"text": quote.text, "speaker": quote.speaker, "role": quote.role,
                  "kind": quote.speaker_kind.value if quote.speaker_kind else None}
        return {k: v for k, v in fields.items() if v}

    @staticmethod
    def _index_speaker(pipe, keys: Keys, quote: Quote) -> None:
        sid = speaker_id(quote.speaker)
        fields = {"name": quote.speaker, "kind": quote.speaker_kind.value if quote.speaker_kind else ""}
        if quote.role:
            fields["role"] = quote.role
        pipe.hset(keys.speaker(sid), mapping=fields)
        pipe.hset(keys.speakers(), sid, quote.speaker)
        words = searchable_words(quote.speaker)
        if words:  # a bare possessive ("Smith's") has nothing to be found by
            pipe.zadd(keys.name_index(), {f"{word}\x00{sid}": 0 for word in words})

    def article_lock(self, team_id: str, url: str, seconds: float) -> redis.lock.Lock:
        """Held while an article is fetched, so the same link shared many times at once is fetched once."""
        return self.redis.lock(Keys(team_id).article_lock(article_id(url)), timeout=seconds,
                               blocking_timeout=seconds)

    # Speakers and their quotes

    def find_speakers(self, team_id: str, query: str) -> list[Speaker]:
        """Speakers whose name has, for every word of the query, a word starting with it."""
        keys, words = Keys(team_id), name_words(query)
        if not words:
            return []
        matches: set[str] | None = None
        for word in words:
            members = self.redis.zrangebylex(keys.name_index(), f"[{word}", f"[{word}\xff")
            found = {m.decode().split("\x00", 1)[1] for m in members}
            matches = found if matches is None else matches & found
        return self._speakers(keys, sorted(matches or ()))

    def names_near(self, team_id: str, query: str, per_word: int = 50) -> list[str]:
        """Speaker names with a word next to a query word in alphabetical order: the candidates for
        "did you mean", found without reading every name (a typo after the first letters stays near)."""
        keys = Keys(team_id)
        pipe = self.redis.pipeline(transaction=False)
        for word in name_words(query):
            pipe.zrangebylex(keys.name_index(), f"[{word}", "+", start=0, num=per_word)
            pipe.zrevrangebylex(keys.name_index(), f"({word}", "-", start=0, num=per_word)
        sids = {member.decode().split("\x00", 1)[1] for members in pipe.execute() for member in members}
        if not sids:
            return []
        return [name.decode() for name in self.redis.hmget(keys.speakers(), sorted(sids)) if name]

    def _speakers(self, keys: Keys, sids: list[str]) -> list[Speaker]:
        pipe = self.redis.pipeline(transaction=False)
        for sid in sids:
            pipe.hgetall(keys.speaker(sid))
            pipe.zcard(keys.speaker_quotes(sid))
        replies = pipe.execute()
        return [Speaker(id=sid, name=fields[b"name"].decode(), role=_text(fields.get(b"role")),
                        kind=_kind(fields.get(b"kind")), quote_count=count)
                for sid, fields, count in zip(sids, replies[::2], replies[1::2]) if fields]

    def quotes_by(self, team_id: str, speakers: list[Speaker], offset: int, count: int) -> list[StoredQuote]:
        """`count` quotes of these speakers, newest first, skipping the `offset` newest."""
        keys = Keys(team_id)
        pipe = self.redis.pipeline(transaction=False)
        for speaker in speakers:  # a speaker's quotes on this page are among its offset + count newest
            pipe.zrevrange(keys.speaker_quotes(speaker.id), 0, offset + count - 1, withscores=True)
        newest = sorted(((score, qid.decode()) for ranked in pipe.execute() for qid, score in ranked),
                        reverse=True)[offset:offset + count]
        for _, qid in newest:
            pipe.hgetall(keys.quote(qid))
            pipe.zrevrange(keys.quote_articles(qid), 0, 0)
            pipe.zcard(keys.quote_articles(qid))
        replies = pipe.execute()
        article_ids = [ids[0].decode() for ids in replies[1::3]]
        for aid in article_ids:
            pipe.hgetall(keys.article(aid))
        articles = [self._article(fields) for fields in pipe.execute()]
        return [self._quote(fields, article, count)
                for fields, article, count in zip(replies[::3], articles, replies[2::3])]

    # Events

    def claim_event(self, team_id: str, event_id: str, ttl_seconds: int = 3600) -> bool:
        """True the first time an event id is seen; False when the same event comes again (Slack's retries,
        a message the Discord Gateway delivers again after a resume)."""
        return bool(self.redis.set(Keys(team_id).event(event_id), 1, nx=True, ex=ttl_seconds))

    # Channels

    def channel_mode(self, team_id: str, channel: str) -> str | None:
        """How links shared in this channel are answered, when someone chose."""
        return _text(self.redis.hget(Keys(team_id).channel_modes(), channel))

    def set_channel_mode(self, team_id: str, channel: str, mode: str) -> None:
        self.redis.hset(Keys(team_id).channel_modes(), channel, mode)

    # Workspaces

    def purge_workspace(self, team_id: str, batch: int = 500) -> int:
        """Delete everything stored for a workspace but its installation; returns how many keys went."""
        keys = Keys(team_id)
        kept = {keys.installation().encode(), keys.installation_lock().encode()}
        removed, doomed = 0, []
        for key in self.redis.scan_iter(match=keys.everything(), count=batch):
            if key not in kept:
                doomed.append(key)
            if len(doomed) >= batch:
                removed, doomed = removed + self.redis.unlink(*doomed), []
        return removed + (self.redis.unlink(*doomed) if doomed else 0)

    # Decoding

    @staticmethod
    def _article(fields: dict) -> StoredArticle:
        get = lambda name: _text(fields.get(name.encode()))  # noqa: E731
        return StoredArticle(url=get("url"), title=get("title"), outlet=get("outlet"), date=get("date"),
                             author=get("author"), shared_by=get("shared_by"),
                             shared_at=float(get("shared_at") or 0), shared_in=get("shared_in"))

    @staticmethod
    def _quote(fields: dict, article: StoredArticle, article_count: int = 1) -> StoredQuote:
        return StoredQuote(text=fields[b"text"].decode(), speaker=_text(fields.get(b"speaker")),
                           role=_text(fields.get(b"role")), speaker_kind=_kind(fields.get(b"kind")),
                           article=article, article_count=article_count)
