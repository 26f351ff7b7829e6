"""Many workspaces through OAuth: installs through the running app's real HTTP flow, each workspace answered
with its own token, uninstalls purging, token rotation once across processes. Real Redis, real processes."""
import subprocess
import sys
import time
import urllib.request

import pytest
import redis

from bot.store import Keys
from handlers import present
from handlers.slack import blocks
from tests import processes
from tests.local_http import ARTICLE
from tests.slack_app import (CLIENT_ID, CLIENT_SECRET, ask, elements, install, new_team_id, oauth_env, oauth_redirect,
                             press, running_app, send_event, share)
from tests.slack_standin import SlackStandIn, dm_channel
from tests.waiting import wait_until

NOT_INSTALLED = "isn't installed in this workspace"


@pytest.fixture(scope="module")
def env(standin, pages, redis_url, tmp_path_factory):
    return oauth_env(standin, pages.port, redis_url, tmp_path_factory.mktemp("oauth-env"))


@pytest.fixture(scope="module")
def app_url(env, tmp_path_factory):
    with running_app(env, tmp_path_factory.mktemp("oauth-app")) as app:
        yield app.url


def reply_to(standin: SlackStandIn, ts: str, timeout: float = 30):
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts, timeout=timeout)
    return reply


def workspace_keys(redis_client: redis.Redis, team_id: str) -> list[bytes]:
    """The workspace's keys but the generation a purge keeps."""
    keys = Keys(team_id)
    return [key for key in redis_client.scan_iter(match=keys.everything()) if key != keys.generation().encode()]


def test_two_workspaces_are_each_answered_with_their_own_token(app_url, standin, pages):
    first, second = new_team_id(), new_team_id()
    tokens = {first: install(app_url, standin, first), second: install(app_url, standin, second)}
    assert tokens[first] != tokens[second]
    for team in (first, second):
        reply = reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
        assert reply.token == tokens[team] and "Helen Okafor" in reply.args["text"]
        assert "Priya Raman" in ask(app_url, standin, team, "raman")["text"]


def test_every_web_api_call_of_a_workspace_uses_its_own_token(app_url, standin, pages):
    team = new_team_id()
    token = install(app_url, standin, team)
    reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    send_event(app_url, team, {"type": "app_home_opened", "user": "UHOME", "channel": "DHOME", "tab": "home"})
    ask(app_url, standin, team, "corrections", user="UADMIN")  # users.info: may they revert?
    okafor = ask(app_url, standin, team, "okafor")
    form = press(app_url, standin, team, elements(okafor, blocks.QUOTE_MENU)[0], present.WRONG_SPEAKER)
    ask(app_url, standin, team, "export okafor", user="UEXPORT")
    calls = [standin.wait_for("views.publish", user_id="UHOME")[0], standin.wait_for("users.info", user="UADMIN")[0],
             standin.wait_for("views.open", trigger_id=form.trigger_id)[0],
             standin.wait_for("conversations.open", users="UEXPORT")[0],
             standin.wait_for("files.completeUploadExternal", channel_id=dm_channel("UEXPORT"))[0]]
    assert [call.token for call in calls] == [token] * len(calls)


def test_a_known_token_costs_no_auth_test_per_request(app_url, standin, pages):
    team = new_team_id()
    token = install(app_url, standin, team)
    reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    checks = len([call for call in standin.calls_to("auth.test") if call.token == token])
    reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    ask(app_url, standin, team, "okafor")
    assert len([call for call in standin.calls_to("auth.test") if call.token == token]) == checks


def test_an_install_state_works_once(app_url, standin):
    with urllib.request.urlopen(app_url + "/slack/install", timeout=10) as page:
        cookie = page.headers["Set-Cookie"].split(";")[0]
    state = cookie.split("=", 1)[1]
    team = new_team_id()
    assert oauth_redirect(app_url, standin.authorize(team), state, cookie) == 200
    assert oauth_redirect(app_url, standin.authorize(team), state, cookie) == 401  # replayed
    assert oauth_redirect(app_url, standin.authorize(team), "made-up", "slack-app-oauth-state=made-up") == 401
    assert len(standin.tokens_of(team)) == 1


