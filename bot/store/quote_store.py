"""QuoteStore: the one interface the rest of QuoteBot has to the quotes kept in Redis."""
import base64
import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import replace
from datetime import date, datetime, timezone

import numpy as np
import redis
from redis.cluster import RedisCluster
from redis.exceptions import LockError, LockNotOwnedError

from bot import matching
from bot.models import Article, Quote
from bot.store import word_lists
from bot.store.batch import Batch, generation_of
from bot.store.keys import Keys, bucket
from bot.store.migration import upgrade
from bot.store.records import (TIMELINE_ENTRY, Correction, Filters, Page, Share, Speaker, StoredArticle,
                               StoredQuote, article_id, decode, kind_of, name_matches, name_words, parse_article,
                               speaker_id, stored_quote, text_of, unpack)
from bot.store.timeline import distinct_count, newest_quotes, spans_between
from bot.store.writes import Writes, distinct, reserve

MAX_COUNTED_BYTES = 256_000  # of timelines read to count a filtered lookup; beyond, the rest is estimated
FIRST_READ_BYTES = 64_000  # of timelines read at first for a page; each further read is twice as large
MAX_WORD_CANDIDATES = 1000  # quotes checked for a word search; beyond, the total is a lower bound
# A word list is read to narrow a search further while it is no longer than this per candidate it may rule out:
# reading that much costs about what reading a candidate's record does.
LIST_BYTES_PER_CANDIDATE = 4_000
MAX_MATCH_CANDIDATES = 200  # stored quotes a new quote is compared with, from its rarest words (newest first)
KEPT_QUERY_SECONDS = 7 * 86400  # how long a lookup kept for its buttons can still be paged through

# Probe the indexes in one call. ARGV: how many quotes, how many anchors each has, then the anchors' fields;
# KEYS: the anchors' buckets, then word lists. Returns for each quote the packed numbers its anchors found
# (one string), then each word list's length in bytes.
_PROBE = """
local quotes, found, anchor = tonumber(ARGV[1]), {}, 1
for q = 1, quotes do
  local packed = {}
  for _ = 1, tonumber(ARGV[1 + q]) do
    packed[#packed + 1] = redis.call('HGET', KEYS[anchor], ARGV[1 + quotes + anchor]) or ''
    anchor = anchor + 1
  end
  found[q] = table.concat(packed)
end
for i = anchor, #KEYS do found[#found + 1] = redis.call('STRLEN', KEYS[i]) end
return found
"""

# Read quote records from their hashes in one call. KEYS: the hashes; ARGV[1]: how many numbers each is asked for
# (packed uint16), ARGV[2]: the numbers (packed uint32), hash by hash: packed, not one argument a number, which
# would cost more to send than the records themselves. Returns the records in that order (nil for none).
_READ_QUOTES = """
local records, at = {}, 1
for i = 1, #KEYS do
  local fields = {}
  for _ = 1, struct.unpack('<I2', ARGV[1], 2 * i - 1) do
    fields[#fields + 1] = string.format('%d', struct.unpack('<I4', ARGV[2], at))
    at = at + 4
  end
  local found = redis.call('HMGET', KEYS[i], unpack(fields))
  for j = 1, #fields do records[#records + 1] = found[j] end
end
return records
"""

# The newest spans of speakers' timelines. KEYS: the timelines. ARGV: the first and last span wanted, a span to read
# below ('' for none), how many bytes to read at least: the newest spans are read whole (in every timeline alike)
# until that many are; and whether to count the bytes left unread ('' when it is enough to know if any are).
# Returns their entries, the bytes of the spans left unread (or 1 when some are and they are not counted), the last
# span read.
_NEWEST_SPANS = """
local first, last, budget, counting = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4]), ARGV[5] ~= ''
if ARGV[3] ~= '' then last = math.min(last, tonumber(ARGV[3]) - 1) end
local spans, seen = {}, {}
for i = 1, #KEYS do
  for _, field in ipairs(redis.call('HKEYS', KEYS[i])) do
    local span = tonumber(field)
    if span >= first and span <= last and not seen[span] then
      seen[span] = true
      spans[#spans + 1] = span
    end
  end
end
table.sort(spans, function(a, b) return a > b end)
local read, size, unread, lowest = {}, 0, 0, ''
for _, span in ipairs(spans) do
  if size >= budget and not counting then
    unread = 1
    break
  end
  local field = string.format('%d', span)
  for i = 1, #KEYS do
    if size < budget or lowest == span then
      local packed = redis.call('HGET', KEYS[i], field)
      if packed then
        read[#read + 1] = packed
        size = size + #packed
      end
      lowest = span
    else
      unread = unread + redis.call('HSTRLEN', KEYS[i], field)
    end
  end
end
return {table.concat(read), unread, tostring(lowest)}
"""


