"""A word's list: the quotes holding the word, as packed uint32 entries appended as quotes are stored.

An entry is the quote's number with, in its top bits, a mark of the word that follows this word in the quote (a
next-word index cut to five bits). A phrase search keeps, from each word's list, only the quotes where the word is
followed by the word the phrase has after it: words common enough to be in thousands of quotes are seldom followed
by the same word, so few quotes are left to read. A quote holding a word several times has an entry for each
different mark. Mark 0 means "any": entries written before marks were kept pass every filter."""
import zlib

import numpy as np

from bot import matching
from bot.store.records import sorted_distinct

NUMBER_BITS = 27  # quote numbers below 2**27: 134 million quotes in a workspace
NUMBER_MASK = (1 << NUMBER_BITS) - 1
MARKS = (1 << (32 - NUMBER_BITS)) - 1  # marks 1 to 31; 0 is "any"
AFTER_LAST_WORD = ""  # what follows a quote's last word


def mark(word: str) -> int:
    """The mark of a word that follows another (1 to MARKS)."""
    return 1 + zlib.crc32(word.encode()) % MARKS


def entries(number: int, words: list[str]) -> dict[str, bytes]:
    """For each word the quote is found by (not the most common ones), its packed entries: one per different word
    that follows it in the quote."""
    if number > NUMBER_MASK:
        raise ValueError(f"quote number {number} does not fit a word list entry ({NUMBER_BITS} bits)")
    following: dict[str, set[int]] = {}
    for at, word in enumerate(words):
        if word not in matching.STOPWORDS:
            after = words[at + 1] if at + 1 < len(words) else AFTER_LAST_WORD
            following.setdefault(word, set()).add(mark(after))
    return {word: np.array([number | m << NUMBER_BITS for m in sorted(marks)], "<u4").tobytes()
            for word, marks in following.items()}


def next_words(words: list[str]) -> dict[str, str | None]:
    """For each word a phrase is searched by, a word the phrase has right after it (None when it has none: the
    phrase ends there, and a quote may go on with anything)."""
    following: dict[str, str | None] = {}
    for at, word in enumerate(words):
        if word not in matching.STOPWORDS and following.get(word) is None:
            following[word] = words[at + 1] if at + 1 < len(words) else None
    return following


def numbers(packed: bytes | None, followed_by: str | None = None) -> np.ndarray:
    """The numbers of the quotes a list holds, ascending, once each; with `followed_by`, only those where the
    word may be followed by that word."""
    listed = np.frombuffer(packed or b"", dtype="<u4")
    if followed_by is not None:
        marks = listed >> NUMBER_BITS
        listed = listed[(marks == 0) | (marks == mark(followed_by))]
    return sorted_distinct(listed & NUMBER_MASK)  # in order already unless a quote was indexed again
