"""Lookup latency and memory as the store grows, on one Redis and on a Redis Cluster, and what matching new quotes
costs an ingest.

    python bench/bench_lookup.py [--sizes 10000 100000 1000000] [--cluster-sizes 1000000] [--queries 500]
                                 [--writers 2] [--articles ARTICLES.jsonl] [--model NAME]

A private Redis is filled with synthetic quotes through `QuoteStore.save_article`, so every quote is
matched against the stored ones as a real ingest does (articles of 1-9 quotes from three outlets shared in
five channels; 20,000 speakers with Zipf-like counts, so the most quoted have tens of thousands of quotes;
words drawn Zipf-like from English function words and a 20,000-word vocabulary; one quote in twenty an
excerpt of an earlier one, a fifth of those credited to someone else). At each size the same mix of
queries runs: full names of the most quoted speakers and of speakers with a few quotes, surnames alone,
misses (a typo no name starts with, which asks for suggestions), words in quote marks ("who said this"),
a name with an outlet and a date filter, and later pages of the most quoted.
  handler: the `/quotes` listener called directly, with a bolt-like context and plain ack/respond (later
           pages: the same lookup and rendering as the paging buttons);
  HTTP:    signed slash commands to `quotebot serve --workers 0`, timed until its answer reaches the
           response_url on a local stand-in for Slack.
Also prints Redis memory per stored quote (INFO used_memory growth / quotes). With --cluster-sizes, a Redis
Cluster of three masters and three replicas (tests/redis_cluster.py) on 127.0.0.1 is filled the same way and the
same queries are timed there (`quotebot serve` then keeps the store in the cluster, its queue on the private
Redis; memory is the masters' growth). With --articles, at the largest size, real article texts are extracted
and saved, timing the save (which matches their quotes against the stored ones) beside the extraction; the
synthetic quotes then draw on those articles' words.
"""
import argparse
import bisect
import multiprocessing
import random
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from common import ROOT, none_left_running, percentile, private_redis, read_texts

from bot.extract import extract_quotes  # noqa: E402
from bot.lookup import PAGE_SIZE, closest_names  # noqa: E402
from bot.matching import quote_words, searchable  # noqa: E402
from bot.nlp import load_nlp  # noqa: E402
from bot.models import Article, Quote, SpeakerKind  # noqa: E402
from bot.redis_conn import connect, connect_cluster  # noqa: E402
from bot.store import QuoteStore, Share, Speaker  # noqa: E402
from config.settings import Settings, get_settings  # noqa: E402
from handlers.slack.listeners.actions.pages import turn_page  # noqa: E402
from handlers.slack.listeners.commands.quotes import quotes_command  # noqa: E402
from tests.slack_app import SECRET, app_env, running_app  # noqa: E402
from tests.slack_requests import post_signed, slash_command  # noqa: E402
from tests.redis_cluster import node_client, running_cluster  # noqa: E402
from tests.slack_standin import Call, SlackStandIn  # noqa: E402

TEAM = "TBENCH"
SPEAKERS = 20_000
SEED = 20240601
SYLLABLES = ("ba ko ri man del ster lo vi na ter son gar mi pe lu zan qui dor fen al tho wen ca bri sel mor "
             "ha ju nik os ray tu bel cor din ev gra hol isk lam").split()
VOCABULARY_SIZE = 20_000
VOCABULARY_FLATTENING = 30  # Zipf-Mandelbrot: the commonest content word is about 0.3% of them, as in news
ARTICLES_PER_TASK = 2_000
WARM_UP_QUERIES = 20
SUGGESTION_SAMPLES = 20
QUERY_MIX = {"big": 0.2, "small": 0.15, "surname": 0.1, "miss": 0.1, "words": 0.15, "filtered": 0.15,
             "paged": 0.15}
OUTLETS = ["Daily Example", "Example Times", "The Sample"]
CHANNELS = ["CNEWS", "CPOLITICS", "CDESK", "CWORLD", "CLOCAL"]
FUNCTION_WORDS = ("the to of and a in that is we it for be will this on not with have are i they our "
                  "you as at but what he by from was all would there their if do can an people so".split())
FUNCTION_WORD_SHARE = 0.45
EXCERPT_SHARE, CREDITED_ELSEWHERE = 0.05, 0.2
RECENT_QUOTES = 2_000  # what a writer remembers to excerpt from


