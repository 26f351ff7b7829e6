"""The writes of one save or correction, gathered in one batch: where each new quote goes (merged into a stored
quote, or stored anew) and the links it makes."""
import json
import time
from datetime import datetime, timezone

import numpy as np
import redis

from bot import matching
from bot.models import Quote
from bot.store import word_lists
from bot.store.batch import Batch
from bot.store.keys import Keys, bucket
from bot.store.records import (DAY_SECONDS, TIMELINE_ENTRY, StoredArticle, article_record, decode,
                               kind_code, pack, parse_article, same_speaker, searchable_words, source_name,
                               speaker_id)
from bot.store.timeline import by_span


class Writes:
    """The writes of one save or correction, gathered in one batch (under the workspace's save lock); quote records
    being changed are kept here so that later quotes of the same article see them."""

    def __init__(self, client: redis.Redis, keys: Keys, article: StoredArticle | None):
        self.redis, self.keys, self.article = client, keys, article
        self.batch = Batch(client, keys)
        self.records: dict[str, dict] = {}
        self.sources: dict[str, int] = {}  # source name (outlet and channel) -> its number, looked up once
        self.words: dict[str, list[str]] = {}  # quote id -> its words, worked out once
        self.quote_ids: list[str] = []
        self.new_ids: list[int] = []  # numbers reserved for the quotes stored anew
        self.conflicts: set[str] = set()

    def add(self, quote: Quote, words: list[str], candidates: list[tuple[str, dict]]) -> None:
        """One quote of the article: merged into a stored quote of the same speaker, or stored anew."""
        candidates = [(qid, self.records.get(qid, record)) for qid, record in candidates]
        same = [(qid, r) for qid, r in candidates if matching.same_quote(words, self._words(qid, r))]
        speaker = quote.speaker
        for qid, record in same:  # a correction of these words stands: the speaker it gave, or hidden
            fix = record.get("x") and decode(self.redis.get(self.keys.correction(record["x"])))
            if fix and fix["reverted_at"] is None and (fix["after"] is None or same_speaker(fix["before"], speaker)):
                speaker = record.get("s")
        mine = [(qid, r) for qid, r in same if same_speaker(r.get("s"), speaker) or not speaker or not r.get("s")]
        if mine:
            qid, record = max(mine, key=lambda item: len(item[1]["t"]))
            self._merge(qid, record, quote, words, speaker)
        else:
            qid, record = self._new(quote, words, speaker)
        for other, other_record in same:
            if other != qid and other_record.get("s") and record.get("s") \
                    and not same_speaker(other_record.get("s"), record.get("s")):
                self._link(qid, record, other, other_record, "c")
        for other, other_record in candidates:
            if other != qid and same_speaker(other_record.get("s"), record.get("s")) \
                    and matching.rewording(words, self._words(other, other_record)):
                self._link(qid, record, other, other_record, "v")
        if qid not in self.quote_ids:
            self.quote_ids.append(qid)

    def _words(self, qid: str, record: dict) -> list[str]:
        if qid not in self.words:
            self.words[qid] = matching.quote_words(record["t"])
        return self.words[qid]

    def _new(self, quote: Quote, words: list[str], speaker: str | None) -> tuple[str, dict]:
        qid = str(self.new_ids.pop(0))
        record = {"t": quote.text, "a": [self.article.id]}
        if speaker:
            record.update(s=speaker, k=kind_code(quote.speaker_kind))
            if speaker == quote.speaker:
                record.update(r=quote.role, m=quote.attribution)
        else:
            record.update(unclear_fields(quote))
        record = {k: v for k, v in record.items() if v}
        self._index_words(qid, words)
        self.put_quote(qid, record)
        if speaker:
            self._add_to_speaker(qid, record, [self.article], joining=True)
        return qid, record

    def _merge(self, qid: str, record: dict, quote: Quote, words: list[str], speaker: str | None) -> None:
        """This article ran a stored quote again: keep the longest wording, and name its speaker if the
        stored one had none."""
        ran_again = self.article.id not in record["a"]
        if ran_again:
            record["a"].append(self.article.id)
        if len(words) > len(self._words(qid, record)):
            record["t"] = quote.text
            self.words[qid] = words
            self._index_words(qid, words)
        if speaker and not record.get("s") and not record.get("h"):
            record.update({k: v for k, v in (("s", speaker), ("k", kind_code(quote.speaker_kind)),
                                             ("m", quote.attribution)) if v})
            record.pop("w", None)
            record.pop("p", None)
            self._add_to_speaker(qid, record, self._articles_of(record), joining=True)
        elif not speaker and not record.get("s") and not record.get("w"):
            record.update({k: v for k, v in unclear_fields(quote).items() if v})
        elif ran_again and record.get("s") and not record.get("h"):
            if quote.attribution == "named" and same_speaker(record["s"], quote.speaker):
                record["m"] = "named"  # an article naming the speaker outweighs one that implied them
            self._add_to_speaker(qid, record, [self.article], joining=False)
        self.put_quote(qid, record)

    def _link(self, qid: str, record: dict, other: str, other_record: dict, kind: str) -> None:
        """Link two quotes both ways: "c" for a conflicting attribution, "v" for a possible misquote."""
        for this, this_record, that in ((qid, record, other), (other, other_record, qid)):
            if that not in this_record.setdefault(kind, []):
                this_record[kind].append(that)
                self.put_quote(this, this_record)
        if kind == "c":
            self.conflicts.update((qid, other))

    def move(self, qid: str, record: dict, speaker: str | None, hidden: bool) -> None:
        """Take a quote from its speaker and give it to another (or to no one, hidden)."""
        articles = self._articles_of(record)
        if record.get("s") and not record.get("h"):
            sid = speaker_id(record["s"])
            timeline = self.keys.speaker_timeline(sid)
            for span, packed in self.redis.hgetall(timeline).items():
                entries = np.frombuffer(packed, TIMELINE_ENTRY)
                kept = entries[entries["quote"] != int(qid)]
                if not len(kept):
                    self.batch.hdel(timeline, span)
                elif len(kept) < len(entries):
                    self.batch.hset(timeline, span, kept.tobytes())
            self.batch.hincrby(self.keys.speaker(sid), "quotes", -1)
            if int(self.redis.hget(self.keys.speaker(sid), "quotes") or 0) <= 1:
                # Their last quote: no longer found by name nor offered as a close one (a new quote adds them again).
                self.batch.hdel(self.keys.speakers(), sid)
                if words := searchable_words(record["s"]):
                    self.batch.zrem(self.keys.name_index(), *[f"{word}\x00{sid}" for word in words])
        record.pop("h", None)
        if hidden:
            record["h"] = 1
        else:
            record["s"] = speaker
            record.pop("r", None)
            record.pop("m", None)  # named by a person now, not found in the text
            if speaker:
                self._add_to_speaker(qid, record, articles, joining=True)

    def put_quote(self, qid: str, record: dict) -> None:
        self.records[qid] = record
        self.batch.hset(self.keys.quotes(qid), qid, json.dumps(record, ensure_ascii=False, separators=(",", ":")))

    def _articles_of(self, record: dict) -> list[StoredArticle]:
        known = {self.article.id: self.article} if self.article else {}
        missing = [aid for aid in record["a"] if aid not in known]
        if missing:
            for aid, value in zip(missing, self.redis.mget([self.keys.article(a) for a in missing])):
                if value:
                    known[aid] = parse_article(aid, decode(value))
        return [known[aid] for aid in record["a"] if aid in known]

    def _add_to_speaker(self, qid: str, record: dict, articles: list[StoredArticle], joining: bool) -> None:
        """Put a quote's runs in these articles on its speaker's timeline; `joining`: it is new to them."""
        keys, name = self.keys, record["s"]
        sid = speaker_id(name)
        if not sid:
            return
        fields = {"name": name, "kind": record.get("k", "")}
        if record.get("r"):
            fields["role"] = record["r"]
        self.batch.hset(keys.speaker(sid), mapping=fields)
        self.batch.hset(keys.speakers(), sid, name)
        words = searchable_words(name)
        if words:  # a bare possessive ("Smith's") has nothing to be found by
            self.batch.zadd(keys.name_index(), {f"{word}\x00{sid}": 0 for word in words})
        if joining:
            self.batch.hincrby(keys.speaker(sid), "quotes", 1)
        entries = [(a.time // 60, self._place(a, qid), self._source(a), int(qid)) for a in articles]
        for span, packed in by_span(np.array(entries, TIMELINE_ENTRY)).items():
            self.batch.append_to_field(keys.speaker_timeline(sid), span, packed)
        if self.article is not None:
            day = datetime.fromtimestamp(self.article.shared_at, timezone.utc).date().isoformat()
            self.batch.hincrby(keys.speakers_on(day), sid, 1)
            self.batch.expire(keys.speakers_on(day), 8 * DAY_SECONDS)

    def _source(self, article: StoredArticle) -> int:
        """The number of the article's source (its outlet and channel): numbered now if it is new, and named in
        the sources with the rest of the writes."""
        name = source_name(article.outlet, article.channel)
        if name not in self.sources:
            code = self.redis.hget(self.keys.sources(), name)
            if code is None:
                code = reserve(self.redis, self.keys, "source")
                self.batch.hset(self.keys.sources(), mapping={name: code, f"#{code}": name})
            self.sources[name] = int(code)
        return self.sources[name]

    def _place(self, article: StoredArticle, qid: str) -> int:
        """Where the quote stands in the article: its quotes are listed in that order."""
        if self.article is not None and article.id == self.article.id:
            place = self.quote_ids.index(qid) if qid in self.quote_ids else len(self.quote_ids)
        else:
            place = article.quote_ids.index(qid) if qid in article.quote_ids else 0
        return min(place, np.iinfo(TIMELINE_ENTRY["place"]).max)

    def _index_words(self, qid: str, words: list[str]) -> None:
        """The quote's entries at the end of its words' lists, and its number in its anchor's entry."""
        for term, entries in word_lists.entries(int(qid), words).items():
            self.batch.append(self.keys.word(term), entries)
        fingerprint = matching.first_anchor(words)
        self.batch.append_to_field(self.keys.anchors(bucket(fingerprint)), fingerprint[2:], pack(int(qid)))

    def commit(self, article: StoredArticle | None) -> None:
        """Apply every write at once, and on a cluster wait until a replica holds them too."""
        if article is not None:
            self.batch.set(self.keys.article(article.id), json.dumps(article_record(article), ensure_ascii=False))
            self.batch.zadd(self.keys.articles(), {article.id: article.shared_at})
            self.batch.zremrangebyrank(self.keys.articles(), 0, -101)  # the latest hundred are enough
        if self.conflicts:
            self.batch.zadd(self.keys.conflicts(), {qid: time.time() for qid in self.conflicts})
        self.batch.apply(replicated=True)


def reserve(client: redis.Redis, keys: Keys, counter: str, count: int = 1) -> int:
    """The last of `count` new numbers of one of the workspace's counters ("quote", "correction", "source")."""
    batch = Batch(client, keys)
    batch.hincrby(keys.counters(), counter, count)
    return batch.apply()[0]


def unclear_fields(quote: Quote) -> dict:
    """What is kept of a speaker the article names too unclearly to say who: the words it used, how sure."""
    return {"w": quote.speaker_as_written, "p": quote.confidence} if quote.unclear else {}


def distinct(quotes: list[Quote]) -> list[Quote]:
    """The same words by the same speaker twice in one article count once."""
    seen, kept = set(), []
    for quote in quotes:
        key = (" ".join(matching.quote_words(quote.text)), speaker_id(quote.speaker or ""))
        if key not in seen:
            seen.add(key)
            kept.append(quote)
    return kept


