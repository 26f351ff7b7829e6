"""Every Redis key the store uses, and how the anchor index and the quote records are spread over hashes."""
import re

ANCHOR_BUCKETS = 1 << 14  # enough that each bucket stays a compact small hash up to about a million quotes
# Quote records are kept 32 to a hash, in Redis's compact encoding (for records up to hash-max-listpack-value,
# which the embedded Redis raises: see redis_conn.py). One key per quote costs about 100 bytes of key and index
# overhead each; a compact hash is searched from its start: with 128 to a hash, 1,000 records took 1.7 times as
# long to read.
QUOTES_PER_HASH = 32


class Keys:
    """Every Redis key the store uses."""

    def __init__(self, team_id: str):
        tag = re.sub(r"[{}]", "", team_id)
        self.workspace, self.prefix = team_id, f"qb:{{{tag}}}"

    def counters(self) -> str:  # hash: the last number given to a quote, a correction, a source
        return f"{self.prefix}:counters"

    def article(self, aid: str) -> str:  # JSON record
        return f"{self.prefix}:article:{aid}"

    def article_lock(self, aid: str) -> str:  # held while one worker fetches an article
        return f"{self.prefix}:article:{aid}:lock"

    def articles(self) -> str:  # sorted set: the latest shared articles, by share time
        return f"{self.prefix}:articles"

    def quotes(self, qid: str | int) -> str:  # hash: quote number -> JSON record, for QUOTES_PER_HASH numbers
        return f"{self.prefix}:quotes:{int(qid) // QUOTES_PER_HASH}"

    def save_lock(self) -> str:  # held while new quotes are matched against the stored ones and written
        return f"{self.prefix}:save-lock"

    def speaker(self, sid: str) -> str:  # hash: name, role, kind, quotes (how many)
        return f"{self.prefix}:speaker:{sid}"

    def speaker_timeline(self, sid: str) -> str:  # hash: span number -> packed TIMELINE_ENTRY (see timeline.py)
        return f"{self.prefix}:speaker:{sid}:timeline"

    def speakers(self) -> str:  # hash: speaker id -> display name
        return f"{self.prefix}:speakers"

    def name_index(self) -> str:  # sorted set, all scores 0, members "word\x00speaker id"
        return f"{self.prefix}:names"

    def sources(self) -> str:  # hash: "outlet\x1fchannel" -> source number, and "#number" -> "outlet\x1fchannel"
        return f"{self.prefix}:sources"

    def word(self, word: str) -> str:  # string: packed uint32 entries of the quotes holding it (word_lists.py)
        return f"{self.prefix}:word:{word}"

    def anchors(self, bucket: int) -> str:  # hash: anchor fingerprint -> packed uint32 quote numbers
        return f"{self.prefix}:anchors:{bucket}"

    def conflicts(self) -> str:  # sorted set: quotes credited to someone else elsewhere -> when found
        return f"{self.prefix}:conflicts"

    def correction(self, cid: str) -> str:  # JSON record
        return f"{self.prefix}:correction:{cid}"

    def corrections(self) -> str:  # sorted set: correction id -> when made
        return f"{self.prefix}:corrections"

    def speakers_on(self, day: str) -> str:  # hash: speaker id -> quotes shared that day (kept a week)
        return f"{self.prefix}:day:{day}:speakers"

    def followers(self, sid: str) -> str:  # set of user ids
        return f"{self.prefix}:speaker:{sid}:followers"

    def following(self, user: str) -> str:  # hash: speaker id -> display name
        return f"{self.prefix}:user:{user}:following"

    def pending_news(self, user: str, sid: str) -> str:  # list of quote ids not yet sent to a follower
        return f"{self.prefix}:user:{user}:news:{sid}"

    def news_sent(self, user: str, sid: str) -> str:  # marker, with a TTL: a follower was just told
        return f"{self.prefix}:user:{user}:news:{sid}:sent"

    def kept_query(self, key: str) -> str:  # string, expiring: a lookup too long for the button carrying it
        return f"{self.prefix}:query:{key}"

    def event(self, event_id: str) -> str:  # marker that an event was already handled
        return f"{self.prefix}:event:{event_id}"

    def channel_modes(self) -> str:  # hash: channel id -> how shared links are answered there
        return f"{self.prefix}:channel-modes"

    def installation(self) -> str:  # hash: the workspace's bot installation (token, ids, scopes, expiry)
        return f"{self.prefix}:installation"

    def installation_lock(self) -> str:  # held while one process rotates the workspace's bot token
        return f"{self.prefix}:installation:lock"

    def generation(self) -> str:  # integer, bumped by each purge: a job queued before it may not write (batch.py)
        return f"{self.prefix}:generation"

    def kept_by_purge(self) -> set[str]:  # the installation (removed apart, at once) and the generation
        return {self.installation(), self.installation_lock(), self.generation()}

    def feeds(self) -> str:  # hash: feed id -> JSON of the workspace's watch (url, title, channel, mode…)
        return f"{self.prefix}:feeds"

    def feed_counts(self) -> str:  # hash: "<feed id>:items" and "<feed id>:articles" -> how many seen, ingested
        return f"{self.prefix}:feed-counts"

    def feed_items(self) -> str:  # sorted set: items of watched feeds known here ("u:<article id>", "g:<guid
        return f"{self.prefix}:feed-items"  # digest>") -> when first seen; the newest FEED_ITEMS_KEPT are kept

    def feed_digest(self, channel: str) -> str:  # list: URLs of feed articles waiting for the channel's digest
        return f"{self.prefix}:feed-digest:{channel}"

    def everything(self) -> str:  # SCAN pattern matching every key of the workspace
        return self._pattern() + ":*"

    def every_feed_digest(self) -> str:  # SCAN pattern matching the workspace's feed digests
        return self._pattern() + ":feed-digest:*"

    def _pattern(self) -> str:
        return re.sub(r"([*?\[\]\\])", r"\\\1", self.prefix)

    @staticmethod
    def layout() -> str:  # integer: the version of the layout the stored data is kept in (migration.py)
        return "qb:{layout}:version"

    @staticmethod
    def oauth_state(state: str) -> str:  # string, expiring: an OAuth state issued and not yet used
        return f"qb:oauth-state:{state}"


class FeedKeys:
    """The keys of one watched feed, shared by the workspaces watching it (fetched once for all): tagged by the
    feed, so that its own multi-key operations stay in one cluster slot, apart from any workspace's."""

    def __init__(self, fid: str):
        self.prefix = f"qb:{{feed:{fid}}}"

    def state(self) -> str:  # hash: url, title, validators, last poll and its status, errors, next poll, job
        return f"{self.prefix}:state"

    def watchers(self) -> str:  # set: the workspaces watching the feed
        return f"{self.prefix}:watchers"

    def lock(self) -> str:  # held while one process polls the feed
        return f"{self.prefix}:lock"

    @staticmethod
    def every_feed() -> str:  # set: the id of every watched feed, to schedule them all at startup
        return "qb:{feeds}:all"

    @staticmethod
    def due() -> str:  # sorted set: feed id -> when it is to be polled next (absent: paused)
        return "qb:{feeds}:due"

    @staticmethod
    def host_busy(host: str) -> str:  # held while a feed or one of its items is fetched from this host
        return f"qb:{{host:{host}}}:busy"


def bucket(fingerprint: bytes) -> int:
    return int.from_bytes(fingerprint[:2], "little") % ANCHOR_BUCKETS