@dataclass(frozen=True)
class Population:
    names: list[str]  # speaker names, indexed by speaker number
    weights: list[float]  # cumulative Zipf weights, by speaker number
    vocabulary: list[str]


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    page: int = 1


# Synthetic data

def pseudo_words(rng: random.Random, count: int) -> list[str]:
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))))
    return sorted(words)


def zipf_weights(count: int, flattening: int = 0) -> list[float]:
    cumulative, total = [], 0.0
    for rank in range(1, count + 1):
        total += 1 / (rank + flattening)
        cumulative.append(total)
    return cumulative


def make_population(texts: list[str]) -> Population:
    """Speakers, and the words their quotes are drawn from: those of `texts` by frequency when given (so
    real quotes ingested later meet word lists of realistic length), else made-up ones."""
    rng = random.Random(SEED)
    firsts, lasts = pseudo_words(rng, 400), pseudo_words(rng, 8_000)
    names: set[str] = set()
    while len(names) < SPEAKERS:
        names.add(f"{rng.choice(firsts).title()} {rng.choice(lasts).title()}")
    ordered = sorted(names)
    rng.shuffle(ordered)  # speaker number = popularity rank, unrelated to the name
    common = Counter(w for text in texts for w in re.findall(r"[a-z]{2,}", text.lower()) if w not in FUNCTION_WORDS)
    vocabulary = [w for w, _ in common.most_common(VOCABULARY_SIZE)]
    if len(vocabulary) < VOCABULARY_SIZE:
        vocabulary += pseudo_words(rng, VOCABULARY_SIZE - len(vocabulary))
    return Population(ordered, zipf_weights(SPEAKERS), vocabulary)


def plan_articles(quote_count: int, rng: random.Random) -> list[int]:
    """Quotes per article (1-9) adding up to `quote_count`."""
    sizes, left = [], quote_count
    while left:
        sizes.append(min(left, rng.randint(1, 9)))
        left -= sizes[-1]
    return sizes


def synthetic_article(number: int, rng: random.Random) -> Article:
    day = f"{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return Article(url=f"https://news.example/{number}", text="", title=f"Story {number}",
                   outlet=rng.choice(OUTLETS), date=day)


CONTENT_WEIGHTS = zipf_weights(VOCABULARY_SIZE, VOCABULARY_FLATTENING)
FUNCTION_WEIGHTS = zipf_weights(len(FUNCTION_WORDS))


def synthetic_words(population: Population, rng: random.Random, count: int) -> list[str]:
    function = sum(rng.random() < FUNCTION_WORD_SHARE for _ in range(count))
    words = rng.choices(FUNCTION_WORDS, cum_weights=FUNCTION_WEIGHTS, k=function)
    words += rng.choices(population.vocabulary, cum_weights=CONTENT_WEIGHTS, k=count - function)
    rng.shuffle(words)
    return words


def synthetic_quote(speaker: str, population: Population, rng: random.Random, recent: list[Quote]) -> Quote:
    """A new quote, or now and then an excerpt of a recent one (sometimes credited to someone else)."""
    if recent and rng.random() < EXCERPT_SHARE:
        earlier = rng.choice(recent)
        words = earlier.text.rstrip(".").split()
        start = rng.randrange(0, max(1, len(words) - 6))
        text = " ".join(words[start:start + rng.randint(6, 12)])
        speaker = speaker if rng.random() < CREDITED_ELSEWHERE else earlier.speaker
    else:
        text = " ".join(synthetic_words(population, rng, rng.randint(8, 30))).capitalize() + "."
    quote = Quote(text=text, start=0, end=len(text), speaker=speaker, speaker_kind=SpeakerKind.PERSON)
    recent.append(quote)
    del recent[:-RECENT_QUOTES]
    return quote


# Filling the store, from several processes

_writer: dict = {}


def start_writer(store_url: str, cluster: bool, population: Population) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the clean-up handler is the main process's, not a writer's
    _writer["store"], _writer["population"] = QuoteStore(store_client(store_url, cluster)), population


def store_client(url: str, cluster: bool):
    return connect_cluster(url) if cluster else connect(Settings(REDIS_URL=url))


