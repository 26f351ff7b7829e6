"""The long-lived objects of one process, made once: settings, Redis, the store, the loaded model."""
from functools import lru_cache

import redis

from bot.ingest import Ingestor
from bot.nlp import load_nlp
from bot.queue import JobQueue
from bot.redis_conn import connect
from bot.store import QuoteStore
from config.settings import get_settings


@lru_cache
def get_redis() -> redis.Redis:
    return connect(get_settings())


@lru_cache
def get_store() -> QuoteStore:
    return QuoteStore(get_redis())


@lru_cache
def get_queue() -> JobQueue:
    return JobQueue(get_redis(), get_settings())


@lru_cache
def get_ingestor() -> Ingestor:
    settings = get_settings()
    return Ingestor(get_store(), load_nlp(settings.spacy_model), settings)
