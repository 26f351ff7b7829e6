"""Helpers shared by the benchmarks: article files, a private Redis, percentiles, process memory."""
import json
import math
import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python bench/X.py`: make `bot`, `handlers`, `tests` importable
    sys.path.insert(0, str(ROOT))

import redis  # noqa: E402
import spacy  # noqa: E402

from tests import processes  # noqa: E402
from tests.redis_process import RedisProcess  # noqa: E402


def read_texts(paths: list[str], limit: int | None) -> list[str]:
    """The "text" field of each JSON line, in file order."""
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as lines:
            texts.extend(json.loads(line)["text"] for line in lines if line.strip())
    return texts[:limit]


def time_bare_spacy(model: str, texts: list[str], warm_up: int) -> float:
    """Seconds for `spacy.load(model)` to pipe `texts`, after a few texts to warm up: the baseline."""
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:warm_up]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - started


@contextmanager
def none_left_running(directory: Path):
    """Every process the benchmark starts from here on (its data in `directory`) is stopped by the end, also
    on SIGTERM or Ctrl-C; checks that none is left running."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))  # run the clean-up on the way out
    processes.mark_session(directory)
    try:
        yield
    finally:
        processes.check_none_left()


@contextmanager
def private_redis(data_dir: Path, appendfsync: str | None):
    """A redis-server of our own on 127.0.0.1; yields (url, client). `appendfsync` None turns
    persistence off (memory figures then count data only), else sets the append-only log's fsync."""
    server = RedisProcess(data_dir).start()
    client = redis.Redis.from_url(server.url)
    try:
        if appendfsync is None:
            client.config_set("appendonly", "no")
        else:
            client.config_set("appendfsync", appendfsync)
        yield server.url, client
    finally:
        client.close()
        server.stop()


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident set size (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise ValueError(f"no VmHWM for process {pid}")
