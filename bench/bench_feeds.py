"""Polling watched feeds through the real queue: the CPU a poll round costs when every feed answers 304, and how soon
a new item's quotes are in the store after the poll that sees it.

    python bench/bench_feeds.py [--feeds 500] [--items 30] [--new 20] [--workers 2]

An outlet on 127.0.0.1 serves FEEDS RSS feeds of ITEMS items each (articles of our own, one quote each), watched by one
workspace on a private Redis. `quotebot worker` processes (with RQ's scheduler) run the polls: every feed is made due
at once, and the round lasts until each has been polled. Its cost is the CPU time the workers (and the schedulers they
fork) used during the round, per feed (also less what they use idle, measured before), beside the Redis server's. Then NEW feeds get a new item at their top and are
polled again: for each item, the seconds from the feed's 200 answer to its quotes being in the store.
"""
import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from common import none_left_running, percentile, private_redis

from bench_ingest import start_workers, wait_until_ready, worker_env  # noqa: E402
from config.settings import Settings  # noqa: E402
from tests import processes  # noqa: E402
from tests.feed_server import Outlet, harbour_story  # noqa: E402

TEAM = "bench-feeds"
ROUND_TIMEOUT = 600
IDLE_SECONDS = 5
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of these processes so far, with their children that have ended."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / CLOCK_TICKS


def worker_pids(workers) -> list[int]:
    """The workers and what they forked (RQ's scheduler)."""
    return [worker.pid for worker in workers] + [left.pid for worker in workers
                                                 for left in processes.descendants(worker)]


def redis_cpu(client) -> float:
    info = client.info("cpu")
    return info["used_cpu_user"] + info["used_cpu_sys"]


def poll_round(feeds, fids: list[str], since: float, status: str) -> float:
    """Make every feed due now and start the poll job at once (rather than at the end of the current slot), and wait
    until each was polled with `status`; the seconds it took."""
    from bot.runtime import get_queue
    from handlers.feeds import poll_due

    started = time.perf_counter()
    for fid in fids:
        feeds.record(fid, {"next_poll": time.time()}, due=time.time())
    get_queue().enqueue_once(f"feed-polls-bench-{int(since * 1000)}", poll_due)
    deadline = time.monotonic() + ROUND_TIMEOUT
    while time.monotonic() < deadline:
        pipe = feeds.redis.pipeline(transaction=False)
        for fid in fids:
            pipe.hmget(f"qb:{{feed:{fid}}}:state", "last_polled", "last_status")
        if all(polled and float(polled) >= since and (found or b"").decode() == status
               for polled, found in pipe.execute()):
            return time.perf_counter() - started
        time.sleep(0.2)
    raise RuntimeError("the poll round did not finish in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--new", type=int, default=20, help="feeds that get a new item for the latency figure")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quotebot-bench-") as tmp, none_left_running(Path(tmp)), \
            private_redis(Path(tmp), appendfsync="everysec") as (redis_url, client), Outlet() as outlet:
        env = {**worker_env(redis_url, outlet.port, Path(tmp), Settings().spacy_model),
               "QUOTEBOT_FEED_INTERVAL_SECONDS": "600", "QUOTEBOT_FEED_FIRST_ITEMS": "1"}
        os.environ.update({name: env[name] for name in ("REDIS_URL", "QUOTEBOT_DATA_DIR", "QUOTEBOT_ALLOW_PRIVATE_URLS",
                                                        "QUOTEBOT_ALLOWED_PORTS", "QUOTEBOT_FEED_INTERVAL_SECONDS")})
        from bot.runtime import get_feeds, get_poller, get_store

        feeds, poller = get_feeds(), get_poller()
        started = time.perf_counter()
        fids = []
        for feed in range(args.feeds):
            stories = [harbour_story(feed * 1000 + item) for item in range(args.items, 0, -1)]
            url = outlet.publish(f"/feeds/{feed}.xml", "rss", f"Outlet {feed}", stories)
            watched, _ = poller.watch(TEAM, url, None, "silent", None)  # its first poll; its items count as known
            fids.append(watched.fid)
        print(f"{args.feeds} feeds of {args.items} items watched (first polls in this process) in "
              f"{time.perf_counter() - started:.1f} s")

        workers = start_workers(args.workers, env, Path(tmp))
        try:
            wait_until_ready(workers, env, Path(tmp))
            pids = worker_pids(workers)
            idle_before = cpu_seconds(pids)
            time.sleep(IDLE_SECONDS)
            idle_rate = (cpu_seconds(pids) - idle_before) / IDLE_SECONDS  # waiting for jobs, the scheduler's loop
            cpu_before, redis_before, since = cpu_seconds(pids), redis_cpu(client), time.time()
            seconds = poll_round(feeds, fids, since, "not modified")
            worker_cpu, server_cpu = cpu_seconds(worker_pids(workers)) - cpu_before, redis_cpu(client) - redis_before
            answered = sum(1 for visit in outlet.visits if visit.status == 304)
            print(f"poll round, every feed 304 ({answered} answers 304), {args.workers} workers: {seconds:.1f} s")
            print(f"    worker CPU {worker_cpu:.2f} s = {1000 * worker_cpu / args.feeds:.2f} ms per feed "
                  f"({1000 * (worker_cpu - idle_rate * seconds) / args.feeds:.2f} ms without the "
                  f"{1000 * idle_rate:.0f} ms/s the workers spend idle); Redis CPU {server_cpu:.2f} s = "
                  f"{1000 * server_cpu / args.feeds:.2f} ms per feed")

            fresh = fids[:args.new]
            for feed in range(args.new):
                stories = [harbour_story(feed * 1000 + item) for item in range(args.items + 1, 1, -1)]
                outlet.publish(f"/feeds/{feed}.xml", "rss", f"Outlet {feed}", stories)
            since, mark = time.time(), time.monotonic()
            poll_round(feeds, fresh, since, "ok")
            store, waiting, delays = get_store(), {}, []
            for feed in range(args.new):
                url = outlet.url(f"/harbour/{feed * 1000 + args.items + 1}")
                [answer] = [visit for visit in outlet.asked(f"/feeds/{feed}.xml")
                            if visit.status == 200 and visit.started >= mark]
                waiting[url] = answer.ended
            deadline = time.monotonic() + ROUND_TIMEOUT
            while waiting and time.monotonic() < deadline:
                for url in [url for url in waiting if store.get_article(TEAM, url)]:
                    delays.append(time.monotonic() - waiting.pop(url))
                time.sleep(0.05)
            if waiting:
                raise RuntimeError(f"{len(waiting)} new items never reached the store")
            print(f"{args.new} new items, one per feed: from the poll's 200 answer to the quotes in the store, "
                  f"median {statistics.median(delays):.1f} s, p95 {percentile(delays, 0.95):.1f} s, "
                  f"max {max(delays):.1f} s ({args.workers} workers)")
            print(f"overlapping requests to the outlet (one host): {len(outlet.overlapping())}")
        finally:
            for worker in workers:
                processes.stop(worker)


if __name__ == "__main__":
    main()
