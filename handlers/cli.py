"""The `quotebot` command: serve Slack, run workers, ingest links, look up quotes, extract from files."""
import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from config.settings import get_settings

log = logging.getLogger(__name__)

LOCAL_TEAM = "local"  # the workspace used by the command line when no Slack team is given


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotebot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the Slack app (HTTP, or Socket Mode with SLACK_APP_TOKEN)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes to start alongside (0: none)")

    worker = commands.add_parser("worker", help="run ingest workers against REDIS_URL")
    worker.add_argument("--processes", type=int, default=1)
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")

    commands.add_parser("status", help="queue depth, jobs in progress, failed jobs and workers alive")

    commands.add_parser("demo", help="ingest an example article served locally and look up its speakers")

    ingest = commands.add_parser("ingest", help="fetch links and store their quotes")
    ingest.add_argument("urls", nargs="+")
    ingest.add_argument("--team", default=LOCAL_TEAM)

    quotes = commands.add_parser("quotes", help="the same lookup as /quotes")
    quotes.add_argument("query", nargs="+")
    quotes.add_argument("--team", default=LOCAL_TEAM)
    quotes.add_argument("--json", action="store_true")

    extract = commands.add_parser("extract", help="extract quotes from .txt/.html files or URLs")
    extract.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    extract.add_argument("--json", action="store_true", help="one JSON line per input")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    return COMMANDS[args.command](args) or 0


def run_serve(args) -> int:
    from bot.redis_conn import stop_embedded, url_of
    from bot.runtime import get_queue, get_redis, get_store
    from handlers.slack.app import create_app, run

    settings, redis_client = get_settings(), get_redis()
    store = get_store()
    try:
        with worker_processes(args.workers, url_of(redis_client), settings.job_timeout):
            run(create_app(settings, store, get_queue()), store, settings, args.host, args.port)
    finally:
        stop_embedded(redis_client)  # after the workers: they may be finishing a job
    return 0


@contextmanager
def worker_processes(count: int, redis_url: str, stop_timeout: float) -> Iterator[list[subprocess.Popen]]:
    """Worker processes on the same Redis; each loads the model once and takes jobs until stopped.

    On the way out, also on SIGTERM or Ctrl-C, each worker is asked to stop once and given `stop_timeout`
    to finish the job it is running, then killed. Workers run in a process group of their own, so a
    Ctrl-C in the terminal reaches them only through us, once."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    env = {**os.environ, "REDIS_URL": redis_url}
    workers = [subprocess.Popen([sys.executable, "-m", "handlers.cli", "worker"], env=env, process_group=0,
                                preexec_fn=stop_with_parent) for _ in range(count)]
    try:
        yield workers
    finally:
        for process in workers:
            process.terminate()
        deadline = time.monotonic() + stop_timeout
        for process in workers:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("worker %d did not stop within %d s; killing it", process.pid, stop_timeout)
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # with RQ's scheduler process, if it has one
                process.wait()


def _exit_on_sigterm(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
    sys.exit(0)


def stop_with_parent() -> None:
    """In the child: ask Linux for SIGTERM when the parent dies, however it dies, so no worker is orphaned."""
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def run_worker(args) -> int:
    from bot.redis_conn import stop_embedded, url_of
    from bot.runtime import get_ingestor, get_queue, get_redis

    if args.processes > 1:
        redis_client = get_redis()
        try:
            with worker_processes(args.processes, url_of(redis_client), get_settings().job_timeout) as children:
                return max(child.wait() for child in children)
        finally:
            stop_embedded(redis_client)
    get_ingestor()  # load the model once, before the first job
    get_queue().run_worker(burst=args.burst)
    return 0


def run_status(args) -> int:
    from bot.runtime import get_queue

    status = get_queue().status()
    print(f"queued: {status.queued}")
    print(f"in progress: {len(status.in_progress)}")
    for description in status.in_progress:
        print(f"  {description}")
    print(f"failed: {len(status.failed)}")
    for description, reason in status.failed:
        print(f"  {description}: {reason}")
    print(f"workers alive: {len(status.workers)}")
    for worker in status.workers:
        print(f"  {worker}")
    return 0


def run_demo(args) -> int:
    from handlers.demo import run_demo as demo

    return demo()


def run_ingest(args) -> int:
    from bot.fetch import FetchError
    from bot.runtime import get_ingestor
    from handlers.text import ingest_text

    failures = 0
    for url in args.urls:
        try:
            print(ingest_text(get_ingestor().ingest(args.team, url, shared_by=os.environ.get("USER"))))
        except FetchError as error:
            failures += 1
            print(f"{url}: {error.reason}", file=sys.stderr)
    return 1 if failures else 0


def run_quotes(args) -> int:
    from bot.lookup import lookup
    from bot.runtime import get_store
    from handlers.text import lookup_text

    result = lookup(get_store(), args.team, " ".join(args.query))
    if args.json:
        print(json.dumps({"query": result.query, "speakers": [s.name for s in result.speakers],
                          "total": result.total, "suggestions": result.suggestions,
                          "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role,
                                      "url": q.article.url, "title": q.article.title,
                                      "outlet": q.article.outlet, "date": q.article.date,
                                      "shared_by": q.article.shared_by} for q in result.quotes]},
                         ensure_ascii=False))
    else:
        print(lookup_text(result))
    return 0


def run_extract(args) -> int:
    from bot.extract import extract_quotes
    from bot.fetch import FetchError
    from bot.nlp import load_nlp

    settings = get_settings()
    nlp = load_nlp(settings.spacy_model)
    articles, errors = [], 0
    for source in args.inputs:
        try:
            articles.append((source, read_input(source, settings)))
        except (FetchError, OSError) as error:
            errors += 1
            reason = getattr(error, "reason", None) or str(error)
            print(json.dumps({"source": source, "error": reason, "quotes": []}) if args.json
                  else f"{source}: {reason}")
    texts = (article.text for _, article in articles)
    for (source, article), doc in zip(articles, nlp.pipe(texts, batch_size=16)):
        quotes = extract_quotes(doc)
        if args.json:
            print(json.dumps({"source": source, "title": article.title,
                              "quotes": [q.to_dict() for q in quotes]}, ensure_ascii=False), flush=True)
        else:
            print(f"{source}: {article.title or ''}")
            for q in quotes:
                print(f"  “{q.text}” — {q.speaker or 'unattributed'}" + (f" ({q.role})" if q.role else ""))
    return 1 if errors else 0


def read_input(source: str, settings):
    """A .txt file is the article text itself; .html files and URLs go through article extraction."""
    from bot.article import article_from_html, read_article
    from bot.models import Article

    if source.startswith(("http://", "https://")):
        return read_article(source, settings)
    path = Path(source)
    if path.suffix.lower() in (".html", ".htm"):
        return article_from_html(path.read_text(encoding="utf-8", errors="replace"), path.resolve().as_uri())
    return Article(url=path.resolve().as_uri(), text=path.read_text(encoding="utf-8")[:settings.max_article_chars])


COMMANDS = {"serve": run_serve, "worker": run_worker, "status": run_status, "demo": run_demo, "ingest": run_ingest,
            "quotes": run_quotes, "extract": run_extract}

if __name__ == "__main__":
    sys.exit(main())
