"""`quotebot demo`, the README's first command: both example articles shared and answered, then the lookups,
the same on every run."""
import os

from bot.store import Keys
from handlers.demo import DEMO_TEAM, LOOKUPS
from tests import processes


def demo(redis_url: str, data_dir) -> str:
    return processes.output(["demo"], {**os.environ, "REDIS_URL": redis_url, "QUOTEBOT_DATA_DIR": str(data_dir)},
                            timeout=300)


def test_the_demo_answers_both_shares_and_every_lookup(redis_url, tmp_path):
    shown = demo(redis_url, tmp_path)
    assert "— 7 quotes from 4 speakers: Helen Okafor (3), Priya Raman (2), Daniel Whitcombe, shop owners" in shown
    assert "— 3 quotes from 2 speakers: Daniel Whitcombe (2), Helen Okafor" in shown
    assert "1 quote here is credited to someone else in another article: “I am not against" in shown
    assert "1 possible misquote: “ready” here, “finished” in The Riverside Ledger" in shown
    assert [line for line in shown.splitlines() if line.startswith("/quotes ")] == [f"/quotes {q}" for q in LOOKUPS]
    assert "Did you mean Helen Okafor?" in shown


def test_the_demo_starts_afresh_whatever_an_earlier_run_left(redis_url, redis_client, tmp_path):
    first = demo(redis_url, tmp_path)
    # What an older version stored may hold other kinds of values under the same names (it kept no generation).
    for key in redis_client.scan_iter(match=Keys(DEMO_TEAM).everything()):
        if key != Keys(DEMO_TEAM).generation().encode():
            redis_client.delete(key)
            redis_client.rpush(key, "left by an earlier version")
    assert demo(redis_url, tmp_path) == first
