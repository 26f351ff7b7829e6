"""Shared fixtures: a real Redis server (REDIS_URL, else an embedded one) and one of a test's own, a Redis Cluster
of the session's own, a fresh workspace per test, the Slack stand-in, and news pages (the example article, a PDF)
served on 127.0.0.1; and the check that no process the session started outlives it.

The store's test modules (marked `on_a_cluster_too`) run each test that uses `store` twice: on the single Redis and
on the cluster."""
import os
import uuid

import pytest
import redis

from bot.nlp import load_nlp
from bot.redis_conn import connect, connect_cluster, stop_embedded, url_of
from bot.store import QuoteStore
from config.settings import Settings
from tests import processes
from tests.local_http import ARTICLE, LocalServer
from tests.redis_cluster import LocalCluster, running_cluster
from tests.redis_process import RedisProcess
from tests.slack_standin import SlackStandIn


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
def redis_server(tmp_path) -> RedisProcess:
    """A Redis server of this test's own (its data in tmp_path/redis), to stop, kill and restart; a queue no
    other test's worker takes from."""
    (tmp_path / "redis").mkdir()
    server = RedisProcess(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the tests that extract in this process."""
    return load_nlp()


def pytest_generate_tests(metafunc):
    if "store_redis" in metafunc.fixturenames and metafunc.definition.get_closest_marker("on_a_cluster_too"):
        metafunc.parametrize("store_redis", ["redis", "cluster"], indirect=True)


@pytest.fixture(scope="session")
def redis_cluster(tmp_path_factory) -> LocalCluster:
    """Three masters and their replicas, started once for the session (tests that kill a node start their own)."""
    with running_cluster(tmp_path_factory.mktemp("cluster")) as cluster:
        yield cluster


@pytest.fixture(scope="session")
def cluster_client(redis_cluster):
    client = connect_cluster(redis_cluster.url)
    yield client
    client.close()


@pytest.fixture
def store_redis(request):
    """The Redis the store uses: the shared one, or the cluster (see pytest_generate_tests)."""
    return request.getfixturevalue("cluster_client" if getattr(request, "param", "redis") == "cluster"
                                   else "redis_client")


@pytest.fixture
def store(store_redis) -> QuoteStore:
    return QuoteStore(store_redis)


@pytest.fixture
def team_id() -> str:
    """Each test writes to a workspace of its own, so tests never see each other's data."""
    return f"T{uuid.uuid4().hex[:10].upper()}"


@pytest.fixture(scope="module")
def standin() -> SlackStandIn:
    """The Slack Web API stand-in, one per test module (beside the module's running app); a module testing
    another platform overrides it with that platform's stand-in."""
    server = SlackStandIn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def pages() -> LocalServer:
    """News pages on 127.0.0.1: the example article at /news/barrier and a PDF at /docs/report.pdf; tests add
    their own routes."""
    with LocalServer() as server:
        server.route("/news/barrier", ARTICLE)
        server.route("/docs/report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf")
        yield server
