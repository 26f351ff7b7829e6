"""The `quotebot` command: serve Slack and Discord, run workers, ingest links, look up quotes, extract from files."""
import argparse
import asyncio
import atexit
import functools
import gc
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from bot.logs import configure_logging
from config.settings import get_settings
from handlers.cli_feeds import add_feeds_command, run_feeds
from handlers.startup import StartupError, check_discord, check_serve

LOCAL_TEAM = "local"  # the workspace used by the command line when no Slack team is given

log = logging.getLogger(__name__)


# Services log what they do; the commands that answer a person print the answer and log only trouble.
SERVICES = {"serve", "discord", "worker"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotebot", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-v", "--verbose", action="count", default=0, help="more logs on stderr (-vv: debug)")
    commands = parser.add_subparsers(dest="command", required=True)
    add = functools.partial(commands.add_parser, parents=[common])

    serve = add("serve", help="run every front end whose credentials are set: the Slack app (HTTP, or Socket Mode "
                              "with SLACK_APP_TOKEN), the Discord bot, or both")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes to start alongside (0: none)")

    discord = add("discord", help="run the Discord bot (DISCORD_BOT_TOKEN), or register its commands")
    discord.add_argument("--workers", type=int, default=1, help="worker processes to start alongside (0: none)")
    discord.add_argument("--metrics-port", type=int, help="serve the bot's and its workers' Prometheus metrics "
                                                          "on this port")
    discord.add_argument("--shards", type=int, metavar="N", help="Gateway shards in all (default: as many as "
                                                               "Discord recommends)")
    discord.add_argument("--shard-ids", type=shard_ids, metavar="0,1", help="with --shards: run only these shards "
                                                                          "here (the others run elsewhere)")
    discord.add_argument("--sync", action="store_true", help="register the application commands, then exit")
    discord.add_argument("--guild", type=int, help="with --sync: in this server only (at once), not globally")

    worker = add("worker", help="run ingest workers against REDIS_URL")
    worker.add_argument("--processes", type=int, default=1)
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    worker.add_argument("--metrics-port", type=int, help="serve these workers' Prometheus metrics on this port")

    add("status", help="queue depth, jobs in progress, failed jobs and workers alive")

    add("demo", help="ingest an example article served locally and look up its speakers")

    ingest = add("ingest", help="fetch links and store their quotes")
    ingest.add_argument("urls", nargs="+")
    ingest.add_argument("--team", default=LOCAL_TEAM)

    quotes = add("quotes", help="the same lookup as /quotes: a name, or \"words\" in quote marks")
    quotes.add_argument("query", nargs="+")
    add_lookup_options(quotes)

    who = add("who", help="who said these words")
    who.add_argument("words", nargs="+")
    add_lookup_options(who)

    corrections = add("corrections", help="corrections made to quotes, newest first")
    corrections.add_argument("--team", default=LOCAL_TEAM)
    corrections.add_argument("--revert", metavar="ID", help="undo this correction")

    export = add("export", help="quotes as CSV or JSON lines, one row per quote and article")
    export.add_argument("query", nargs="*", help="a lookup (a name, or \"words\"); none: the whole workspace")
    add_filter_options(export)
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--output", help="file to write (default: standard output)")

    extract = add("extract", help="extract quotes from .txt/.html files or URLs")
    extract.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    extract.add_argument("--json", action="store_true", help="one JSON line per input")

    add_feeds_command(add, LOCAL_TEAM)

    args = parser.parse_args(argv)
    if getattr(args, "shard_ids", None) and not (args.shards and all(i < args.shards for i in args.shard_ids)):
        parser.error("--shard-ids needs --shards N, and ids below N")
    quiet = logging.INFO if args.command in SERVICES and not getattr(args, "sync", False) else logging.WARNING
    configure_logging({0: quiet, 1: logging.INFO}.get(args.verbose, logging.DEBUG), get_settings().log_format)
    if args.command == "serve" or getattr(args, "metrics_port", None):
        share_metrics_between_processes()
    try:
        return COMMANDS[args.command](args) or 0
    except StartupError as error:
        print(f"quotebot {args.command}: {error}", file=sys.stderr)
        return 2


