"""`quotebot serve` as a real process for tests, and the user actions it answers: share a link, ask /quotes,
install through OAuth."""
import html
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from handlers.link_answers import link_job_id
from tests import processes
from tests.redis_process import free_port
from tests.slack_requests import (block_action, event_callback, message_event, message_shortcut, post_signed,
                                   slash_command, view_submission)
from tests.slack_standin import SINGLE_WORKSPACE_TOKEN, SlackStandIn
from tests.waiting import wait_until

SECRET = "test-signing-secret"
CHANNEL = "CNEWS"
CLIENT_ID, CLIENT_SECRET = "1111.2222", "test-client-secret"


def app_env(standin: SlackStandIn, page_port: int, redis_url: str, data_dir: Path, **extra: str) -> dict:
    # No Discord token: `serve` would run Discord too with one in the environment.
    return processes.quotebot_env(page_port, redis_url, data_dir, **{
        "SLACK_API_URL": standin.api_url, "SLACK_BOT_TOKEN": SINGLE_WORKSPACE_TOKEN, "SLACK_SIGNING_SECRET": SECRET,
        "DISCORD_BOT_TOKEN": "", **extra})


def oauth_env(standin: SlackStandIn, page_port: int, redis_url: str, data_dir: Path, **extra: str) -> dict:
    """Many workspaces: no bot token, the app's OAuth credentials instead."""
    return app_env(standin, page_port, redis_url, data_dir, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID=CLIENT_ID,
                   SLACK_CLIENT_SECRET=CLIENT_SECRET, **extra)


@dataclass(frozen=True)
class RunningApp:
    url: str
    process: subprocess.Popen


@contextmanager
def running_app(env: dict, data_dir: Path, workers: int = 1) -> Iterator[RunningApp]:
    """`quotebot serve`, yielded once /healthz answers 200 and its workers are ready for jobs. (With the
    embedded Redis, whose address only the app knows, a test waits for a first reply instead.)"""
    port, log_path = free_port(), data_dir / "serve.log"
    with processes.running(["serve", "--port", str(port), "--workers", str(workers)], env, log_path) as process:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, log_path)
        if workers and env["REDIS_URL"]:
            processes.wait_for_workers(env["REDIS_URL"], process, workers, log_path)
        yield RunningApp(url, process)


@contextmanager
def worker_process(env: dict, data_dir: Path) -> Iterator[subprocess.Popen]:
    """`quotebot worker`, yielded once it takes jobs; stopped on the way out, unless the test already killed
    it, with whatever it forked (RQ's scheduler)."""
    log_path = data_dir / f"worker-{uuid.uuid4().hex[:6]}.log"
    with processes.running(["worker"], env, log_path) as process:
        processes.wait_for_workers(env["REDIS_URL"], process, log_path=log_path)
        yield process


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    def healthy() -> bool:
        assert process.poll() is None, f"quotebot serve exited:\n{log_path.read_text()}"
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    wait_until(healthy, timeout, lambda: f"quotebot serve never became healthy:\n{log_path.read_text()}")


def new_team_id() -> str:
    return f"T{uuid.uuid4().hex[:8].upper()}"


def share(app_url: str, team_id: str, url: str, ts: str | None = None, event_id: str | None = None,
          headers: dict | None = None, **event_fields) -> str:
    """Post a message sharing `url`, as Slack sends it; returns the message ts. (How fast the app answers
    is the concern of one test of its own, not of every test that shares a link.)"""
    ts = ts or f"{time.time():.6f}"
    body = message_event(team_id, CHANNEL, ts, url, event_id or f"Ev{uuid.uuid4().hex[:10]}", **event_fields)
    status, answer, _ = post_signed(app_url, body, "application/json", SECRET, headers)
    assert status == 200, (status, answer)
    return ts


def ask(app_url: str, standin: SlackStandIn, team_id: str, text: str, user: str = "UBOB",
        channel: str = CHANNEL) -> dict:
    """Run `/quotes text` (in `channel`); returns what was sent back."""
    name = uuid.uuid4().hex
    status, answer, _ = post_signed(app_url, slash_command(team_id, text, standin.response_url(name), user, channel),
                                    "application/x-www-form-urlencoded", SECRET)
    assert status == 200, (status, answer)
    [answer] = standin.wait_for("response_url", path=f"/respond/{name}", timeout=10)
    return answer.args


def thread_answer(standin: SlackStandIn, ts: str) -> dict:
    """What QuoteBot answered in the thread of message `ts`: its reply, or, when the link waited behind others
    (a notice said it was queued), that reply edited into the answer."""
    [reply] = standin.wait_for("chat.postMessage", thread_ts=ts)
    if "is queued behind" not in reply.args["text"]:
        return reply.args
    return standin.wait_for("chat.update", ts=reply.reply["ts"])[-1].args