def admitted_entries(entries: np.ndarray, low: int, high: int, sources: np.ndarray | None) -> np.ndarray:
    """The timeline entries of articles between these seconds and, if given, from these sources."""
    admitted = (entries["minute"] >= low // 60) & (entries["minute"] <= high // 60)
    if sources is not None:
        admitted &= np.isin(entries["source"], sources)
    return entries[admitted]


class QuoteStore:
    """Over a single Redis or a Redis Cluster (redis-py's RedisCluster) alike: every key of a workspace carries its
    hash tag. Every write goes through a `Batch` (see batch.py); locks expire on their own."""

    def __init__(self, client: redis.Redis | RedisCluster):
        upgrade(client)
        self.redis = client
        self._probe = client.register_script(_PROBE)
        self._read_quotes = client.register_script(_READ_QUOTES)
        self._newest_spans = client.register_script(_NEWEST_SPANS)
        self._sources_cache: dict[str, tuple[int, dict[int, tuple[str, str]]]] = {}

    # Articles

    def get_article(self, team_id: str, url: str) -> tuple[StoredArticle, list[StoredQuote]] | None:
        keys = Keys(team_id)
        record = decode(self.redis.get(keys.article(article_id(url))))
        if record is None:
            return None
        article = parse_article(article_id(url), record)
        return article, [q for q in self.quotes(team_id, list(article.quote_ids)) if q is not None and not q.hidden]

    def article_lock(self, team_id: str, url: str, seconds: float) -> AbstractContextManager[None]:
        """Held while an article is fetched, so the same link shared many times at once is fetched once."""
        return self._locked(Keys(team_id).article_lock(article_id(url)), seconds)

    @contextmanager
    def _locked(self, key: str, seconds: float) -> Iterator[None]:
        """Hold a lock (for at most `seconds`, waiting as long for it). One that is no longer ours when released
        (a purge deleted it, or it expired) is left alone."""
        lock = self.redis.lock(key, timeout=seconds, blocking_timeout=seconds)
        if not lock.acquire():
            raise LockError("Unable to acquire lock within the time specified", lock_name=key)
        try:
            yield
        finally:
            with suppress(LockNotOwnedError):
                lock.release()

    def latest_articles(self, team_id: str, count: int) -> list[StoredArticle]:
        keys = Keys(team_id)
        aids = [aid.decode() for aid in self.redis.zrevrange(keys.articles(), 0, count - 1)]
        records = self.redis.mget([keys.article(aid) for aid in aids]) if aids else []
        return [parse_article(aid, decode(record)) for aid, record in zip(aids, records) if record]

    def save_article(self, team_id: str, article: Article, quotes: list[Quote], share: Share | None = None
                     ) -> StoredArticle:
        """Store an article and its quotes. Each quote is matched against the stored ones first: the same
        words by the same speaker (or an excerpt of them) add this article to the stored quote; the same
        words by someone else are linked to it as a conflict; the same speaker's words reworded are linked
        as a possible misquote. A correction made to a stored quote applies to the same words again."""
        keys, share = Keys(team_id), share or Share()
        shared_at = share.at or time.time()
        aid = article_id(article.url)
        stored = StoredArticle(aid, article.url, article.title, article.outlet, article.date, article.author,
                               share.by, shared_at, share.channel, share.link, via=share.via)
        with self._locked(keys.save_lock(), 60):
            quotes = distinct(quotes)
            words = [matching.quote_words(quote.text) for quote in quotes]
            writes = Writes(self.redis, keys, stored)
            last = reserve(self.redis, keys, "quote", len(quotes))  # numbers for the new ones
            writes.new_ids = list(range(last - len(quotes) + 1, last + 1))
            for quote, quote_words, candidates in zip(quotes, words, self.match_candidates(team_id, words)):
                writes.add(quote, quote_words, candidates)
            stored = replace(stored, quote_ids=tuple(writes.quote_ids))
            writes.commit(stored)
        return stored

    def match_candidates(self, team_id: str, quotes: list[list[str]]) -> list[list[tuple[str, dict]]]:
        """The first step of saving: for each quote (its words), the stored quotes that may be the same or a
        rewording: those whose first words are a run of its words (excerpts, or the same), and those holding
        its rarest words (longer versions, rewordings). Returns (quote id, record) pairs, not yet checked;
        in three round trips."""
        keys = Keys(team_id)
        anchors = [matching.window_anchors(words) for words in quotes]
        terms = [matching.searchable(words) for words in quotes]
        fingerprints = [f for quote_anchors in anchors for f in quote_anchors]
        all_terms = list(dict.fromkeys(t for quote_terms in terms for t in quote_terms))
        replies = self._probe(keys=[keys.anchors(bucket(f)) for f in fingerprints] + [keys.word(t) for t in all_terms],
                              args=[len(quotes), *map(len, anchors), *(f[2:] for f in fingerprints)])
        found = [set(unpack(packed).tolist()) for packed in replies[:len(quotes)]]
        lengths = dict(zip(all_terms, replies[len(quotes):]))
        rarest = [sorted((t for t in quote_terms if lengths[t]), key=lengths.get)[:3] for quote_terms in terms]
        wanted = list(dict.fromkeys(t for quote_rarest in rarest for t in quote_rarest))
        lists = self.redis.mget([keys.word(t) for t in wanted]) if wanted else []
        postings = dict(zip(wanted, map(word_lists.numbers, lists)))
        for quote_found, quote_rarest in zip(found, rarest):
            if quote_rarest:
                numbers, counts = np.unique(np.concatenate([postings[t] for t in quote_rarest]), return_counts=True)
                # Holding all of them, a quote may contain these words; all but one of three, it may reword them.
                needed = len(quote_rarest) - 1 if len(quote_rarest) == 3 else len(quote_rarest)
                quote_found.update(numbers[counts >= needed].tolist()[-MAX_MATCH_CANDIDATES:])
        qids = sorted({str(n) for quote_found in found for n in quote_found}, key=int)
        records = self.records(keys, qids)
        return [[(str(n), records[str(n)]) for n in sorted(quote_found) if records.get(str(n))]
                for quote_found in found]

    # Quotes

    def quotes(self, team_id: str, qids: list[str]) -> list[StoredQuote | None]:
        """The quotes with these ids, each with its articles, conflicts, variants and correction."""
        keys = Keys(team_id)
        records = self.records(keys, qids)
        related = {other for r in records.values() if r for other in r.get("c", []) + r.get("v", [])}
        records.update(self.records(keys, list(related - records.keys())))
        aids = {aid for r in records.values() if r for aid in r["a"]}
        cids = {r["x"] for r in records.values() if r and r.get("x")}
        article_records = self.redis.mget([keys.article(aid) for aid in aids]) if aids else []
        correction_records = self.redis.mget([keys.correction(cid) for cid in cids]) if cids else []
        articles = {aid: parse_article(aid, decode(r)) for aid, r in zip(aids, article_records) if r}
        corrections = {cid: Correction(**decode(r)) for cid, r in zip(cids, correction_records) if r}
        return [stored_quote(qid, records, articles, corrections) if records.get(qid) else None for qid in qids]

    def raw_records(self, keys: Keys, qids: list[str]) -> list[bytes | None]:
        """The JSON records of these quotes, in order (None for a number not in use)."""
        if not qids:
            return []
        per_hash: dict[str, list[str]] = {}
        for qid in qids:
            per_hash.setdefault(keys.quotes(qid), []).append(qid)
        counts = np.array([len(fields) for fields in per_hash.values()], "<u2").tobytes()
        numbers = np.array([int(qid) for fields in per_hash.values() for qid in fields], "<u4").tobytes()
        found = self._read_quotes(keys=list(per_hash), args=[counts, numbers])
        by_qid = dict(zip((qid for fields in per_hash.values() for qid in fields), found))
        return [by_qid[qid] for qid in qids]

    def records(self, keys: Keys, qids: list[str]) -> dict[str, dict | None]:
        """Quote id -> its record, decoded."""
        return dict(zip(qids, map(decode, self.raw_records(keys, qids))))

    def quote_count(self, team_id: str) -> int:
        """How many quote numbers were given out: quote ids run from 1 to this."""
        return int(self.redis.hget(Keys(team_id).counters(), "quote") or 0)

    def all_quotes(self, team_id: str, batch: int = 500) -> Iterator[StoredQuote]:
        """Every quote of the workspace that is not hidden, oldest first."""
        last = self.quote_count(team_id)
        for first in range(1, last + 1, batch):
            for quote in self.quotes(team_id, [str(n) for n in range(first, min(first + batch, last + 1))]):
                if quote is not None and not quote.hidden:
                    yield quote

    def open_conflicts(self, team_id: str, count: int) -> list[str]:
        return [qid.decode() for qid in self.redis.zrevrange(Keys(team_id).conflicts(), 0, count - 1)]

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
        return [s for s in self._speakers(keys, sorted(matches or ())) if s.quote_count]

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

    def speaker_named(self, team_id: str, name: str) -> Speaker | None:
        found = self._speakers(Keys(team_id), [speaker_id(name)])
        return found[0] if found else None

    def _speakers(self, keys: Keys, sids: list[str]) -> list[Speaker]:
        pipe = self.redis.pipeline(transaction=False)
        for sid in sids:
            pipe.hgetall(keys.speaker(sid))
        return [Speaker(id=sid, name=fields[b"name"].decode(), role=text_of(fields.get(b"role")),
                        kind=kind_of(fields.get(b"kind")), quote_count=int(fields.get(b"quotes", 0)))
                for sid, fields in zip(sids, pipe.execute()) if fields]

    def most_quoted_since(self, team_id: str, days: int, count: int) -> list[tuple[str, int]]:
        """(name, quotes shared) of the most quoted speakers over the last `days` days."""
        keys, today = Keys(team_id), datetime.now(timezone.utc).date()
        pipe = self.redis.pipeline(transaction=False)
        for back in range(days):
            pipe.hgetall(keys.speakers_on(date.fromordinal(today.toordinal() - back).isoformat()))
        tally: dict[str, int] = {}
        for day in pipe.execute():
            for sid, n in day.items():
                tally[sid.decode()] = tally.get(sid.decode(), 0) + int(n)
        top = sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:count]
        names = self.redis.hmget(keys.speakers(), [sid for sid, _ in top]) if top else []
        return [(name.decode(), n) for name, (_, n) in zip(names, top) if name]

    def speaker_page(self, team_id: str, speakers: list[Speaker], filters: Filters, offset: int, count: int
                     ) -> Page:
        """Quote ids of these speakers matching the filters, newest first, from `offset`; with their total.
        A quote counts once, placed by the newest of its articles that the filters admit.

        Timelines are read a span at a time, newest first, until the page is known: every quote of the spans
        not read is older. A filtered lookup's total is counted over what it read, MAX_COUNTED_BYTES at least;
        beyond, the spans left are estimated from their size (an inexact total)."""
        low, high = filters.time_range
        first, last = spans_between(low // 60, high // 60)
        timelines = [Keys(team_id).speaker_timeline(s.id) for s in speakers]
        filtered, wanted = filters != Filters(), offset + count
        sources = np.array(self._source_codes(team_id, filters)) if filters.by_source else None
        # a filtered lookup reads what it counts over in one go: it would read on to that much anyway
        admitted, read, below, budget = [], 0, "", MAX_COUNTED_BYTES if filtered else FIRST_READ_BYTES
        while True:
            packed, unread, below = self._newest_spans(keys=timelines,
                                                        args=[first, last, below, budget, "1" if filtered else ""])
            just_read = np.frombuffer(packed, TIMELINE_ENTRY)
            read, budget = read + len(packed), 2 * budget
            admitted.append(admitted_entries(just_read, low, high, sources) if filtered else just_read)
            entries = np.concatenate(admitted)
            read_enough = not filtered or read >= MAX_COUNTED_BYTES
            may_stop = not unread or read_enough and len(entries) >= wanted  # counted only then: it costs
            counted = distinct_count(entries["quote"]) if may_stop else 0
            if not unread or read_enough and counted >= wanted:
                break
        page = [str(q) for q in newest_quotes(entries, wanted)[offset:]]
        if not filtered:
            return Page(page, sum(s.quote_count for s in speakers))
        if not unread:
            return Page(page, counted)
        return Page(page, round(counted * (read + unread) / read), total_is_exact=False)

    def _holding_all(self, keys: Keys, words: list[str], lengths: dict[str, int]) -> np.ndarray:
        """Numbers of the quotes that may hold these words in a row, ascending: holding each word the phrase is
        searched by, followed by the word the phrase has after it. The lists are read rarest first, and intersected
        until few quotes are left, or the next list would cost more to read than the records of the quotes it may
        rule out."""
        following = word_lists.next_words(words)
        terms = sorted(following, key=lengths.get)
        candidates = word_lists.numbers(self.redis.get(keys.word(terms[0])), following[terms[0]])
        for term in terms[1:]:
            checked = min(len(candidates), MAX_WORD_CANDIDATES)
            if checked <= 20 or lengths[term] > LIST_BYTES_PER_CANDIDATE * checked:
                break
            listed = word_lists.numbers(self.redis.get(keys.word(term)), following[term])
            if not len(listed):
                return listed
            at = np.minimum(np.searchsorted(listed, candidates), len(listed) - 1)
            candidates = candidates[listed[at] == candidates]
        return candidates

    def word_page(self, team_id: str, words: list[str], filters: Filters, offset: int, count: int) -> Page | None:
        """Ids of the quotes holding these words in this order, newest first; None when the words are too
        common to search by. The newest MAX_WORD_CANDIDATES quotes that may hold them are checked."""
        keys, terms = Keys(team_id), matching.searchable(words)
        if not terms:
            return None
        pipe = self.redis.pipeline(transaction=False)
        for term in terms:
            pipe.strlen(keys.word(term))
        lengths = dict(zip(terms, pipe.execute()))
        if not all(lengths.values()):
            return Page([], 0)
        candidates = self._holding_all(keys, words, lengths)
        qids = [str(n) for n in candidates[::-1][:MAX_WORD_CANDIDATES].tolist()]
        raw = self.raw_records(keys, qids)
        phrase = matching.phrase_pattern(words)
        records = {qid: decode(value) for qid, value in zip(qids, raw) if matching.may_hold(value, phrase)}
        holding = {qid: r for qid, r in records.items()
                   if not r.get("h") and matching.contains(matching.quote_words(r["t"]), words)}
        aids = list({aid for r in holding.values() for aid in r["a"]})
        articles = {aid: parse_article(aid, decode(r)) for aid, r in
                    zip(aids, self.redis.mget([keys.article(a) for a in aids]) if aids else []) if r}
        outlets = self._outlets_matching(team_id, filters.outlet) if filters.outlet else None
        newest = sorted(((max((articles[a].time for a in r["a"] if a in articles), default=0), int(qid))
                         for qid, r in holding.items()
                         if any(filters.admits(articles[a], outlets) for a in r["a"] if a in articles)), reverse=True)
        return Page([str(qid) for _, qid in newest[offset:offset + count]], len(newest),
                    len(candidates) <= MAX_WORD_CANDIDATES)

    # Sources: an outlet and the channel an article was shared in, numbered per workspace

    def _all_sources(self, team_id: str) -> dict[int, tuple[str, str]]:
        """Source number -> (outlet, channel); read again only when a source was added."""
        keys = Keys(team_id)
        size = self.redis.hlen(keys.sources())
        cached = self._sources_cache.get(team_id)
        if cached is None or cached[0] != size:
            fields = self.redis.hgetall(keys.sources())
            table = {int(k[1:]): tuple(v.decode().split("\x1f")) for k, v in
                     ((k.decode(), v) for k, v in fields.items()) if k.startswith("#")}
            cached = self._sources_cache[team_id] = (size, table)
        return cached[1]

    def _outlets_matching(self, team_id: str, query: str) -> set[str]:
        """Outlet names having, for every word of the query, a word starting with it."""
        outlets = {outlet for outlet, _ in self._all_sources(team_id).values()}
        return {outlet for outlet in outlets if name_matches(query, outlet)}

    def _source_codes(self, team_id: str, filters: Filters) -> list[int]:
        outlets = self._outlets_matching(team_id, filters.outlet) if filters.outlet else None
        return [code for code, (outlet, channel) in self._all_sources(team_id).items()
                if (outlets is None or outlet in outlets) and (not filters.channel or channel == filters.channel)]

    # Corrections

    def correct(self, team_id: str, qid: str, by: str, speaker: str | None) -> Correction:
        """Move a quote to `speaker`, or hide it when `speaker` is None ("not a quote"), for the whole
        workspace at once; the correction is kept with who made it, when, and the speaker before."""
        keys = Keys(team_id)
        with self._locked(keys.save_lock(), 60):
            record = self.records(keys, [qid])[qid]
            if record is None:
                raise KeyError(qid)
            cid = str(reserve(self.redis, keys, "correction"))
            correction = Correction(cid, qid, "speaker" if speaker else "not_quote", by, time.time(),
                                    record.get("s"), speaker)
            writes = Writes(self.redis, keys, None)
            writes.move(qid, record, speaker, hidden=speaker is None)
            record["x"] = cid
            writes.put_quote(qid, record)
            writes.batch.set(keys.correction(cid), json.dumps(vars(correction)))
            writes.batch.zadd(keys.corrections(), {cid: correction.at})
            writes.commit(None)
        return correction

    def revert(self, team_id: str, cid: str, by: str) -> Correction:
        """Undo a correction: the quote goes back to its speaker before, and shows again."""
        keys = Keys(team_id)
        with self._locked(keys.save_lock(), 60):
            found = decode(self.redis.get(keys.correction(cid)))
            if found is None:
                raise KeyError(cid)
            correction = Correction(**found)
            if not correction.active:
                return correction
            record = self.records(keys, [correction.quote_id])[correction.quote_id]
            writes = Writes(self.redis, keys, None)
            writes.move(correction.quote_id, record, correction.before, hidden=False)
            record.pop("x", None)
            writes.put_quote(correction.quote_id, record)
            correction = replace(correction, reverted_by=by, reverted_at=time.time())
            writes.batch.set(keys.correction(cid), json.dumps(vars(correction)))
            writes.commit(None)
        return correction

    def corrections(self, team_id: str, count: int = 100) -> list[Correction]:
        keys = Keys(team_id)
        cids = [c.decode() for c in self.redis.zrevrange(keys.corrections(), 0, count - 1)]
        records = self.redis.mget([keys.correction(cid) for cid in cids]) if cids else []
        return [Correction(**decode(r)) for r in records if r]

    # Following a speaker

    def follow(self, team_id: str, user: str, speaker: Speaker) -> None:
        keys = Keys(team_id)
        batch = Batch(self.redis, keys)
        batch.sadd(keys.followers(speaker.id), user)
        batch.hset(keys.following(user), speaker.id, speaker.name)
        batch.apply()

    def unfollow(self, team_id: str, user: str, sid: str) -> bool:
        keys = Keys(team_id)
        batch = Batch(self.redis, keys)
        batch.srem(keys.followers(sid), user)
        batch.hdel(keys.following(user), sid)
        batch.delete(keys.pending_news(user, sid))
        return bool(batch.apply()[1])

    def following(self, team_id: str, user: str) -> dict[str, str]:
        """Speaker id -> name of everyone this user follows."""
        return {k.decode(): v.decode() for k, v in self.redis.hgetall(Keys(team_id).following(user)).items()}

    def followers(self, team_id: str, sid: str) -> list[str]:
        return sorted(u.decode() for u in self.redis.smembers(Keys(team_id).followers(sid)))

    def hold_news(self, team_id: str, user: str, sid: str, qids: list[str]) -> None:
        """Keep new quotes of a followed speaker until the follower may be told."""
        keys = Keys(team_id)
        batch = Batch(self.redis, keys)
        batch.rpush(keys.pending_news(user, sid), *qids)
        batch.apply()

    def take_news(self, team_id: str, user: str, sid: str, quiet_seconds: int) -> list[str] | None:
        """The quotes held for a follower, if any and if they were not told in the last `quiet_seconds`
        (then the quiet time starts again); None while they must wait."""
        keys = Keys(team_id)
        if not self.redis.llen(keys.pending_news(user, sid)):
            return []
        batch = Batch(self.redis, keys)
        batch.set(keys.news_sent(user, sid), 1, nx=True, ex=quiet_seconds)
        if not batch.apply()[0]:
            return None
        batch.lrange(keys.pending_news(user, sid), 0, -1)
        batch.delete(keys.pending_news(user, sid))
        return list(dict.fromkeys(q.decode() for q in batch.apply()[0]))

    def quiet_left(self, team_id: str, user: str, sid: str) -> int:
        """Whole seconds until a follower may be told again about this speaker, rounded up (0: now)."""
        return max(0, -(-self.redis.pttl(Keys(team_id).news_sent(user, sid)) // 1000))

    # Lookups carried by buttons

    def keep_query(self, team_id: str, text: str) -> str:
        """Keep a lookup's text under a short key, for a button with no room for the text itself; the same
        text gets the same key. Kept a week after it was last offered."""
        key = base64.b32encode(hashlib.blake2b(text.encode(), digest_size=10).digest()).decode().lower()
        keys = Keys(team_id)
        batch = Batch(self.redis, keys)
        batch.set(keys.kept_query(key), text, ex=KEPT_QUERY_SECONDS)
        batch.apply()
        return key

    def kept_query(self, team_id: str, key: str) -> str | None:
        return text_of(self.redis.get(Keys(team_id).kept_query(key)))

    # Events

    def claim_event(self, team_id: str, event_id: str, ttl_seconds: int = 3600) -> bool:
        """True the first time an event id is seen; False when the same event comes again (Slack's retries,
        a message the Discord Gateway delivers again after a resume)."""
        keys = Keys(team_id)
        batch = Batch(self.redis, keys)
        batch.set(keys.event(event_id), 1, nx=True, ex=ttl_seconds)
        return batch.apply()[0] is not None

    # Channels

    def channel_mode(self, team_id: str, channel: str) -> str | None:
        """How links shared in this channel are answered, when someone chose."""
        return text_of(self.redis.hget(Keys(team_id).channel_modes(), channel))

    def set_channel_mode(self, team_id: str, channel: str, mode: str) -> None:
        keys = Keys(team_id)
        batch = Batch(self.redis, keys)
        batch.hset(keys.channel_modes(), channel, mode)
        batch.apply()

    # Workspaces

    def generation(self, team_id: str) -> int:
        """How many times the workspace was purged: a job records it when queued (see batch.py)."""
        return generation_of(self.redis, Keys(team_id))

    def purge_workspace(self, team_id: str, batch: int = 500) -> int:
        """Delete everything stored for a workspace but its installation; returns how many keys went. The
        generation moves on first, so that no job queued before writes again meanwhile or after."""
        keys = Keys(team_id)
        self.redis.incr(keys.generation())
        kept = {key.encode() for key in keys.kept_by_purge()}
        removed, doomed = 0, []
        for key in self.redis.scan_iter(match=keys.everything(), count=batch):
            if key not in kept:
                doomed.append(key)
            if len(doomed) >= batch:
                removed, doomed = removed + self.redis.unlink(*doomed), []
        return removed + (self.redis.unlink(*doomed) if doomed else 0)