def share_metrics_between_processes() -> None:
    """prometheus_client's multiprocess mode: this process and the workers it starts (they inherit the
    variable) count into one directory, which /metrics adds up. Set before the library is first imported;
    a directory of our own, fresh each run, unless PROMETHEUS_MULTIPROC_DIR is set already."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        directory = tempfile.mkdtemp(prefix="quotebot-metrics-")
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory


def shard_ids(text: str) -> tuple[int, ...]:
    """"0,1" -> (0, 1)."""
    try:
        ids = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of shard ids: {text!r}") from None
    if any(i < 0 for i in ids):
        raise argparse.ArgumentTypeError("shard ids start at 0")
    return ids


def add_filter_options(command) -> None:
    command.add_argument("--team", default=LOCAL_TEAM)
    command.add_argument("--since", help="articles from this date on (YYYY-MM-DD)")
    command.add_argument("--until", help="articles up to this date (YYYY-MM-DD)")
    command.add_argument("--outlet", help="articles of outlets matching this")


def add_lookup_options(command) -> None:
    add_filter_options(command)
    command.add_argument("--page", type=int, default=1)
    command.add_argument("--json", action="store_true")


def lookup_query(text: str, args, words: bool = False):
    """The query typed on the command line, its options added as filters. Raises QueryError."""
    from bot.lookup import parse_query, with_filters

    query = parse_query(f"“{text}”" if words else text)
    return with_filters(query, since=args.since, until=args.until, outlet=args.outlet)


def run_serve(args) -> int:
    from bot.redis_conn import url_of
    from bot.runtime import get_queue_redis

    settings = get_settings()
    chosen = front_ends(args.command, settings)
    with service_lifetime():
        check_serve(settings, chosen)
        if getattr(args, "metrics_port", None):
            serve_metrics(args.metrics_port)
        with worker_processes(args.workers, url_of(get_queue_redis())):
            run_front_ends(runners(chosen, args, settings))
    return 0


def front_ends(command: str, settings) -> list[str]:
    """`serve`: every front end whose credentials are set (Slack when none is, so that it names what is missing);
    `discord`: the Discord bot alone."""
    if command == "discord":
        return ["discord"]
    chosen = ["discord"] if settings.discord_bot_token else []
    slack = (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token,
             settings.slack_client_id, settings.slack_client_secret)
    return chosen + ["slack"] if any(slack) or not chosen else chosen


def runners(chosen: list[str], args, settings) -> list[Callable[[], None]]:
    """A function running each chosen front end, Slack last (it runs in the main thread)."""
    from bot.runtime import get_queue, get_store

    store, jobs, found = get_store(), get_queue(), []
    if "discord" in chosen:
        from handlers.discord import bot

        shards = bot.Shards(getattr(args, "shards", None), getattr(args, "shard_ids", None))
        found.append(lambda: bot.run(settings, store, jobs, shards))
    if "slack" in chosen:
        from handlers.slack.app import create_app, run

        app = create_app(settings, store, jobs)
        found.append(lambda: run(app, store, settings, args.host, args.port))
    return found


def run_front_ends(runners: list[Callable[[], None]]) -> None:
    """The last front end in this thread, any others in threads of their own: one that stops stops the process
    (through SIGTERM, so that it shuts down the way `service_lifetime` says)."""
    def run_then_stop(runner: Callable[[], None]) -> None:
        try:
            runner()
        except Exception:
            log.exception("a front end stopped")
        finally:
            os.kill(os.getpid(), signal.SIGTERM)

    for runner in runners[:-1]:
        threading.Thread(target=run_then_stop, args=(runner,), daemon=True).start()
    runners[-1]()


def run_discord(args) -> int:
    settings = get_settings()
    if args.sync:
        from handlers.discord.bot import sync_commands

        check_discord(settings)
        names = asyncio.run(sync_commands(settings, args.guild))
        print(f"registered {', '.join(names)} " + (f"in server {args.guild}" if args.guild else "globally"))
        return 0
    return run_serve(args)


@contextmanager
def service_lifetime() -> Iterator[None]:
    """How `serve`, `discord` and `worker` end, whatever ends them (SIGTERM, Ctrl-C, a front end that stops, a
    startup check that fails): what runs inside unwinds first (workers are stopped, see `worker_processes`),
    then the embedded Redis this process started shuts down after saving. A server at REDIS_URL is left running.
    A stop asked by SIGTERM or Ctrl-C is over within QUOTEBOT_STOP_SECONDS."""
    from bot.runtime import stop_embedded_redis

    signal.signal(signal.SIGTERM, _stop_asked)
    signal.signal(signal.SIGINT, _stop_asked)
    try:
        yield
    finally:
        stop_embedded_redis()
        # The process ends: spare its last garbage collection, which walks every object of the loaded model
        # (a second and more on a busy machine).
        gc.freeze()


_stop_asked_at: float | None = None  # time.monotonic() of the SIGTERM or Ctrl-C that stops this process


def _stop_asked(signum, frame) -> None:
    global _stop_asked_at
    _stop_asked_at = time.monotonic()
    for name in (signal.SIGTERM, signal.SIGINT):  # a second one must not cut the clean-up short
        signal.signal(name, signal.SIG_IGN)
    sys.exit(0)


@contextmanager
def worker_processes(count: int, redis_url: str) -> Iterator[list[subprocess.Popen]]:
    """Worker processes on the same Redis; each loads the model once and takes jobs until stopped.

    On the way out each worker is asked to stop once, and stops its job in time to be gone before the embedded
    Redis needs the rest of the stop time (see `bot.queue.job_grace`). One still running then is killed with
    whatever it forked, and the job it held is put back on the queue. Workers run in a process group of their
    own, so a Ctrl-C in the terminal reaches them only through us, once."""
    from bot.queue import STORE_STOP_SECONDS

    env = {**os.environ, "REDIS_URL": redis_url}
    workers = [subprocess.Popen([sys.executable, "-m", "handlers.cli", "worker"], env=env, process_group=0,
                                preexec_fn=stop_with_parent) for _ in range(count)]
    try:
        yield workers
    finally:
        for process in workers:
            process.terminate()
        deadline = (_stop_asked_at or time.monotonic()) + get_settings().stop_seconds - STORE_STOP_SECONDS
        for process in workers:
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            with suppress(ProcessLookupError):  # a worker still running, or what one forked and left (RQ's scheduler)
                os.killpg(process.pid, signal.SIGKILL)
            if process.wait() == -signal.SIGKILL:
                log.warning("worker %d did not stop in time and was killed", process.pid)
                put_back_jobs_of(process.pid)


def put_back_jobs_of(pid: int) -> None:
    """The job a killed worker held, back at the head of the queue (without Redis, RQ retries it later)."""
    import redis

    from bot.runtime import get_queue

    try:
        for job_id in get_queue().put_back_jobs_of(pid):
            log.info("job %s of worker %d is back at the head of the queue", job_id, pid)
    except redis.RedisError as error:
        log.warning("could not put back the job of worker %d (%s)", pid, error)


def stop_with_parent() -> None:
    """In the child: ask Linux for SIGTERM when the parent dies, however it dies, so no worker is orphaned."""
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def serve_metrics(port: int) -> None:
    """Prometheus metrics on their own port, for processes without the Slack app's /metrics."""
    from prometheus_client import start_http_server

    from bot import metrics
    from bot.runtime import get_queue

    start_http_server(port, registry=metrics.registry(get_queue()))


