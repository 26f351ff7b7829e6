"""The watched feeds in Redis: each feed's state, shared by the workspaces watching it (fetched once for all), when
each feed is due (one sorted set for all), and each workspace's watches (channel, mode), the feed items it already
knows and the articles waiting for a digest.

A feed's keys carry the feed as their hash tag, a workspace's keys the workspace: no command or transaction here
touches keys of two tags, so each stays within one cluster slot.
"""
import hashlib
import json
from dataclasses import asdict, dataclass

import redis

from bot.store.batch import Batch, generation_of
from bot.store.keys import FeedKeys, Keys
from bot.store.records import article_id, decode, text_of

MODES = ("all", "digest", "silent")
FEED_ITEMS_KEPT = 50_000  # items a workspace remembers from its feeds; older ones are known by their article
_STATE_FIELDS = {"url": str, "title": str, "etag": str, "last_modified": str, "last_polled": float,
                 "last_status": str, "errors": int, "next_poll": float, "paused": int, "wait_until": float}
# Claim the feeds due by ARGV[1], at most ARGV[2] of them, for ARGV[3] seconds: they come due again then, unless the
# poll that claimed them sets their next time first (a worker that dies while polling loses no feed).
_CLAIM_DUE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, fid in ipairs(due) do redis.call('ZADD', KEYS[1], ARGV[1] + ARGV[3], fid) end
return due
"""


def feed_id(url: str) -> str:
    """A feed's id, from its canonical URL."""
    return article_id(url)


def item_keys(url: str, guid: str | None) -> list[str]:
    """How a workspace knows an item: by its canonical URL, and by its GUID when it has one."""
    keys = [f"u:{article_id(url)}"]
    if guid:
        keys.append(f"g:{hashlib.sha1(guid.encode()).hexdigest()[:16]}")
    return keys


@dataclass(frozen=True)
class FeedState:
    fid: str
    url: str
    title: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: float | None = None
    last_status: str | None = None
    errors: int = 0  # failed polls in a row
    next_poll: float | None = None
    paused: int = 0  # 1 after too many failures in a row: not polled until watched again
    wait_until: float | None = None  # the server asked (Retry-After) not to be asked again before this


@dataclass(frozen=True)
class Watch:
    """A workspace watching a feed."""

    fid: str
    url: str  # the feed's
    title: str
    channel: str | None  # where its articles are announced; None: nowhere (the command line)
    mode: str  # "all", "digest" or "silent"
    added_as: str  # the URL given (an outlet's page, when its feed was found from it)
    added_by: str | None = None
    first_poll: bool = True  # its first poll takes only the newest items


@dataclass(frozen=True)
class WatchedFeed:
    watch: Watch
    state: FeedState | None
    items_seen: int
    articles_ingested: int