def write_articles(task: tuple[int, list[list[int]], int]) -> None:
    first_number, speakers_by_article, seed = task
    store, population, rng, recent = _writer["store"], _writer["population"], random.Random(seed), []
    for number, speakers in enumerate(speakers_by_article, first_number):
        quotes = [synthetic_quote(population.names[s], population, rng, recent) for s in speakers]
        store.save_article(TEAM, synthetic_article(number, rng), quotes,
                           Share(by="UBENCH", at=1.7e9, channel=rng.choice(CHANNELS)))


def fill(pool, population: Population, quote_count: int, first_number: int, rng: random.Random
         ) -> tuple[int, list[int]]:
    """Add `quote_count` quotes; returns the next article number and the speaker of every quote added."""
    speakers = rng.choices(range(SPEAKERS), cum_weights=population.weights, k=quote_count)
    articles, start = [], 0
    for size in plan_articles(quote_count, rng):
        articles.append(speakers[start:start + size])
        start += size
    tasks = [(first_number + i, articles[i:i + ARTICLES_PER_TASK], rng.getrandbits(32))
             for i in range(0, len(articles), ARTICLES_PER_TASK)]
    for _ in pool.imap_unordered(write_articles, tasks):
        pass
    return first_number + len(articles), speakers


# Queries

def make_queries(count: int, population: Population, quotes_by_speaker: Counter, store: QuoteStore,
                 rng: random.Random) -> list[Query]:
    # An excerpt credited to the speaker of its original leaves the speaker drawn for it without that quote.
    present = [s for s in sorted(quotes_by_speaker)
               if (store.speaker_named(TEAM, population.names[s]) or Speaker("", "", None, None, 0)).quote_count]
    biggest = [s for s, _ in quotes_by_speaker.most_common(10)]
    fewest = min(quotes_by_speaker.values())
    small = [s for s in present if quotes_by_speaker[s] <= max(3, fewest)]
    words = sorted({word.lower() for name in population.names for word in name.split()})
    stored = store.quote_count(TEAM)
    pick = {"big": lambda: Query("big", population.names[rng.choice(biggest)]),
            "small": lambda: Query("small", population.names[rng.choice(small)]),
            "surname": lambda: Query("surname", population.names[rng.choice(present)].split()[-1]),
            "miss": lambda: Query("miss", typo(population.names[rng.choice(present)].split()[-1], words, rng)),
            "words": lambda: Query("words", f"“{quoted_words(store, stored, rng)}”"),
            "filtered": lambda: Query("filtered", f"{population.names[rng.choice(biggest + small)]} "
                                                  f"outlet:{rng.choice(OUTLETS).split()[-1].lower()} "
                                                  f"since:{rng.randint(2015, 2024)}-{rng.randint(1, 12):02d}-01"),
            "paged": lambda: paged(store, population.names[rng.choice(biggest)], rng)}
    queries = [pick[kind]() for kind, share in QUERY_MIX.items() for _ in range(round(count * share))]
    rng.shuffle(queries)
    return queries


