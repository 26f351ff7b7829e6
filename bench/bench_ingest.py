"""Ingest throughput through the real job queue, with 1 worker against 2, and against bare spaCy.

    python bench/bench_ingest.py ARTICLES.jsonl [--limit N] [--workers 1 2] [--model NAME]

ARTICLES.jsonl holds JSON lines with a "text" field. Each text is served as an HTML page on 127.0.0.1;
`quotebot worker` processes on a private Redis fetch, extract (trafilatura + spaCy) and store every page,
each job enqueued with `bot.queue.JobQueue`. Timing runs from the first enqueue until the last job has
finished, after the workers have loaded the model and run warm-up jobs. Also times bare
`spacy.load(model)` + `nlp.pipe` over the same texts in this process, and reads each worker's peak RSS.

Where the time goes: the CPU seconds spent during each timed run by the workers (and what they started), by Redis,
by this process (the pages it serves, its polling of the queue) and by every other process on the machine (from
/proc/stat), beside the cores' idle time.
"""
import argparse
import html
import itertools
import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, none_left_running, peak_rss_mb, private_redis, read_texts, time_bare_spacy

from rq.job import Job, JobStatus  # noqa: E402

from bot.queue import JobQueue  # noqa: E402
from config.settings import get_settings  # noqa: E402
from tests import processes  # noqa: E402
from tests.local_http import LocalServer  # noqa: E402

JOB = "bench.jobs.ingest"  # by name: the bench process never imports the ingest runtime
WARM_UP_JOBS_PER_WORKER = 2
READY_TIMEOUT = 120  # seconds for a worker to load the model and register
DRAIN_TIMEOUT = 1800
# A job whose attempt failed waits (scheduled) for RQ's retry: settled, since the wait is no ingest work.
SETTLED = (JobStatus.FINISHED, JobStatus.FAILED, JobStatus.SCHEDULED)
LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:")  # a worker log record starts with its time


@dataclass(frozen=True)
class CpuUse:
    """CPU seconds spent over a span of time, by whom."""

    workers: float
    redis: float
    bench: float  # this process: the page server, the polling of the queue
    machine: float  # every process on the machine, ours included
    idle: float

    def __sub__(self, before: "CpuUse") -> "CpuUse":
        return CpuUse(*(now - then for now, then in zip(vars(self).values(), vars(before).values())))

    @property
    def others(self) -> float:
        return self.machine - self.workers - self.redis - self.bench


@dataclass(frozen=True)
class Run:
    workers: int
    seconds: float
    quotes: int
    failures: list[str]  # "URL: last line of the error"
    peak_rss_mb: list[float]
    cpu: CpuUse


def article_page(title: str, text: str) -> str:
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
            f"<body><article>\n{paragraphs}\n</article></body></html>")


def serve_articles(server: LocalServer, texts: list[str]) -> list[str]:
    urls = []
    for number, text in enumerate(texts):
        path = f"/articles/{number}.html"
        server.route(path, article_page(f"Article {number}", text))
        urls.append(server.url(path))
    return urls


def worker_env(redis_url: str, page_port: int, data_dir: Path, model: str) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "REDIS_URL": redis_url, "QUOTEBOT_DATA_DIR": str(data_dir),
            "QUOTEBOT_ALLOW_PRIVATE_URLS": "1", "QUOTEBOT_ALLOWED_PORTS": json.dumps([page_port]),
            "QUOTEBOT_SPACY_MODEL": model}


def start_workers(count: int, env: dict, log_dir: Path) -> list[subprocess.Popen]:
    return [processes.start(["worker"], env, worker_log(log_dir, count, number)) for number in range(count)]


def worker_log(log_dir: Path, count: int, number: int) -> Path:
    return log_dir / f"worker-{count}-{number}.log"


def wait_until_ready(workers: list[subprocess.Popen], env: dict, log_dir: Path) -> None:
    """`quotebot worker` loads the model before it registers with RQ: registered means ready."""
    for number, process in enumerate(workers):
        processes.wait_for_workers(env["REDIS_URL"], process, log_path=worker_log(log_dir, len(workers), number),
                                   timeout=READY_TIMEOUT)


def run_jobs(queue: JobQueue, team_id: str, urls: list[str]) -> tuple[float, list[Job]]:
    """Enqueue one ingest per URL and wait until every job has finished or failed."""
    ids = [f"{team_id}-{number}" for number in range(len(urls))]
    started = time.perf_counter()
    for job_id, url in zip(ids, urls):
        if not queue.enqueue_once(job_id, JOB, team_id, url):
            raise RuntimeError(f"job {job_id} was already queued")
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while time.monotonic() < deadline:
        jobs = Job.fetch_many(ids, connection=queue.connection)
        if all(job.get_status(refresh=False) in SETTLED for job in jobs):
            return time.perf_counter() - started, jobs
        time.sleep(0.1)  # often enough for runs of tens of seconds; more often, the polling takes a core
    raise RuntimeError("the queue did not drain in time")


