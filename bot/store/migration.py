"""Data kept by an earlier QuoteBot brought to the store's present layout, once, when a store is opened.

Layout 1 kept each quote record under a key of its own (`qb:{T}:quote:N`) and each speaker's timeline in one
string. Layout 2 keeps quote records QUOTES_PER_HASH to a hash and timelines in hashes by span (timeline.py).
Each step is a script over the keys of one workspace, so it is safe to run twice, or from two processes at once;
the layout's version is recorded when every step is done."""
import logging

import redis
from redis.cluster import RedisCluster

from bot.store.keys import Keys
from bot.store.records import TIMELINE_ENTRY
from bot.store.timeline import SPAN_MINUTES

log = logging.getLogger(__name__)

LAYOUT = 2
SCAN_BATCH = 1000
OLD_QUOTE_RECORDS = "qb:*:quote:*"  # qb:{T}:quote:N, a JSON string
OLD_TIMELINES = "qb:*:speaker:*:timeline"  # the same key as now, a string then

# KEYS[1]: the hash a quote record now lives in; KEYS[2…]: records kept one per key, ARGV their quote numbers.
# A record the hash already holds was written since, and stays.
_MOVE_RECORDS = """
for i = 2, #KEYS do
  local record = redis.call('GET', KEYS[i])
  if record then
    redis.call('HSETNX', KEYS[1], ARGV[i - 1], record)
    redis.call('DEL', KEYS[i])
  end
end
return #KEYS - 1
"""

# KEYS[1]: a speaker's timeline kept in one string. ARGV: minutes a span, bytes an entry (its minute first,
# little-endian). The entries are regrouped by span in a hash under the same key.
_SPLIT_TIMELINE = """
if redis.call('TYPE', KEYS[1]).ok ~= 'string' then return 0 end
local packed, span_minutes, size = redis.call('GET', KEYS[1]), tonumber(ARGV[1]), tonumber(ARGV[2])
local spans, order = {}, {}
for at = 1, #packed - size + 1, size do
  local span = math.floor(struct.unpack('<I4', packed, at) / span_minutes)
  if not spans[span] then spans[span], order[#order + 1] = {}, span end
  table.insert(spans[span], string.sub(packed, at, at + size - 1))
end
redis.call('DEL', KEYS[1])
for _, span in ipairs(order) do redis.call('HSET', KEYS[1], string.format('%d', span), table.concat(spans[span])) end
return #order
"""


def upgrade(client: redis.Redis | RedisCluster) -> None:
    """Move data kept in an earlier layout to this one, unless the store says it was done."""
    if int(client.get(Keys.layout()) or 1) >= LAYOUT:
        return
    moved = _move_quote_records(client)
    split = _split_timelines(client)
    if moved or split:
        log.info("store upgraded to layout %d: %d quote records, %d speaker timelines moved", LAYOUT, moved, split)
    client.set(Keys.layout(), LAYOUT)


def _move_quote_records(client: redis.Redis | RedisCluster) -> int:
    moved, found = 0, []
    for key in client.scan_iter(match=OLD_QUOTE_RECORDS, count=SCAN_BATCH, _type="string"):
        found.append(key.decode())
        if len(found) == SCAN_BATCH:
            moved, found = moved + _move_into_hashes(client, found), []
    return moved + _move_into_hashes(client, found)


def _move_into_hashes(client: redis.Redis | RedisCluster, old_keys: list[str]) -> int:
    """One script per hash the records go to (the keys of one workspace, so of one cluster slot)."""
    by_hash: dict[str, list[tuple[str, str]]] = {}
    for key in old_keys:
        prefix, qid = key.rsplit(":quote:", 1)
        workspace = prefix.removeprefix("qb:{").removesuffix("}")
        by_hash.setdefault(Keys(workspace).quotes(qid), []).append((key, qid))
    pipe = client.pipeline(transaction=False)
    for target, records in by_hash.items():
        pipe.execute_command("EVAL", _MOVE_RECORDS, 1 + len(records), target, *[key for key, _ in records],
                             *[qid for _, qid in records])  # a cluster's pipeline has no eval()
    return sum(pipe.execute())


def _split_timelines(client: redis.Redis | RedisCluster) -> int:
    split = 0
    for key in client.scan_iter(match=OLD_TIMELINES, count=SCAN_BATCH, _type="string"):
        split += bool(client.eval(_SPLIT_TIMELINE, 1, key, SPAN_MINUTES, TIMELINE_ENTRY.itemsize))
    return split
