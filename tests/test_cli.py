"""The `quotebot` command as people run it: one clear line when serve can't start, answers without
library logs, a progress bar only on a terminal."""
import csv
import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import termios
import threading
import uuid

import pytest

from bot.export import COLUMNS
from config.settings import Settings
from handlers.startup import check_slack
from tests import newsroom, processes
from tests.newsroom import APPEAL, CUTS
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
    ({"QUOTEBOT_REDIS_CLUSTER_URL": f"redis://127.0.0.1:{free_port()}"}, "Can't reach the Redis Cluster"),
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


def test_a_worker_on_the_embedded_redis_leaves_nothing_running_when_its_queue_is_done(tmp_path):
    env = {**os.environ, "REDIS_URL": "", "QUOTEBOT_DATA_DIR": str(tmp_path)}
    worker = processes.start(["worker", "--burst"], env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _, err = worker.communicate(timeout=120)
    finally:
        processes.stop(worker)
    assert worker.returncode == 0 and "Traceback" not in err, err
    assert processes.started_by(worker, tmp_path) == []  # neither the embedded Redis nor a server of RQ's own


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


# The lookup on the command line: the JSON contract, corrections and export, on our own ferry story

@pytest.fixture(scope="module")
def ferry(pages, redis_url, tmp_path_factory):
    """A workspace of its own where the first report and the second outlet's follow-up were ingested; the
    environment to run commands in."""
    newsroom.serve_story(pages)
    team, env = f"T{uuid.uuid4().hex[:10].upper()}", processes.quotebot_env(pages.port, redis_url,
                                                                              tmp_path_factory.mktemp("cli"))
    ingested = processes.run(["ingest", "--team", team, pages.url(CUTS.path), pages.url(APPEAL.path)], env)
    assert ingested.returncode == 0, ingested.stderr
    return team, env


def as_json(ferry, *args) -> dict:
    team, env = ferry
    result = processes.run([*args, "--json", "--team", team], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def article_json(pages, story) -> dict:
    return {"url": pages.url(story.path), "title": story.title, "outlet": story.outlet, "date": story.date,
            "shared_by": os.environ.get("USER"), "via": "share"}


def test_quotes_json_carries_every_article_other_credits_and_rewordings(ferry, pages):
    found = as_json(ferry, "quotes", "ferreira")
    assert {key: found[key] for key in ("query", "total", "page")} == {"query": "ferreira", "total": 3, "page": 1}
    by_words = {quote["text"].rstrip(","): quote for quote in found["quotes"]}
    assert set(by_words) == {newsroom.SCHOOL, newsroom.SCHOOL_REWORDED, newsroom.NOBODY_ASKED}
    cuts, appeal = article_json(pages, CUTS), article_json(pages, APPEAL)
    nobody = by_words[newsroom.NOBODY_ASKED]
    assert nobody == {"text": newsroom.NOBODY_ASKED + ",", "speaker": "Tomas Ferreira", "role": None,
                      "attribution": "named", "speaker_as_written": None, "confidence": None, **cuts,
                      "articles": [cuts], "first_seen": cuts,
                      "also_attributed_to": [{"speaker": "Lena Brandt", "articles": [appeal]}], "variants": [],
                      "correction": None}
    assert by_words[newsroom.SCHOOL]["variants"] == [{"text": newsroom.SCHOOL_REWORDED + ",", "articles": [appeal]}]
    quintero = as_json(ferry, "quotes", "quintero")["quotes"][0]
    assert quintero["articles"] == [cuts, appeal] and quintero["first_seen"] == cuts and quintero["url"] == appeal["url"]


def test_who_and_filters_on_the_command_line(ferry):
    assert as_json(ferry, "who", "first lesson of every school day")["total"] == 2
    later = as_json(ferry, "who", "first lesson of every school day", "--since", "2025-04-03")
    assert later["total"] == 1 and later["quotes"][0]["outlet"] == "Coastline Daily"
    assert as_json(ferry, "quotes", "ferreira", "--outlet", "coastline")["total"] == 1
    team, env = ferry
    refused = processes.run(["quotes", "ferreira", "--until", "soon", "--team", team], env)
    assert refused.returncode == 2 and "`until:` takes a date like 2024-03-01" in refused.stderr


def test_corrections_are_listed_with_their_audit_and_reverted(ferry, store):
    team, env = ferry
    assert processes.run(["corrections", "--team", team], env).stdout == "No one has corrected a quote here yet.\n"
    brandt = as_json(ferry, "quotes", "brandt")["quotes"][0]
    [quote] = [q for q in store.quotes(team, [str(n) for n in range(1, 10)]) if q and q.speaker == "Lena Brandt"]
    correction = store.correct(team, quote.id, "UBOB", "Tomas Ferreira")
    corrected = next(q for q in as_json(ferry, "quotes", "ferreira")["quotes"]
                     if q["url"] == brandt["url"] and q["text"] == brandt["text"])
    assert corrected["correction"] == {"by": "UBOB", "at": correction.at, "from": "Lena Brandt", "to": "Tomas Ferreira"}
    listed = processes.run(["corrections", "--team", team], env).stdout.splitlines()
    assert listed[0] == "1 correction made here, newest first:"
    assert listed[1].startswith(f"{correction.id}. “{newsroom.NOBODY_ASKED}” — Speaker corrected by UBOB on ")
    assert listed[1].endswith("(was Lena Brandt)")
    reverted = processes.run(["corrections", "--team", team, "--revert", correction.id], env)
    assert reverted.stdout.startswith(f"Correction {correction.id} reverted: “Nobody on the island")
    assert "*Lena Brandt*" not in reverted.stdout and "Lena Brandt again." in reverted.stdout
    assert as_json(ferry, "quotes", "brandt")["total"] == 1
    unknown = processes.run(["corrections", "--team", team, "--revert", "999"], env)
    assert unknown.returncode == 2 and unknown.stderr == "There is no correction 999.\n"


def test_export_writes_one_row_per_quote_and_article(ferry, tmp_path):
    team, env = ferry
    out = tmp_path / "ferreira.jsonl"
    result = processes.run(["export", "ferreira", "--format", "jsonl", "--output", str(out), "--team", team], env)
    assert result.returncode == 0 and result.stderr == f"3 rows written to {out}\n"
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [list(row) for row in rows] == [COLUMNS] * 3
    assert sorted(row["outlet"] for row in rows) == ["Coastline Daily", "Harbour Courier", "Harbour Courier"]
    whole = processes.run(["export", "--team", team], env)
    assert len(list(csv.DictReader(io.StringIO(whole.stdout)))) == 6  # five quotes, one of them in two articles
