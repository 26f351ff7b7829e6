"""The `quotebot` command: serve Slack, run workers, ingest links, look up quotes, extract from files."""
import argparse
import json
import logging
import os
import signal
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from config.settings import get_settings

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

    quotes = commands.add_parser("quotes", help="the same lookup as /quotes: a name, or \"words\" in quote marks")
    quotes.add_argument("query", nargs="+")
    add_lookup_options(quotes)

    who = commands.add_parser("who", help="who said these words")
    who.add_argument("words", nargs="+")
    add_lookup_options(who)

    corrections = commands.add_parser("corrections", help="corrections made to quotes, newest first")
    corrections.add_argument("--team", default=LOCAL_TEAM)
    corrections.add_argument("--revert", metavar="ID", help="undo this correction")

    export = commands.add_parser("export", help="quotes as CSV or JSON lines, one row per quote and article")
    export.add_argument("query", nargs="*", help="a lookup (a name, or \"words\"); none: the whole workspace")
    export.add_argument("--team", default=LOCAL_TEAM)
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument("--output", help="file to write (default: standard output)")

    extract = commands.add_parser("extract", help="extract quotes from .txt/.html files or URLs")
    extract.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
    extract.add_argument("--json", action="store_true", help="one JSON line per input")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    return COMMANDS[args.command](args) or 0


def add_lookup_options(command) -> None:
    command.add_argument("--team", default=LOCAL_TEAM)
    command.add_argument("--since", help="articles from this date on (YYYY-MM-DD)")
    command.add_argument("--until", help="articles up to this date (YYYY-MM-DD)")
    command.add_argument("--outlet", help="articles of outlets matching this")
    command.add_argument("--page", type=int, default=1)
    command.add_argument("--json", action="store_true")


def lookup_query(text: str, args, words: bool = False):
    """The query typed on the command line, its options added as filters."""
    from bot.lookup import parse_query
    from bot.store import Filters

    query = parse_query(f"“{text}”" if words else text)
    options = {name: getattr(args, name, None) for name in ("since", "until", "outlet")}
    return replace(query, filters=Filters(**{**vars(query.filters), **{k: v for k, v in options.items() if v}}))


def run_serve(args) -> int:
    from bot.redis_conn import url_of
    from bot.runtime import get_queue, get_redis, get_store
    from handlers.slack.app import create_app, run

    settings = get_settings()
    store = get_store()
    workers = start_workers(args.workers, url_of(get_redis()))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # so the workers are stopped with us
    try:
        run(create_app(settings, store, get_queue()), store, settings, args.host, args.port)
    finally:
        for process in workers:
            process.terminate()
    return 0


def start_workers(count: int, redis_url: str) -> list[subprocess.Popen]:
    """Worker processes on the same Redis; each loads the model once and takes jobs until stopped."""
    env = {**os.environ, "REDIS_URL": redis_url}
    return [subprocess.Popen([sys.executable, "-m", "handlers.cli", "worker"], env=env,
                             preexec_fn=stop_with_parent) for _ in range(count)]


def stop_with_parent() -> None:
    """In the child: ask Linux for SIGTERM when the parent dies, however it dies, so no worker is orphaned."""
    if sys.platform == "linux":
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def run_worker(args) -> int:
    from bot.redis_conn import url_of
    from bot.runtime import get_ingestor, get_queue, get_redis

    if args.processes > 1:
        children = start_workers(args.processes, url_of(get_redis()))
        return max(child.wait() for child in children)
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
    from bot.store import Share
    from handlers.text import ingest_text

    failures = 0
    for url in args.urls:
        try:
            print(ingest_text(get_ingestor().ingest(args.team, url, Share(by=os.environ.get("USER")))))
        except FetchError as error:
            failures += 1
            print(f"{url}: {error.reason}", file=sys.stderr)
    return 1 if failures else 0


def run_quotes(args) -> int:
    return print_lookup(lookup_query(" ".join(args.query), args), args)


def run_who(args) -> int:
    return print_lookup(lookup_query(" ".join(args.words), args, words=True), args)


def print_lookup(query, args) -> int:
    from bot.lookup import QueryError, lookup
    from bot.runtime import get_store
    from handlers.text import lookup_text

    try:
        result = lookup(get_store(), args.team, query, page=args.page)
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
    return {"text": quote.text, "speaker": quote.speaker, "role": quote.role, **articles[-1],
            "articles": articles, "first_seen": articles[0],
            "also_attributed_to": [{"speaker": other.speaker, "articles": [article_json(a) for a in other.articles]}
                                   for other in quote.also_attributed_to],
            "variants": [{"text": variant.text, "articles": [article_json(a) for a in variant.articles]}
                         for variant in quote.variants],
            "correction": {"by": correction.by, "at": correction.at, "from": correction.before,
                           "to": correction.after} if correction else None}


def article_json(article) -> dict:
    return {"url": article.url, "title": article.title, "outlet": article.outlet, "date": article.day,
            "shared_by": article.shared_by}


def run_corrections(args) -> int:
    from bot.runtime import get_store
    from handlers.text import correction_text

    store = get_store()
    if args.revert:
        try:
            correction = store.revert(args.team, args.revert, by=os.environ.get("USER") or "command line")
        except KeyError:
            print(f"No correction {args.revert}.", file=sys.stderr)
            return 2
        print(correction_text(correction, store.quotes(args.team, [correction.quote_id])[0]))
        return 0
    corrections = store.corrections(args.team)
    quotes = store.quotes(args.team, [c.quote_id for c in corrections])
    for correction, quote in zip(corrections, quotes):
        print(correction_text(correction, quote))
    if not corrections:
        print("No corrections.")
    return 0


def run_export(args) -> int:
    from bot import export
    from bot.runtime import get_store

    query = lookup_query(" ".join(args.query), args) if args.query else None
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
            "quotes": run_quotes, "who": run_who, "corrections": run_corrections, "export": run_export,
            "extract": run_extract}

if __name__ == "__main__":
    sys.exit(main())