def test_a_workspace_never_installed_is_ignored(app_url, standin, pages):
    stranger, member = new_team_id(), new_team_id()
    install(app_url, standin, member)
    pages.route(f"/news/{stranger}", ARTICLE)
    ignored = share(app_url, stranger, pages.url(f"/news/{stranger}"))
    assert NOT_INSTALLED in ask(app_url, standin, stranger, "okafor")["text"]
    # A later share from an installed workspace goes through the same listener, queue and worker.
    reply_to(standin, share(app_url, member, pages.url("/news/barrier")))
    assert standin.calls_to("chat.postMessage", thread_ts=ignored) == []
    assert f"/news/{stranger}" not in pages.paths()


def test_uninstall_purges_the_workspace_and_a_reinstall_starts_empty(app_url, standin, pages, redis_client):
    team = new_team_id()
    install(app_url, standin, team)
    reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    assert workspace_keys(redis_client, team)

    standin.revoke(team)
    send_event(app_url, team, {"type": "app_uninstalled"})
    wait_until(lambda: not workspace_keys(redis_client, team), 30, lambda: workspace_keys(redis_client, team))
    assert NOT_INSTALLED in ask(app_url, standin, team, "okafor")["text"]

    token = install(app_url, standin, team)
    answer = ask(app_url, standin, team, "okafor")
    assert "No quotes" in answer["text"]
    reply = reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    assert reply.token == token and "Helen Okafor" in reply.args["text"]


def test_an_uninstall_older_than_the_current_installation_is_ignored(app_url, standin, pages):
    team = new_team_id()
    install(app_url, standin, team)
    reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    send_event(app_url, team, {"type": "app_uninstalled"}, event_time=int(time.time()) - 3600)
    send_event(app_url, team, {"type": "tokens_revoked", "tokens": {"oauth": ["UINSTALLER"]}})
    reply_to(standin, share(app_url, team, pages.url("/news/barrier")))  # still installed
    assert "Helen Okafor" in ask(app_url, standin, team, "okafor")["text"]


# A process of its own asking for a workspace's bot token: says "ready", then asks once told to go.
ASK_FOR_THE_TOKEN = """
import sys

import redis
from slack_sdk import WebClient

from handlers.slack.installations import Installations

redis_url, api_url, team_id, client_id, client_secret = sys.argv[1:]
installations = Installations(redis.Redis.from_url(redis_url), WebClient(base_url=api_url), client_id, client_secret)
print("ready", flush=True)
sys.stdin.readline()
print(installations.bot_token(team_id), flush=True)
"""


def asking_for_the_token(redis_url: str, api_url: str, team_id: str) -> subprocess.Popen:
    return processes.spawn([sys.executable, "-c", ASK_FOR_THE_TOKEN, redis_url, api_url, team_id, CLIENT_ID,
                            CLIENT_SECRET], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_two_processes_needing_a_rotated_token_at_once_rotate_it_once(app_url, standin, pages, redis_url):
    team = new_team_id()
    standin.rotating_teams.add(team)
    standin.refresh_delay = 1.0  # long enough for both processes to find the token expiring
    try:
        expiring = install(app_url, standin, team)
        askers = [asking_for_the_token(redis_url, standin.api_url, team) for _ in range(2)]
        try:
            assert [asker.stdout.readline() for asker in askers] == ["ready\n"] * 2
            for asker in askers:  # at once
                asker.stdin.write("go\n")
                asker.stdin.flush()
            tokens = {asker.communicate(timeout=60)[0].strip() for asker in askers}
        finally:
            for asker in askers:
                processes.stop(asker)
    finally:
        standin.refresh_delay = 0.0
    refreshes = standin.calls_to("oauth.v2.access", grant_type="refresh_token")
    assert len(refreshes) == 1 and tokens == {standin.tokens_of(team)[-1]} != {expiring}
    # The web process and the worker now use the rotated token without rotating again.
    reply = reply_to(standin, share(app_url, team, pages.url("/news/barrier")))
    assert reply.token in tokens
    assert len(standin.calls_to("oauth.v2.access", grant_type="refresh_token")) == 1


def test_installations_survive_a_restart(env, standin, tmp_path):
    team = new_team_id()
    with running_app(env, tmp_path, workers=0) as app:
        install(app.url, standin, team)
    with running_app(env, tmp_path, workers=0) as app:
        answer = ask(app.url, standin, team, "okafor")
    assert "No quotes" in answer["text"] and NOT_INSTALLED not in answer["text"]