def answered_later(app_url: str, standin: SlackStandIn, team_id: str, url: str) -> None:
    """Share `url` in a new message and wait for its reply: the positive signal that whatever the app was
    sent before has been handled. Bolt hands events to its listener threads in the order they arrive and
    the worker takes jobs in order, so a reply the earlier messages were to get would already be queued."""
    ts = share(app_url, team_id, url)
    standin.wait_for("chat.postMessage", thread_ts=ts)


def install(app_url: str, standin: SlackStandIn, team_id: str) -> str:
    """"Add to Slack" as a browser does it: the install page (which sets the state cookie), Slack's approval
    (the stand-in hands out a code), then the redirect back to the app. Returns the bot token issued."""
    with urllib.request.urlopen(app_url + "/slack/install", timeout=10) as page:
        cookie = page.headers["Set-Cookie"].split(";")[0]
        authorize_url = html.unescape(re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]*)"',
                                                page.read().decode()).group(1))
    query = urllib.parse.parse_qs(urllib.parse.urlparse(authorize_url).query)
    assert query["client_id"] == [CLIENT_ID] and "chat:write" in query["scope"][0].split(",")
    status = oauth_redirect(app_url, standin.authorize(team_id), query["state"][0], cookie)
    assert status == 200, status
    return standin.tokens_of(team_id)[-1]


def oauth_redirect(app_url: str, code: str, state: str, cookie: str) -> int:
    request = urllib.request.Request(f"{app_url}/slack/oauth_redirect?code={code}&state={state}",
                                     headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def send_event(app_url: str, team_id: str, event: dict, event_time: int | None = None) -> None:
    """Post an event of `team_id` (an uninstall, say), as Slack sends it."""
    body = event_callback(team_id, event, f"Ev{uuid.uuid4().hex[:10]}", event_time)
    status, answer, _ = post_signed(app_url, body, "application/json", SECRET)
    assert status == 200, (status, answer)


def share_job_id(team_id: str, url: str, ts: str) -> str:
    """The job id of the link `url` shared in message `ts` (see tests/link_jobs.py)."""
    return link_job_id(team_id, url, CHANNEL, ts)


# Buttons, menus, forms and shortcuts, as a user works them

@dataclass(frozen=True)
class Pressed:
    response_url: str  # where the app answers the click (the answer it was in, or a new one)
    trigger_id: str  # what the app opens a form with


def elements(answer: dict, action_id: str) -> list[dict]:
    """The buttons and menus with this action id in an answer's blocks, top to bottom."""
    found = []
    for block in answer.get("blocks") or []:
        candidates = block.get("elements", []) if block["type"] == "actions" else [block.get("accessory") or {}]
        found += [element for element in candidates if element.get("action_id") == action_id]
    return found


def press(app_url: str, standin: SlackStandIn, team_id: str, element: dict, option: str | None = None,
          user: str = "UBOB") -> Pressed:
    """Click a button, or choose the option labelled `option` in a menu."""
    action = {"action_id": element["action_id"], "block_id": "b", "type": element["type"]}
    if option is None:
        action.update(value=element["value"], text=element["text"])
    else:
        [chosen] = [o for o in element["options"] if o["text"]["text"] == option]
        action["selected_option"] = chosen
    pressed = Pressed(standin.response_url(uuid.uuid4().hex), f"{uuid.uuid4().hex}.trigger")
    status, body, _ = post_signed(app_url, block_action(team_id, user, action, pressed.response_url,
                                                              pressed.trigger_id),
                                        "application/x-www-form-urlencoded", SECRET)
    assert status == 200, (status, body)
    return pressed


def answered(standin: SlackStandIn, pressed: Pressed, count: int = 1) -> dict:
    """The last of `count` answers the app sent to the response URL of a click (or of a form it opened)."""
    return standin.wait_for("response_url", count, path=urllib.parse.urlparse(pressed.response_url).path,
                            timeout=30)[-1].args


def form_opened(standin: SlackStandIn, pressed: Pressed) -> dict:
    [opened] = standin.wait_for("views.open", trigger_id=pressed.trigger_id)
    return opened.args["view"]


def submit(app_url: str, team_id: str, view: dict, values: dict | None = None, user: str = "UBOB") -> str:
    """Submit a form the app opened; returns the app's answer to the submission (empty: the form closes)."""
    status, body, _ = post_signed(app_url, view_submission(team_id, user, view, values or {}),
                                        "application/x-www-form-urlencoded", SECRET)
    assert status == 200, (status, body)
    return body


def shortcut(app_url: str, standin: SlackStandIn, team_id: str, callback_id: str, text: str,
             user: str = "UBOB") -> dict:
    """Pick a message shortcut on a message saying `text`; returns the app's answer."""
    response_url = standin.response_url(uuid.uuid4().hex)
    status, body, _ = post_signed(app_url, message_shortcut(team_id, user, callback_id, text, response_url),
                                        "application/x-www-form-urlencoded", SECRET)
    assert status == 200, (status, body)
    return answered(standin, Pressed(response_url, ""))