def paged(store: QuoteStore, name: str, rng: random.Random) -> Query:
    """A later page (up to the twentieth) of one of the most quoted speakers."""
    pages = -(-store.speaker_named(TEAM, name).quote_count // PAGE_SIZE)
    return Query("paged", name, rng.randint(2, max(2, min(20, pages))))


def quoted_words(store: QuoteStore, stored: int, rng: random.Random) -> str:
    """Four to six words in a row of a stored quote, two of them at least not too common to search by
    (what people search is rarely all common words)."""
    while True:
        quote = store.quotes(TEAM, [str(rng.randint(1, stored))])[0]  # numbers of quotes merged on saving are unused
        words = quote.text.rstrip(".").split() if quote else []
        runs = [" ".join(words[start:start + length]) for start in range(len(words) - 3) for length in (4, 5, 6)]
        runs = [run for run in runs if len(searchable(quote_words(run))) >= 2]
        if runs:
            return rng.choice(runs)


def typo(word: str, words: list[str], rng: random.Random) -> str:
    """`word` with one letter changed so that no name word starts with it: a lookup miss."""
    while True:
        position = rng.randrange(1, len(word))
        candidate = (word[:position] + rng.choice("aeiouxyz") + word[position + 1:]).lower()
        following = bisect.bisect_left(words, candidate)
        if following == len(words) or not words[following].startswith(candidate):
            return candidate


# Timing

class BoltContext(dict):
    """What the listener reads from bolt's context: the services the middleware adds, and the team."""

    def __init__(self, store: QuoteStore, team_id: str):
        super().__init__(store=store)
        self.team_id = team_id


def check_answer(query: Query, blocks: list[dict]) -> bool:
    """A miss is answered by one section (and suggestions); a hit also shows quotes (a filter may find none).
    Words too common to find their quote among the newest checked are answered so: returns True then."""
    unfound = query.kind == "words" and len(blocks) == 1 and "among the newest I checked" in str(blocks[0])
    if not unfound and query.kind != "filtered" and (len(blocks) > 1) == (query.kind == "miss"):
        raise RuntimeError(f"unexpected answer to /quotes {query.text!r}: {blocks[0]}")
    return unfound


def time_handler(store: QuoteStore, queries: list[Query], unfound: list[Query] | None = None) -> list[float]:
    """Seconds for each query; the words queries answered "too common" are added to `unfound`."""
    context, answers, timings = BoltContext(store, TEAM), [], []
    for query in queries:
        started = time.perf_counter()
        if query.page == 1:
            quotes_command(ack=lambda *a, **k: None, command={"text": query.text, "user_id": "UBENCH"},
                           respond=lambda **k: answers.append(k), client=None, context=context)
        else:
            turn_page(ack=lambda *a, **k: None, action={"value": f"{query.page}|={query.text}"},
                      respond=lambda **k: answers.append(k), context=context)
        timings.append(time.perf_counter() - started)
        if check_answer(query, answers.pop()["blocks"]) and unfound is not None:
            unfound.append(query)
    return timings


def time_suggestions(store: QuoteStore, queries: list[Query]) -> tuple[float, float]:
    """Median seconds of the two steps of a miss: reading the candidate names near the query, ranking
    them with difflib (over the first few misses)."""
    reading, ranking = [], []
    for query in [q for q in queries if q.kind == "miss"][:SUGGESTION_SAMPLES]:
        started = time.perf_counter()
        names = store.names_near(TEAM, query.text)
        read = time.perf_counter()
        closest_names(query.text, names)
        reading.append(read - started)
        ranking.append(time.perf_counter() - read)
    return percentile(reading, 0.5), percentile(ranking, 0.5)


class ArrivalLog(list):
    """The stand-in's record of calls, noting when each arrived and waking a waiter at once
    (the stand-in's own `wait_for` polls every 50 ms, too coarse to time with)."""

    def __init__(self):
        super().__init__()
        self.arrived: dict[str, tuple[float, Call]] = {}
        self.condition = threading.Condition()

    def append(self, call: Call) -> None:
        with self.condition:
            self.arrived[call.path] = time.perf_counter(), call
            super().append(call)
            self.condition.notify_all()

    def wait_for(self, path: str, timeout: float = 30) -> tuple[float, Call]:
        with self.condition:
            if not self.condition.wait_for(lambda: path in self.arrived, timeout):
                raise TimeoutError(f"no response_url call to {path}")
            return self.arrived.pop(path)


def time_http(app_url: str, standin: SlackStandIn, arrivals: ArrivalLog, queries: list[Query]) -> list[float]:
    """Slash commands only: later pages are asked for with buttons, timed in the handler."""
    timings = []
    for query in (q for q in queries if q.page == 1):
        name = uuid.uuid4().hex
        body = slash_command(TEAM, query.text, standin.response_url(name))
        started = time.perf_counter()
        status, _, _ = post_signed(app_url, body, "application/x-www-form-urlencoded", SECRET)
        if status != 200:
            raise RuntimeError(f"/quotes {query.text!r} answered HTTP {status}")
        arrived, call = arrivals.wait_for(f"/respond/{name}")
        timings.append(arrived - started)
        check_answer(query, call.args["blocks"])
    return timings


# Matching new quotes against the stored ones, beside extraction and the rest of the save

@dataclass(frozen=True)
class IngestCost:
    articles: int
    quotes: int
    extracting: float  # seconds: spaCy and quote extraction
    matching: float  # seconds: finding the stored quotes each new quote may be the same as (save's first step)
    saving: float  # seconds: save_article whole: matching again, deciding, writing


def time_ingest(store: QuoteStore, texts: list[str], model: str) -> IngestCost:
    nlp = load_nlp(model)
    for text in texts[:WARM_UP_QUERIES // 4]:
        extract_quotes(nlp(text))
    extracting = matching = saving = 0.0
    quotes = 0
    for number, text in enumerate(texts):
        started = time.perf_counter()
        found = extract_quotes(nlp(text))
        extracted = time.perf_counter()
        store.match_candidates(TEAM, [quote_words(quote.text) for quote in found])
        matched = time.perf_counter()
        store.save_article(TEAM, Article(url=f"https://bench.example/real/{number}", text=text, title="Real",
                                         outlet="Real Outlet", date="2024-01-01"), found, Share(by="UBENCH"))
        saving += time.perf_counter() - matched
        matching += matched - extracted
        extracting += extracted - started
        quotes += len(found)
    return IngestCost(len(texts), quotes, extracting, matching, saving)


# Report

@dataclass(frozen=True)
class Row:
    store: str  # "redis" or "cluster"
    size: int
    speakers: int
    bytes_per_quote: float
    handler: list[float]
    http: list[float]
    by_kind: dict[str, list[float]]  # handler timings
    suggestion_steps: tuple[float, float]  # medians: read candidate names, rank them
    unfound: int  # words queries whose words were too common to find their quote among the newest checked


def measure(name: str, size: int, speakers: int, memory_growth: int, store: QuoteStore, app: tuple,
            queries: list[Query]) -> Row:
    warm_up = queries[:WARM_UP_QUERIES]
    time_handler(store, warm_up)
    time_http(*app, warm_up)
    unfound: list[Query] = []
    handler = time_handler(store, queries, unfound)
    grouped: dict[str, list[float]] = {kind: [] for kind in QUERY_MIX}
    for query, seconds in zip(queries, handler):
        grouped[query.kind].append(seconds)
    return Row(name, size, speakers, memory_growth / size, handler, time_http(*app, queries), grouped,
               time_suggestions(store, queries), len(unfound))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def p50_p99(timings: list[float]) -> str:
    return f"{ms(percentile(timings, 0.5)):>7} {ms(percentile(timings, 0.99)):>7}"


def print_tables(rows: list[Row]) -> None:
    first_handler, first_http = percentile(rows[0].handler, 0.99), percentile(rows[0].http, 0.99)
    print(f"\n/quotes latency in ms, p50 and p99 ({len(rows[0].handler)} queries per path); "
          f"p99 ratios against {rows[0].size:,} quotes on {rows[0].store}")
    print(f"{'store':>7} {'quotes':>10} {'speakers':>8} {'B/quote':>7} | {'handler':>7} {'p99':>7} {'ratio':>6} |"
          f" {'HTTP':>7} {'p99':>7} {'ratio':>6}")
    for row in rows:
        print(f"{row.store:>7} {row.size:>10,} {row.speakers:>8,} {row.bytes_per_quote:>7.0f} | "
              f"{p50_p99(row.handler)} {percentile(row.handler, 0.99) / first_handler:>6.2f} | {p50_p99(row.http)}"
              f" {percentile(row.http, 0.99) / first_http:>6.2f}")
    print("\nhandler latency in ms by query, p50 and p99; a miss's two steps (p50): read candidates, difflib")
    print(f"{'store':>7} {'quotes':>10} | " + " | ".join(f"{kind:^15}" for kind in QUERY_MIX)
          + f" | {'read':>6} {'difflib':>7}")
    for row in rows:
        reading, ranking = row.suggestion_steps
        print(f"{row.store:>7} {row.size:>10,} | " + " | ".join(p50_p99(row.by_kind[kind]) for kind in QUERY_MIX)
              + f" | {ms(reading):>6} {ms(ranking):>7}")
    print("\nwords queries answered \"too common to find among the newest checked\": "
          + ", ".join(f"{row.unfound} of {len(row.by_kind['words'])} at {row.size:,} on {row.store}" for row in rows))


def print_ingest_cost(size: int, cost: IngestCost) -> None:
    total = cost.extracting + cost.saving
    print(f"\ningest of {cost.articles} real articles ({cost.quotes} quotes) into {size:,} stored quotes, without "
          f"fetching: extraction {cost.extracting:.2f} s, save {cost.saving:.3f} s, of which matching "
          f"{cost.matching:.3f} s\n  matching / (extraction + save) = {cost.matching / total:.1%}; "
          f"save / (extraction + save) = {cost.saving / total:.1%}; "
          f"matching {cost.matching / max(1, cost.quotes) * 1000:.2f} ms a quote")


@dataclass(frozen=True)
class Target:
    """Where the store is measured: a name for the tables, the URL its writers and the app use, whether it is a
    cluster, and how much memory its data takes (the masters' only, on a cluster)."""

    name: str
    url: str
    cluster: bool
    used_memory: Callable[[], int]


def grow(target: Target, sizes: list[int], args, population: Population, queue_url: str, tmp: Path,
         standin: SlackStandIn, arrivals: ArrivalLog) -> tuple[list[Row], QuoteStore]:
    """Fill the store to each size in turn (the same quotes every run: the random draws start from SEED) and time
    the same queries at each, through the handler and through `quotebot serve`."""
    rows, quotes_by_speaker, next_article, stored, rng = [], Counter(), 0, 0, random.Random(SEED)
    env = app_env(standin, 0, queue_url, tmp, PYTHONPATH=str(ROOT),
                  QUOTEBOT_REDIS_CLUSTER_URL=target.url if target.cluster else "")
    store = QuoteStore(store_client(target.url, target.cluster))
    with multiprocessing.get_context("fork").Pool(args.writers, start_writer,
                                                  (target.url, target.cluster, population)) as pool, \
            running_app(env, tmp, workers=0) as app:
        baseline = target.used_memory()
        for size in sorted(sizes):
            started = time.perf_counter()
            next_article, speakers = fill(pool, population, size - stored, next_article, rng)
            stored = size
            quotes_by_speaker.update(speakers)
            growth = target.used_memory() - baseline
            print(f"{target.name}: {size:,} quotes stored ({time.perf_counter() - started:.1f} s to add), "
                  f"{len(quotes_by_speaker):,} speakers, the most quoted has "
                  f"{quotes_by_speaker.most_common(1)[0][1]:,}", flush=True)
            queries = make_queries(args.queries, population, quotes_by_speaker, store, rng)
            rows.append(measure(target.name, size, len(quotes_by_speaker), growth, store,
                                (app.url, standin, arrivals), queries))
            print_tables(rows[-1:])  # as it comes: a long run stopped later keeps what it measured
            sys.stdout.flush()
        pool.close()  # writers leave when the queue is empty; stopped mid-read, one can hold its lock for good
        pool.join()
    return rows, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                        help="quote counts to measure at (the store grows from one to the next)")
    parser.add_argument("--cluster-sizes", type=int, nargs="*", default=[],
                        help="quote counts to measure at on a Redis Cluster of three masters")
    parser.add_argument("--queries", type=int, default=500, help="timed queries per size and path")
    parser.add_argument("--writers", type=int, default=2, help="processes filling the store")
    parser.add_argument("--articles", help="JSON lines with a \"text\" field: real articles to ingest at the end")
    parser.add_argument("--limit", type=int, default=100, help="articles to ingest: the last of --articles")
    parser.add_argument("--model", default=get_settings().spacy_model)
    args = parser.parse_args()
    texts = read_texts([args.articles], None) if args.articles else []
    population = make_population(texts)
    arrivals = ArrivalLog()
    standin = SlackStandIn(calls=arrivals).start()
    try:
        with tempfile.TemporaryDirectory(prefix="quotebot-bench-") as tmp, none_left_running(Path(tmp)), \
                private_redis(Path(tmp), appendfsync=None) as (redis_url, client):
            single = Target("redis", redis_url, False, lambda: client.info("memory")["used_memory"])
            rows, store = grow(single, args.sizes, args, population, redis_url, Path(tmp), standin, arrivals)
            cost = time_ingest(store, texts[-args.limit:], args.model) if texts else None
            if cost:
                print_ingest_cost(max(args.sizes), cost)
            if args.cluster_sizes:
                client.flushall(asynchronous=True)  # the memory is the cluster's now; a large store takes a while
                with running_cluster(Path(tmp) / "cluster") as cluster:
                    masters = [node_client(node) for node in cluster.masters]
                    target = Target("cluster", cluster.url, True,
                                    lambda: sum(master.info("memory")["used_memory"] for master in masters))
                    rows += grow(target, args.cluster_sizes, args, population, redis_url, Path(tmp), standin,
                                 arrivals)[0]
    finally:
        standin.stop()
    print_tables(rows)


if __name__ == "__main__":
    main()
