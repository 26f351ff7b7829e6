"""The `quotebot` command as people run it: one clear line when serve can't start, answers without
library logs, a progress bar only on a terminal."""
import fcntl
import os
import pty
import struct
import subprocess
import termios
import threading

import pytest

from config.settings import Settings
from handlers.startup import check_slack
from tests import processes
from tests.redis_process import free_port
from tests.slack_app import app_env
from tests.slack_standin import APP_TOKEN, SINGLE_WORKSPACE_TOKEN


@pytest.mark.parametrize("settings, told", [
    ({"SLACK_BOT_TOKEN": ""}, "set SLACK_BOT_TOKEN"),
    ({"SLACK_BOT_TOKEN": "xoxb-revoked"}, "Slack refused SLACK_BOT_TOKEN (invalid_auth)"),
    ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
    ({"SLACK_APP_TOKEN": "xapp-revoked"}, "Slack refused SLACK_APP_TOKEN (invalid_auth)"),
    ({"SLACK_API_URL": f"http://127.0.0.1:{free_port()}/api/"}, "Can't reach Slack"),
    ({"REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}, "Can't reach Redis"),
    ({"REDIS_URL": "http://not-redis/"}, "Set REDIS_URL"),
])
def test_serve_that_cannot_start_says_what_to_set_in_one_line(standin, redis_url, tmp_path, settings, told):
    env = app_env(standin, 80, redis_url, tmp_path, **settings)
    result = processes.run(["serve", "--port", str(free_port()), "--workers", "0"], env, stderr=subprocess.STDOUT)
    lines = result.stdout.splitlines()
    assert result.returncode == 2, lines
    assert len(lines) == 1 and told in lines[0] and lines[0].startswith("quotebot serve: "), lines


def test_working_credentials_pass_the_startup_checks(standin):
    check_slack(Settings(SLACK_API_URL=standin.api_url, SLACK_BOT_TOKEN=SINGLE_WORKSPACE_TOKEN,
                         SLACK_SIGNING_SECRET="secret", SLACK_APP_TOKEN=APP_TOKEN))


def test_lookups_print_the_answer_and_no_library_logs(tmp_path):
    env = {**os.environ, "REDIS_URL": "", "QUOTEBOT_DATA_DIR": str(tmp_path)}  # the embedded Redis logs at INFO
    result = processes.run(["quotes", "nobody-by-this-name"], env)
    assert result.returncode == 0 and result.stdout.startswith("No quotes") and result.stderr == ""
    assert "INFO" in processes.run(["quotes", "nobody-by-this-name", "-v"], env).stderr


@pytest.fixture
def two_texts(tmp_path):
    (tmp_path / "a.txt").write_text('"The bridge reopens on Monday," said Laura Chen, the town engineer.\n')
    (tmp_path / "b.txt").write_text('"We were not consulted," said Omar Haddad.\n')
    return [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_extract_of_many_inputs_shows_progress_on_a_terminal_only(two_texts):
    piped = processes.run(["extract", *two_texts], os.environ)
    assert piped.returncode == 0 and piped.stderr == "" and "Omar Haddad" in piped.stdout

    leader, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    shown = []
    reader = threading.Thread(target=lambda: shown.extend(iter(lambda: _read(leader), b"")), daemon=True)
    reader.start()
    try:
        on_terminal = processes.run(["extract", *two_texts], os.environ, stderr=terminal)
    finally:
        os.close(terminal)
        reader.join(10)
        os.close(leader)
    assert on_terminal.returncode == 0 and "Laura Chen" in on_terminal.stdout
    assert b"| 0/2 [" in b"".join(shown)  # the bar, drawn before the first input is done


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 65536)
    except OSError:  # the terminal's other end is closed
        return b""