# Release a feed's poll lock if this poll still holds it (ARGV[1], its token).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class FeedStore:
    def __init__(self, client: redis.Redis):
        self.redis = client
        self._claim_due = client.register_script(_CLAIM_DUE)
        self._release = client.register_script(_RELEASE)

    # A feed, shared by its watchers

    def feed(self, fid: str) -> FeedState | None:
        return _state(fid, self.redis.hgetall(FeedKeys(fid).state()))

    def begin_poll(self, fid: str, token: str, seconds: float) -> tuple[bool, FeedState | None, set[str]]:
        """Take the feed's poll lock for `seconds` (so that two processes never poll it at once), and read its state
        and watchers, in one round trip: a poll that finds the feed unchanged costs little more than its request.
        Returns whether the lock was taken, with the state and the watchers."""
        keys = FeedKeys(fid)
        pipe = self.redis.pipeline(transaction=False)
        pipe.set(keys.lock(), token, nx=True, px=int(seconds * 1000))
        pipe.hgetall(keys.state())
        pipe.smembers(keys.watchers())
        taken, fields, watchers = pipe.execute()
        return bool(taken), _state(fid, fields), {member.decode() for member in watchers}

    def record(self, fid: str, fields: dict, due: float | None, release: str | None = None) -> None:
        """Set these fields of the feed's state (a None removes one) and when it is due (None: never, it paused); and
        with `release`, the token of the poll that holds its lock, release the lock, all in one round trip."""
        keys = FeedKeys(fid)
        kept = {name: value for name, value in fields.items() if value is not None}
        gone = [name for name, value in fields.items() if value is None]
        pipe = self.redis.pipeline(transaction=False)
        if kept:
            pipe.hset(keys.state(), mapping=kept)
        if gone:
            pipe.hdel(keys.state(), *gone)
        if due is None:
            pipe.zrem(FeedKeys.due(), fid)
        else:
            pipe.zadd(FeedKeys.due(), {fid: due})
        if release:
            pipe.execute_command("EVAL", _RELEASE, 1, keys.lock(), release)  # a cluster's pipeline loads no scripts
        pipe.execute()

    def end_poll(self, fid: str, token: str) -> None:
        """Release the poll lock, when the poll records nothing."""
        self._release(keys=[FeedKeys(fid).lock()], args=[token])

    def watchers(self, fid: str) -> set[str]:
        return {member.decode() for member in self.redis.smembers(FeedKeys(fid).watchers())}

    def every_feed(self) -> list[str]:
        return sorted(member.decode() for member in self.redis.smembers(FeedKeys.every_feed()))

    def drop_feed(self, fid: str) -> None:
        """Forget a feed no workspace watches any more."""
        keys = FeedKeys(fid)
        self.redis.delete(keys.state(), keys.watchers(), keys.lock())
        self.redis.srem(FeedKeys.every_feed(), fid)
        self.redis.zrem(FeedKeys.due(), fid)

    # When feeds are due

    def set_due(self, fid: str, at: float | None, only_new: bool = False) -> None:
        """The feed is due at `at` (None: never, it paused); with `only_new`, unless it has a time already."""
        if at is None:
            self.redis.zrem(FeedKeys.due(), fid)
        else:
            self.redis.zadd(FeedKeys.due(), {fid: at}, nx=only_new)

    def claim_due(self, now: float, count: int, lease: float) -> list[str]:
        """Up to `count` feeds due by `now`, each claimed for `lease` seconds (see _CLAIM_DUE)."""
        return [fid.decode() for fid in self._claim_due(keys=[FeedKeys.due()], args=[now, count, lease])]

    def due_times(self) -> list[float]:
        return [score for _, score in self.redis.zrange(FeedKeys.due(), 0, -1, withscores=True)]

    def host_lock(self, host: str, seconds: float, wait: float) -> redis.lock.Lock:
        """Held while a feed or an item is fetched from `host`: one request at a time per host."""
        return self.redis.lock(FeedKeys.host_busy(host.replace("{", "").replace("}", "")), timeout=seconds,
                               blocking_timeout=wait, sleep=0.01)

    # A workspace's watches

    def watch(self, team_id: str, watch: Watch) -> None:
        """Start (or change) a workspace's watch of a feed: the feed's watchers first, so that a poll meanwhile
        finds the watch complete or not at all."""
        keys = FeedKeys(watch.fid)
        self.redis.sadd(keys.watchers(), team_id)
        self.redis.sadd(FeedKeys.every_feed(), watch.fid)
        self.redis.hset(Keys(team_id).feeds(), watch.fid, json.dumps(asdict(watch), ensure_ascii=False))

    def unwatch(self, team_id: str, fid: str) -> bool:
        keys = Keys(team_id)
        pipe = self.redis.pipeline(transaction=True)
        pipe.hdel(keys.feeds(), fid)
        pipe.hdel(keys.feed_counts(), f"{fid}:items", f"{fid}:articles")
        removed = bool(pipe.execute()[0])
        self.redis.srem(FeedKeys(fid).watchers(), team_id)
        return removed

    def watches(self, team_id: str) -> list[Watch]:
        """The workspace's watches, in the order they were added."""
        found = [Watch(**json.loads(value)) for value in self.redis.hvals(Keys(team_id).feeds())]
        return sorted(found, key=lambda watch: (watch.title.casefold(), watch.url))

    def watch_of(self, team_id: str, fid: str) -> Watch | None:
        record = decode(self.redis.hget(Keys(team_id).feeds(), fid))
        return Watch(**record) if record else None

    def watched_feeds(self, team_id: str) -> list[WatchedFeed]:
        """Each watch with its feed's state and the workspace's counts."""
        watches = self.watches(team_id)
        counts = self.redis.hgetall(Keys(team_id).feed_counts())
        number = {k.decode(): int(v) for k, v in counts.items()}
        return [WatchedFeed(watch, self.feed(watch.fid), number.get(f"{watch.fid}:items", 0),
                            number.get(f"{watch.fid}:articles", 0)) for watch in watches]

    def forget_workspace(self, team_id: str) -> int:
        """A workspace that goes stops watching every feed, and forgets what its feeds brought it; returns how many
        feeds it watched."""
        keys = Keys(team_id)
        fids = [fid.decode() for fid in self.redis.hkeys(keys.feeds())]
        for fid in fids:
            self.redis.srem(FeedKeys(fid).watchers(), team_id)
        digests = list(self.redis.scan_iter(match=keys.every_feed_digest()))
        self.redis.delete(keys.feeds(), keys.feed_counts(), keys.feed_items(), *digests)
        return len(fids)

    # The items a workspace knows

    def known_items(self, team_id: str, keys: list[list[str]]) -> list[bool]:
        """For each item (its keys), whether the workspace already knows it."""
        flat = [key for item in keys for key in item]
        if not flat:
            return [False] * len(keys)
        scores = iter(self.redis.zmscore(Keys(team_id).feed_items(), flat))
        return [any([next(scores) is not None for _ in item]) for item in keys]

    def remember_items(self, team_id: str, fid: str, keys: list[list[str]], at: float) -> None:
        """The workspace knows these items of a feed from now on; its first poll of the feed is done."""
        workspace = Keys(team_id)
        batch = Batch(self.redis, workspace)
        if keys:
            batch.zadd(workspace.feed_items(), {key: at for item in keys for key in item}, nx=True)
            batch.zremrangebyrank(workspace.feed_items(), 0, -FEED_ITEMS_KEPT - 1)
            batch.hincrby(workspace.feed_counts(), f"{fid}:items", len(keys))
        watch = self.watch_of(team_id, fid)
        if watch is not None and watch.first_poll:
            batch.hset(workspace.feeds(), fid, json.dumps({**asdict(watch), "first_poll": False}, ensure_ascii=False))
        batch.apply()

    def count_article(self, team_id: str, fid: str) -> None:
        batch = Batch(self.redis, Keys(team_id))
        batch.hincrby(Keys(team_id).feed_counts(), f"{fid}:articles", 1)
        batch.apply()

    def fenced_watch(self, team_id: str, fid: str) -> tuple[int, Watch | None]:
        """The workspace's generation, for a feed job's writes to be fenced to (see batch.py), and its watch of the
        feed. The generation is read first: a workspace purged after that has no watch, or its writes are refused."""
        return generation_of(self.redis, Keys(team_id)), self.watch_of(team_id, fid)

    # Digests

    def hold_for_digest(self, team_id: str, channel: str, url: str) -> None:
        batch = Batch(self.redis, Keys(team_id))
        batch.rpush(Keys(team_id).feed_digest(channel), url)
        batch.apply()

    def take_digest(self, team_id: str, channel: str) -> list[str]:
        """The articles waiting for a channel's digest, in the order they came; the list is emptied."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.lrange(Keys(team_id).feed_digest(channel), 0, -1)
        pipe.delete(Keys(team_id).feed_digest(channel))
        return list(dict.fromkeys(text_of(url) for url in pipe.execute()[0]))


def _state(fid: str, fields: dict[bytes, bytes]) -> FeedState | None:
    found = {k.decode(): v.decode() for k, v in fields.items()}
    if "url" not in found:
        return None
    return FeedState(fid, **{name: _STATE_FIELDS[name](value) for name, value in found.items() if name in _STATE_FIELDS})
