"""Waiting for a positive signal: poll until something shows up, or fail saying what was seen instead."""
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(probe: Callable[[], T], timeout: float, seen: Callable[[], str]) -> T:
    """The first truthy value `probe` returns within `timeout` seconds; else an AssertionError with `seen()`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := probe():
            return value
        time.sleep(0.05)
    raise AssertionError(seen())
