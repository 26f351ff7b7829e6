"""Prometheus metrics, counted where the work happens: links in the web process, articles and quotes in
the workers, lookups wherever they are answered.

`quotebot serve` uses prometheus_client's multiprocess mode: the web process and the workers it starts
write their counts under PROMETHEUS_MULTIPROC_DIR, and `GET /metrics` on the serve port adds them up, so
Prometheus scrapes one target per machine, not one per process. Workers run on their own with
`quotebot worker --metrics-port N` serve their sum the same way. The queue's depth is read from Redis at
scrape time.
"""
import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily
from redis import RedisError

from bot.fetch import FetchError
from bot.queue import JobQueue

LINKS_RECEIVED = Counter("quotebot_links_received", "Links shared where QuoteBot listens", ["platform"])
ARTICLES_INGESTED = Counter("quotebot_articles_ingested", "Articles read and stored for the first time")
ARTICLES_FAILED = Counter("quotebot_articles_failed", "Links given up on, by reason", ["reason"])
QUOTES_STORED = Counter("quotebot_quotes_stored", "Quotes extracted from newly stored articles")
EXTRACTION_SECONDS = Histogram("quotebot_extraction_seconds", "Seconds to parse an article and extract its quotes",
                               buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60))
LOOKUPS = Counter("quotebot_lookups", "Quote lookups, by whether a speaker matched", ["outcome"])
LOOKUP_SECONDS = Histogram("quotebot_lookup_seconds", "Seconds to answer a quote lookup from the store",
                           buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1))
SLACK_API_ERRORS = Counter("quotebot_slack_api_errors", "Slack Web API calls answered with an error",
                           ["method", "error"])
DISCORD_API_ERRORS = Counter("quotebot_discord_api_errors", "Discord API requests answered with an error",
                             ["route", "status"])


def failure_reason(error: Exception) -> str:
    """One word for why a link was given up on: the fetch's kind, the store, or our own fault."""
    if isinstance(error, FetchError):
        return error.kind
    return "store_unavailable" if isinstance(error, RedisError) else "internal"


class QueueDepth:
    """`quotebot_queue_jobs{state}`: jobs waiting, waiting to be retried, running, failed for good."""

    def __init__(self, jobs: JobQueue):
        self.jobs = jobs

    def collect(self):
        gauge = GaugeMetricFamily("quotebot_queue_jobs", "Ingest jobs by state", labels=["state"])
        try:
            for state, count in self.jobs.depth().items():
                gauge.add_metric([state], count)
        except RedisError:  # the store is down: /healthz says so; the other metrics still answer
            return
        yield gauge


def registry(jobs: JobQueue) -> CollectorRegistry:
    """Every process's counts (in multiprocess mode, else this process's) and the queue's depth."""
    found = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(found)
    else:
        found.register(REGISTRY)
    found.register(QueueDepth(jobs))
    return found
