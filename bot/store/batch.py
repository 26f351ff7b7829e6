"""How the store writes: a workspace's writes are gathered in a `Batch` and applied at once by one Lua script, which
first checks the workspace's generation when a job is writing.

A purge bumps the workspace's generation (a key it keeps). A job records the generation when it is queued, and
runs `fenced` to it: while it runs, the script refuses its writes once the generation has moved on, so a job that
was queued before a purge writes nothing after it (it ends with `WorkspaceGone`). Outside a job nothing is checked.

Commands are built with redis-py's own command methods (`batch.hset(…)`, `batch.zadd(…)`), each of one key, named
first; the workspace's keys share its hash tag, so the script stays in one cluster slot. On a Redis Cluster a batch
that saves an article or a correction is then waited for (`WAIT 1`) until a replica holds it, so that what was
answered survives a failover."""
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import redis
from redis.cluster import RedisCluster
from redis.commands.core import DataAccessCommands

from bot.store.keys import Keys

log = logging.getLogger(__name__)

REPLICA_WAIT_MS = 2000  # how long a saved batch waits for a replica before going on with the master's word alone

# KEYS: the workspace's generation, then every key written (declared for the cluster's routing). ARGV[1]: the
# generation expected ('' checks nothing), then each command as its length and its words. HAPPEND key field value
# appends to a hash field (an anchor's packed numbers, a timeline's span). Returns each command's reply, or nil
# when refused.
_APPLY = """
local expected = ARGV[1]
if expected ~= '' and (redis.call('GET', KEYS[1]) or '0') ~= expected then return false end
local replies, i = {}, 2
while i <= #ARGV do
  local n = tonumber(ARGV[i])
  local command = {unpack(ARGV, i + 1, i + n)}
  if command[1] == 'HAPPEND' then
    local before = redis.call('HGET', command[2], command[3]) or ''
    replies[#replies + 1] = redis.call('HSET', command[2], command[3], before .. command[4])
  else
    replies[#replies + 1] = redis.call(unpack(command))
  end
  i = i + n + 1
end
return replies
"""


class WorkspaceGone(BaseException):
    """The workspace a job writes to was purged after the job was queued: its writes are refused. Not an error of
    the job's making, and nothing it should catch (so not an Exception): the worker drops the job."""


_fence: ContextVar[tuple[str, int] | None] = ContextVar("fence", default=None)


@contextmanager
def fenced(workspace: str | None, generation: int | None) -> Iterator[None]:
    """Inside, writes for `workspace` are applied only while its generation is `generation` (None: no fence)."""
    token = _fence.set((workspace, generation) if workspace and generation is not None else None)
    try:
        yield
    finally:
        _fence.reset(token)


def generation_of(client: redis.Redis | RedisCluster, keys: Keys) -> int:
    """How many times the workspace was purged: a job records it when queued, and writes fenced to it."""
    return int(client.get(keys.generation()) or 0)


def generation_expected(workspace: str) -> int | None:
    fence = _fence.get()
    return fence[1] if fence and fence[0] == workspace else None


class Batch(DataAccessCommands):
    """Writes to one workspace, applied together by `apply`."""

    def __init__(self, client: redis.Redis | RedisCluster, keys: Keys):
        self.client, self.keys = client, keys
        self.commands: list[tuple] = []

    def execute_command(self, *args, **options) -> None:
        """What redis-py's command methods call: the command is kept for `apply`."""
        self.commands.append(args)

    def append_to_field(self, key: str, field: bytes | str | int, value: bytes) -> None:
        self.commands.append(("HAPPEND", key, field, value))

    def apply(self, replicated: bool = False) -> list:
        """Run the commands at once; returns their replies. `replicated`: on a cluster, wait until a replica has
        them too. Raises WorkspaceGone inside a job whose workspace was purged since it was queued."""
        if not self.commands:
            return []
        expected = generation_expected(self.keys.workspace)
        written = list(dict.fromkeys(command[1] for command in self.commands))
        args = ["" if expected is None else expected]
        for command in self.commands:
            args += [len(command), *command]
        self.commands = []
        script = ("EVAL", _APPLY, 1 + len(written), self.keys.generation(), *written, *args)
        if replicated and isinstance(self.client, RedisCluster):
            replies = self._apply_and_wait(script)
        else:
            replies = self.client.execute_command(*script)
        if replies is None:
            raise WorkspaceGone(self.keys.workspace)
        return replies

    def _apply_and_wait(self, script: tuple) -> list | None:
        """The script, then WAIT on the same connection (WAIT counts the writes of its own connection)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.execute_command(*script)
        master = self.client.get_node_from_key(self.keys.generation())
        pipe.execute_command("WAIT", 1, REPLICA_WAIT_MS, target_nodes=master)
        replies, acknowledged = pipe.execute(raise_on_error=False)
        if isinstance(replies, Exception):
            raise replies
        if acknowledged != 1:  # no replica in time (or the slot moved meanwhile): the master has it all the same
            log.warning("a write to workspace %s is not yet on a replica: %s", self.keys.workspace, acknowledged)
        return replies
