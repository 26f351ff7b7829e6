"""Shared fixtures: a real Redis server (REDIS_URL, else an embedded one) and a fresh workspace per test;
and the check that no process the session started outlives it."""
import os
import uuid

import pytest
import redis

from bot.redis_conn import connect, stop_embedded, url_of
from bot.store import QuoteStore
from config.settings import Settings
from tests import processes


@pytest.fixture(scope="session", autouse=True)
def no_process_left_running(tmp_path_factory):
    """Set up first, so every process the tests start carries the session's mark; torn down last, failing
    the run if any of them still runs (and killing it)."""
    processes.mark_session(tmp_path_factory.getbasetemp())
    yield
    processes.check_none_left()


@pytest.fixture(scope="session")
def redis_client(tmp_path_factory) -> redis.Redis:
    settings = Settings(REDIS_URL=os.environ.get("REDIS_URL", ""),
                        QUOTEBOT_DATA_DIR=tmp_path_factory.mktemp("redis-data"))
    client = connect(settings)
    try:
        client.ping()
        yield client
    finally:
        stop_embedded(client)  # the embedded server daemonizes: it would outlive the session


@pytest.fixture(scope="session")
def redis_url(redis_client) -> str:
    return url_of(redis_client)


@pytest.fixture
def store(redis_client) -> QuoteStore:
    return QuoteStore(redis_client)


@pytest.fixture
def team_id() -> str:
    """Each test writes to a workspace of its own, so tests never see each other's data."""
    return f"T{uuid.uuid4().hex[:10].upper()}"
