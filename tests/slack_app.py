"""`quotebot serve` as a real process for tests, and the user actions it answers: share a link, ask /quotes."""
import html
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests import processes
from tests.redis_process import free_port
from tests.slack_requests import (block_action, event_callback, message_event, message_shortcut, post_signed,
                                   slash_command, view_submission)
from tests.slack_standin import SINGLE_WORKSPACE_TOKEN, SlackStandIn

SECRET = "test-signing-secret"
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


@contextmanager
def running_app(env: dict, data_dir: Path, workers: int = 1):
    """Yields the app's base URL once /healthz answers 200."""
    port, log_path = free_port(), data_dir / "serve.log"
    with processes.running(["serve", "--port", str(port), "--workers", str(workers)], env, log_path) as process:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, log_path)
        yield url


@contextmanager
def worker_process(env: dict, data_dir: Path):
    """`quotebot worker`, stopped on the way out (unless the test already killed it)."""
    with processes.running(["worker"], env, data_dir / f"worker-{uuid.uuid4().hex[:6]}.log") as process:
        yield process


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"quotebot serve exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"quotebot serve never became healthy:\n{log_path.read_text()}")


def new_team_id() -> str:
    return f"T{uuid.uuid4().hex[:8].upper()}"


def share(app_url: str, team_id: str, url: str, ts: str | None = None, event_id: str | None = None,
          headers: dict | None = None, **event_fields) -> str:
    """Post a message sharing `url`; Slack must get its answer within 3 s. Returns the message ts."""
    ts = ts or f"{time.time():.6f}"
    body = message_event(team_id, "CNEWS", ts, url, event_id or f"Ev{uuid.uuid4().hex[:10]}", **event_fields)
    status, _, elapsed = post_signed(app_url, body, "application/json", SECRET, headers)
    assert status == 200 and elapsed < 3, (status, elapsed)
    return ts


def ask(app_url: str, standin: SlackStandIn, team_id: str, text: str, user: str = "UBOB") -> dict:
    """Run `/quotes text`; Slack must get its acknowledgement within 3 s. Returns what was sent back."""
    name = uuid.uuid4().hex
    status, _, elapsed = post_signed(app_url, slash_command(team_id, text, standin.response_url(name), user),
                                     "application/x-www-form-urlencoded", SECRET)
    assert status == 200 and elapsed < 3, (status, elapsed)
    [answer] = standin.wait_for("response_url", path=f"/respond/{name}", timeout=10)
    return answer.args


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
    """Post an event of `team_id` (an uninstall, say); Slack must get its answer within 3 s."""
    body = event_callback(team_id, event, f"Ev{uuid.uuid4().hex[:10]}", event_time)
    status, _, elapsed = post_signed(app_url, body, "application/json", SECRET)
    assert status == 200 and elapsed < 3, (status, elapsed)


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
    """Click a button, or choose the option labelled `option` in a menu; Slack must get its acknowledgement
    within 3 s."""
    action = {"action_id": element["action_id"], "block_id": "b", "type": element["type"]}
    if option is None:
        action.update(value=element["value"], text=element["text"])
    else:
        [chosen] = [o for o in element["options"] if o["text"]["text"] == option]
        action["selected_option"] = chosen
    pressed = Pressed(standin.response_url(uuid.uuid4().hex), f"{uuid.uuid4().hex}.trigger")
    status, body, elapsed = post_signed(app_url, block_action(team_id, user, action, pressed.response_url,
                                                              pressed.trigger_id),
                                        "application/x-www-form-urlencoded", SECRET)
    assert status == 200 and elapsed < 3, (status, body, elapsed)
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
    status, body, elapsed = post_signed(app_url, view_submission(team_id, user, view, values or {}),
                                        "application/x-www-form-urlencoded", SECRET)
    assert status == 200 and elapsed < 3, (status, body, elapsed)
    return body


def shortcut(app_url: str, standin: SlackStandIn, team_id: str, callback_id: str, text: str,
             user: str = "UBOB") -> dict:
    """Pick a message shortcut on a message saying `text`; returns the app's answer."""
    response_url = standin.response_url(uuid.uuid4().hex)
    status, body, elapsed = post_signed(app_url, message_shortcut(team_id, user, callback_id, text, response_url),
                                        "application/x-www-form-urlencoded", SECRET)
    assert status == 200 and elapsed < 3, (status, body, elapsed)
    return answered(standin, Pressed(response_url, ""))
