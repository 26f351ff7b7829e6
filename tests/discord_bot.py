"""`quotebot discord` as a real process for tests, pointed at the Discord stand-in, and the fixtures of Discord's test
modules."""
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests import processes
from tests.discord_standin import TOKEN, DiscordStandIn
from tests.waiting import wait_until


@pytest.fixture(scope="module", name="standin")
def discord_standin():
    """In a Discord test module, the stand-in is Discord's (import this fixture into the module)."""
    server = DiscordStandIn().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def discord_accepted_everything(standin):
    """Whatever the bot sent, Discord would have taken (import this fixture into the module)."""
    yield
    assert standin.refused == []


def bot_env(standin: DiscordStandIn, page_port: int, redis_url: str, data_dir: Path, **extra: str) -> dict:
    """The bot pointed at the stand-in, answering every command at once however loaded the machine (the test of
    the "thinking" acknowledgement lowers QUOTEBOT_DISCORD_ANSWER_SECONDS)."""
    return processes.quotebot_env(page_port, redis_url, data_dir, **{
        "DISCORD_BOT_TOKEN": TOKEN, "DISCORD_API_URL": standin.api_url, "DISCORD_GATEWAY_URL": standin.gateway_url,
        "QUOTEBOT_DISCORD_ANSWER_SECONDS": "60", **extra})


@contextmanager
def running_bot(standin: DiscordStandIn, env: dict, data_dir: Path, workers: int = 1, args: tuple = ("discord",)):
    """Yields the process and its log once it holds a ready Gateway session with the stand-in and its workers
    are ready for jobs. (With the embedded Redis, whose address only the bot knows, a test waits for a first
    reply instead.)"""
    log_path = data_dir / f"{args[0]}-{uuid.uuid4().hex[:6]}.log"
    sessions = standin.sessions_ready + 1
    with processes.running([*args, "--workers", str(workers)], env, log_path) as process:
        wait_connected(standin, sessions, process, log_path)
        if workers and env["REDIS_URL"]:
            processes.wait_for_workers(env["REDIS_URL"], process, workers, log_path)
        yield process, log_path


def wait_connected(standin: DiscordStandIn, sessions: int, process: subprocess.Popen, log_path: Path,
                   timeout: float = 90) -> None:
    def connected() -> bool:
        assert process.poll() is None, f"the bot exited:\n{log_path.read_text()}"
        try:
            standin.wait_connected(sessions, timeout=0.5)
            return True
        except AssertionError:  # not yet
            return False

    wait_until(connected, timeout, lambda: f"the bot never connected:\n{log_path.read_text()}")