def run_worker(args) -> int:
    from bot.redis_conn import url_of
    from bot.runtime import get_ingestor, get_queue, get_queue_redis
    from handlers.feeds import schedule_every_feed

    with service_lifetime():
        if args.metrics_port:
            serve_metrics(args.metrics_port)
        if args.processes > 1:
            with worker_processes(args.processes, url_of(get_queue_redis())) as children:
                return max(child.wait() for child in children)
        get_ingestor()  # load the model once, before the first job
        schedule_every_feed()
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
    from bot.store import Share
    from handlers.text import ingest_text

    failures = 0
    for url in progress(args.urls):
        try:
            say(ingest_text(get_ingestor().ingest(args.team, url, Share(by=os.environ.get("USER")))))
        except FetchError as error:
            failures += 1
            say(f"{url}: {error.reason}", sys.stderr)
    return 1 if failures else 0


def run_quotes(args) -> int:
    return print_lookup(" ".join(args.query), args)


def run_who(args) -> int:
    return print_lookup(" ".join(args.words), args, words=True)


def print_lookup(text: str, args, words: bool = False) -> int:
    from bot.lookup import QueryError, lookup
    from bot.runtime import get_store
    from handlers.text import lookup_text

    try:
        result = lookup(get_store(), args.team, lookup_query(text, args, words), page=args.page)
    except QueryError as error:
        print(error, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"query": str(result.query), "total": result.total, "page": result.page,
                          "pages": result.pages, "speakers": [s.name for s in result.speakers],
                          "suggestions": result.suggestions, "quotes": [quote_json(q) for q in result.quotes]},
                         ensure_ascii=False))
    else:
        print(lookup_text(result))
    return 0


