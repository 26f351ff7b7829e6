"""When two quotes are the same words, and when they are nearly the same.

Quotes are compared as sequences of normalised words (case, accents, punctuation and quote-mark style
folded away). Two quotes are the same quote when one's words contain the other's and the shorter has at
least `MIN_EXCERPT_WORDS` words, so an excerpt run by a second outlet counts. Two quotes of one speaker
that share most words without either containing the other are a possible misquote.
"""
import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

MIN_EXCERPT_WORDS = 6
ANCHOR_WORDS = MIN_EXCERPT_WORDS  # every excerpt long enough to count starts with one of these
REWORDING_MIN_SHARED = 0.75  # share of the shorter quote's words a rewording keeps, in order
MAX_REWORDED_RUNS = 3  # more separate changes than this is a different sentence, not a misquote

# Words too common to find a quote by: not indexed, skipped in searches (still checked when verifying).
STOPWORDS = frozenset("""
a an and are as at be been but by for from had has have he her his i if in into is it its me my no not of
on or our s she so t than that the their them there they this to was we were what when which who will with
would you your
""".split())


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for matching names and quotes."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def quote_words(text: str) -> list[str]:
    """A quote's words after normalisation: “We’ll WIN,” and "we'll win" give the same list."""
    return re.findall(r"\w+", fold(text))


def contains(longer: list[str], shorter: list[str]) -> bool:
    """Whether `shorter` occurs in `longer` as a run of consecutive words."""
    if not shorter or len(shorter) > len(longer):
        return False
    return f" {' '.join(shorter)} " in f" {' '.join(longer)} "


def phrase_pattern(words: list[str]) -> re.Pattern[bytes]:
    """The words in a row, as a pattern over lowercased ASCII bytes."""
    return re.compile(rb"(?<!\w)" + rb"\W+".join(re.escape(w.encode()) for w in words) + rb"(?!\w)")


def may_hold(record: bytes | None, phrase: re.Pattern[bytes]) -> bool:
    """A quick first look at a stored record (UTF-8 JSON) before reading it whole: false only when it
    cannot hold the phrase. In ASCII text without escapes every word shows as written, lowercased;
    anything else (accents fold away, escapes hide word boundaries) passes on to the full check."""
    if record is None:
        return False
    if not record.isascii() or b"\\" in record:
        return True
    return phrase.search(record.lower()) is not None


def same_quote(a: list[str], b: list[str]) -> bool:
    """The same words, or one an excerpt of the other at least MIN_EXCERPT_WORDS long."""
    if a == b:
        return bool(a)
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= MIN_EXCERPT_WORDS and contains(longer, shorter)


def anchor(words: list[str]) -> bytes:
    """A stable 8-byte fingerprint of a run of words."""
    return hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()


def first_anchor(words: list[str]) -> bytes:
    """The fingerprint a stored quote is found by: its first ANCHOR_WORDS words (all of a shorter quote's)."""
    return anchor(words[:ANCHOR_WORDS])


def window_anchors(words: list[str]) -> list[bytes]:
    """The fingerprint of every run of ANCHOR_WORDS words: a stored quote contained in these words has
    its first anchor among them. A shorter quote can only be the same as an identical one."""
    if len(words) < ANCHOR_WORDS:
        return [anchor(words)] if words else []
    return [anchor(words[i:i + ANCHOR_WORDS]) for i in range(len(words) - ANCHOR_WORDS + 1)]


def searchable(words: list[str]) -> list[str]:
    """The distinct words a quote is found by, in first-seen order."""
    return list(dict.fromkeys(w for w in words if w not in STOPWORDS))


@dataclass(frozen=True)
class Change:
    """One place where two wordings differ: "big" in one, "heavy" in the other."""

    before: str
    after: str


def rewording(a: list[str], b: list[str]) -> list[Change] | None:
    """The changes turning wording `a` into wording `b` when they are a possible misquote of each other:
    most of the shorter one's words kept in order, a few words changed, neither containing the other.
    None when they are the same quote or simply different."""
    if min(len(a), len(b)) < MIN_EXCERPT_WORDS or same_quote(a, b):
        return None
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    edits = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    # Words only added or dropped at either end make an excerpt of a longer version, not a new wording.
    if edits and edits[0][0] != "replace" and (edits[0][1] == 0 and edits[0][3] == 0):
        edits.pop(0)
    if edits and edits[-1][0] != "replace" and (edits[-1][2] == len(a) and edits[-1][4] == len(b)):
        edits.pop()
    if not edits or len(edits) > MAX_REWORDED_RUNS or kept < REWORDING_MIN_SHARED * min(len(a), len(b)):
        return None
    return [Change(" ".join(a[i1:i2]), " ".join(b[j1:j2])) for _, i1, i2, j1, j2 in edits]
