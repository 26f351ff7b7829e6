"""The long-lived objects of one process, made once: settings, Redis, the store, the loaded model."""
from functools import lru_cache

import redis
from redis.cluster import RedisCluster

from bot.feeds.polling import Poller
from bot.ingest import Ingestor
from bot.nlp import load_nlp
from bot.queue import JobQueue
from bot.redis_conn import connect, connect_cluster, plain_client, stop_embedded
from bot.store import FeedStore, QuoteStore
from config.settings import get_settings


@lru_cache
def get_queue_redis() -> redis.Redis:
    """The job queue's Redis: REDIS_URL, else the embedded one."""
    return connect(get_settings())


@lru_cache
def get_redis() -> redis.Redis | RedisCluster:
    """Where QuoteBot keeps its data: the Redis Cluster at QUOTEBOT_REDIS_CLUSTER_URL, else the queue's Redis."""
    settings = get_settings()
    return connect_cluster(settings.redis_cluster_url) if settings.redis_cluster_url else get_queue_redis()


def stop_embedded_redis() -> None:
    """Shut down the embedded Redis if this process started it (see `stop_embedded`); nothing to do if it
    never connected, or uses the server at REDIS_URL."""
    if get_queue_redis.cache_info().currsize:
        stop_embedded(get_queue_redis())


@lru_cache
def get_store() -> QuoteStore:
    return QuoteStore(get_redis())


@lru_cache
def get_feeds() -> FeedStore:
    return FeedStore(get_redis())


@lru_cache
def get_poller() -> Poller:
    return Poller(get_feeds(), get_settings())


@lru_cache
def get_queue() -> JobQueue:
    return JobQueue(plain_client(get_queue_redis()), get_settings(), get_store())


@lru_cache
def get_ingestor() -> Ingestor:
    settings = get_settings()
    return Ingestor(get_store(), load_nlp(settings.spacy_model), settings)
