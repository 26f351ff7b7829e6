"""Socket Mode end to end: `quotebot serve` with an app-level token opens a websocket to the Socket Mode
stand-in (its URL from `apps.connections.open` on the Web API stand-in) and answers the envelopes on it."""
import json
import time
import uuid

import pytest

from tests.link_jobs import forget_finished_job, job_exists
from tests.slack_app import CHANNEL, app_env, new_team_id, running_app, share_job_id
from tests.slack_requests import message_event, slash_command_fields
from tests.slack_standin import APP_TOKEN
from tests.socket_mode_standin import SocketModeStandIn

SLACK_ACK_LIMIT = 3  # seconds Slack waits for an acknowledgement before it retries


@pytest.fixture(scope="module")
def socket_mode(standin):
    server = SocketModeStandIn().start()
    standin.socket_mode_url = server.url
    yield server
    server.stop()


@pytest.fixture(scope="module")
def app(socket_mode, standin, pages, redis_url, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("socket-app")
    with running_app(app_env(standin, pages.port, redis_url, data_dir, SLACK_APP_TOKEN=APP_TOKEN), data_dir):
        socket_mode.wait_for_connections(1)
        yield


def share(socket_mode: SocketModeStandIn, team_id: str, url: str, event_id: str | None = None,
          ts: str | None = None, retry_attempt: int = 0) -> str:
    """A message sharing `url`, delivered as an Events API envelope. Returns the message ts."""
    ts = ts or f"{time.time():.6f}"
    event = json.loads(message_event(team_id, CHANNEL, ts, url, event_id or f"Ev{uuid.uuid4().hex[:10]}"))
    socket_mode.wait_for_ack(socket_mode.deliver("events_api", event, retry_attempt=retry_attempt))
    return ts


def test_shared_link_is_acknowledged_in_time_and_answered_in_its_thread(app, socket_mode, standin, pages):
    ts = f"{time.time():.6f}"
    event = json.loads(message_event(new_team_id(), CHANNEL, ts, pages.url("/news/barrier"), "EvSocket1"))
    ack = socket_mode.wait_for_ack(socket_mode.deliver("events_api", event))
    assert ack.seconds < SLACK_ACK_LIMIT
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert "Helen Okafor" in reply.args["text"]
    assert standin.calls_to("apps.connections.open")[0].token == APP_TOKEN


def test_quotes_command_is_answered(app, socket_mode, standin, pages):
    team = new_team_id()
    standin.wait_for("chat.postMessage", thread_ts=share(socket_mode, team, pages.url("/news/barrier")))
    name = uuid.uuid4().hex
    socket_mode.wait_for_ack(socket_mode.deliver(
        "slash_commands", slash_command_fields(team, "raman", standin.response_url(name))))
    [answer] = standin.wait_for("response_url", path=f"/respond/{name}")
    assert "Priya Raman" in answer.args["text"]


def test_a_retried_envelope_gets_one_reply(app, socket_mode, standin, pages, redis_url):
    team, link, event_id = new_team_id(), pages.url("/news/barrier"), f"Ev{uuid.uuid4().hex[:10]}"
    ts = share(socket_mode, team, link, event_id=event_id)
    standin.wait_for("chat.postMessage", thread_ts=ts)
    # By the time Slack retries, the queue may have forgotten the finished job: only the event's record is left.
    forget_finished_job(redis_url, share_job_id(team, link, ts))
    share(socket_mode, team, link, event_id=event_id, ts=ts, retry_attempt=1)
    # A later share goes through the same listener, queue and worker; by its reply the retry's would be in.
    standin.wait_for("chat.postMessage", thread_ts=share(socket_mode, team, link))
    assert not job_exists(redis_url, share_job_id(team, link, ts))
    assert len(standin.calls_to("chat.postMessage", thread_ts=ts)) == 1


def test_a_disconnect_request_is_followed_by_a_new_connection_that_carries_on(app, socket_mode, standin, pages):
    connections = len(socket_mode.connections)
    socket_mode.ask_to_reconnect()
    socket_mode.wait_for_connections(connections + 1)
    ts = share(socket_mode, new_team_id(), pages.url("/news/barrier"))
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    assert "Helen Okafor" in reply.args["text"]