def quote_json(quote) -> dict:
    """A quote in the command line's JSON: its newest article's fields, then every article and the links."""
    articles = [article_json(a) for a in quote.articles]
    correction = quote.correction
    return {"text": quote.text, "speaker": quote.speaker, "role": quote.role, "attribution": quote.attribution,
            "speaker_as_written": quote.speaker_as_written, "confidence": quote.confidence, **articles[-1],
            "articles": articles, "first_seen": articles[0],
            "also_attributed_to": [{"speaker": other.speaker, "articles": [article_json(a) for a in other.articles]}
                                   for other in quote.also_attributed_to],
            "variants": [{"text": variant.text, "articles": [article_json(a) for a in variant.articles]}
                         for variant in quote.variants],
            "correction": {"by": correction.by, "at": correction.at, "from": correction.before,
                           "to": correction.after} if correction else None}


def article_json(article) -> dict:
    return {"url": article.url, "title": article.title, "outlet": article.outlet, "date": article.day,
            "shared_by": article.shared_by, "via": article.via}


def run_corrections(args) -> int:
    from bot.runtime import get_store
    from handlers import commands
    from handlers.text import PLAIN, corrections_text

    if args.revert:
        try:
            print(commands.revert(get_store(), args.team, os.environ.get("USER") or "command line", args.revert, PLAIN))
        except commands.Refused as refused:
            print(refused, file=sys.stderr)
            return 2
        return 0
    print(corrections_text(commands.corrections(get_store(), args.team, count=100)))
    return 0


def run_export(args) -> int:
    from bot import export
    from bot.lookup import QueryError
    from bot.runtime import get_store

    try:
        query = lookup_query(" ".join(args.query), args) if args.query else None
    except QueryError as error:
        print(error, file=sys.stderr)
        return 2
    quotes = export.quotes_to_export(get_store(), args.team, query)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = export.write(quotes, out, args.format)
        print(f"{count} rows written to {args.output}", file=sys.stderr)
    else:
        export.write(quotes, sys.stdout, args.format)
    return 0


def run_extract(args) -> int:
    from bot.extract import extract_quotes
    from bot.fetch import FetchError
    from bot.nlp import load_nlp

    settings = get_settings()
    nlp = load_nlp(settings.spacy_model)
    errors = []

    def readable():
        for source in progress(args.inputs):
            try:
                article = read_input(source, settings)
            except (FetchError, OSError) as error:
                errors.append(source)
                reason = getattr(error, "reason", None) or str(error)
                say(json.dumps({"source": source, "error": reason, "quotes": []}) if args.json
                    else f"{source}: {reason}")
                continue
            yield article.text, (source, article)

    for doc, (source, article) in nlp.pipe(readable(), as_tuples=True, batch_size=16):
        quotes = extract_quotes(doc)
        if args.json:
            say(json.dumps({"source": source, "title": article.title, "quotes": [q.to_dict() for q in quotes]},
                           ensure_ascii=False))
        else:
            say("\n".join([f"{source}: {article.title or ''}"] + [
                f"  “{q.text}” — {extracted_speaker(q)}" + (f" ({q.role})" if q.role else "") for q in quotes]))
    return 1 if errors else 0


def extracted_speaker(quote) -> str:
    from handlers import present

    if quote.unclear:
        return present.speaker_unclear(quote.speaker_as_written, present.PlainText())
    return quote.speaker or "unattributed"


def progress(items: list):
    """Items with a progress bar on stderr when it is a terminal and there is more than one; none when piped."""
    from tqdm import tqdm

    return tqdm(items, file=sys.stderr, disable=len(items) < 2 or not sys.stderr.isatty(), leave=False)


def say(line: str, stream=None) -> None:
    """Print a line of the answer without breaking the progress bar, at once (a reader may be waiting)."""
    from tqdm import tqdm

    stream = stream or sys.stdout
    tqdm.write(line, file=stream)
    stream.flush()


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


COMMANDS = {"serve": run_serve, "discord": run_discord, "worker": run_worker, "status": run_status, "demo": run_demo,
            "ingest": run_ingest, "quotes": run_quotes, "who": run_who, "corrections": run_corrections,
            "export": run_export, "extract": run_extract, "feeds": run_feeds}

if __name__ == "__main__":
    sys.exit(main())