def failure(job: Job, log_dir: Path) -> str:
    """The job's URL and the last line of its error, from the worker logs: RQ keeps no error for a job
    that waits for a retry."""
    for log in sorted(log_dir.glob("worker-*.log")):
        text = log.read_text()
        start = text.rfind(f"job {job.id}: exception raised")
        if start >= 0:
            traceback = itertools.takewhile(lambda line: not LOG_LINE.match(line), text[start:].splitlines()[1:])
            return f"{job.args[1]}: {[line for line in traceback if line.strip()][-1]}"
    return f"{job.args[1]}: no error logged"


TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu(pids: set[int]) -> float:
    """CPU seconds of these processes and of every process under them still running."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    tree, grown = set(pids), True
    while grown:
        children = {pid for pid, (parent, _) in stats.items() if parent in tree} - tree
        tree, grown = tree | children, bool(children)
    return sum(stats[pid][1] for pid in tree if pid in stats)


def cpu_use(workers: list[subprocess.Popen], client) -> CpuUse:
    redis_cpu = client.info("cpu")
    machine = [int(n) / TICKS for n in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]  # to steal
    return CpuUse(process_cpu({process.pid for process in workers}),
                  redis_cpu["used_cpu_user"] + redis_cpu["used_cpu_sys"], time.process_time(),
                  sum(machine) - machine[3] - machine[4], machine[3] + machine[4])  # idle and iowait


def measure(worker_count: int, queue: JobQueue, urls: list[str], env: dict, log_dir: Path) -> Run:
    workers = start_workers(worker_count, env, log_dir)
    try:
        wait_until_ready(workers, env, log_dir)
        run_jobs(queue, f"warm-up-{worker_count}", urls[:WARM_UP_JOBS_PER_WORKER * worker_count])
        # A workspace of its own per run, so no article is already known from an earlier run.
        before = cpu_use(workers, queue.connection)
        seconds, jobs = run_jobs(queue, f"bench-{worker_count}", urls)
        cpu = cpu_use(workers, queue.connection) - before
        finished = [job for job in jobs if job.get_status(refresh=False) == JobStatus.FINISHED]
        failures = [failure(job, log_dir) for job in jobs if job not in finished]
        for job in jobs:
            if job not in finished:
                job.delete()  # so that no retry runs during the next measurement
        return Run(worker_count, seconds, sum(job.return_value() for job in finished), failures,
                   [peak_rss_mb(process.pid) for process in workers], cpu)
    finally:
        for process in workers:
            processes.stop(process)


def report(texts: list[str], model: str, bare: float, runs: list[Run]) -> None:
    count = len(texts)
    print(f"{count} articles, {sum(len(t.split()) for t in texts)} words, model {model}")
    print(f"bare spaCy nlp.pipe, 1 process: {bare:7.2f} s  {count / bare:6.2f} articles/s")
    first = runs[0]
    for run in runs:
        rate = count / run.seconds
        versus = f"x{rate / (count / first.seconds):.2f} vs {first.workers} worker(s)" if run is not first else ""
        print(f"ingest, {run.workers} worker(s):          {run.seconds:7.2f} s  {rate:6.2f} articles/s  "
              f"{versus:<22} time per article / bare spaCy: x{run.seconds / bare:.2f}")
        print(f"    {run.quotes} quotes stored, {len(run.failures)} jobs failed; worker peak RSS (VmHWM): "
              + ", ".join(f"{mb:.0f} MB" for mb in run.peak_rss_mb))
        cores = os.cpu_count() * run.seconds
        print(f"    CPU seconds over the {run.seconds:.1f} s x {os.cpu_count()} cores ({cores:.1f}): workers "
              f"{run.cpu.workers:.1f}, Redis {run.cpu.redis:.1f}, this benchmark {run.cpu.bench:.1f}, other "
              f"processes {run.cpu.others:.1f}, idle {run.cpu.idle:.1f}")
        for line in run.failures:
            print(f"    failed: {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", nargs="+", help="JSON lines files with a \"text\" field")
    parser.add_argument("--limit", type=int, help="use the first N articles only")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    parser.add_argument("--model", default=get_settings().spacy_model)
    args = parser.parse_args()
    texts = read_texts(args.articles, args.limit)
    bare = time_bare_spacy(args.model, texts, WARM_UP_JOBS_PER_WORKER)  # before any worker starts, so nothing competes for CPU
    with tempfile.TemporaryDirectory(prefix="quotebot-bench-") as tmp, none_left_running(Path(tmp)), \
            private_redis(Path(tmp), appendfsync="everysec") as (redis_url, client), LocalServer() as pages:
        urls = serve_articles(pages, texts)
        queue = JobQueue(client, get_settings())
        env = worker_env(redis_url, pages.port, Path(tmp), args.model)
        runs = [measure(count, queue, urls, env, Path(tmp)) for count in args.workers]
    report(texts, args.model, bare, runs)


if __name__ == "__main__":
    main()
