"""Finding the stretches of text that sit between double quote marks.

Works on the raw text, one paragraph (line) at a time, so that a quote that is never closed
cannot swallow the rest of the article. Single marks are left alone: in English news copy they
are apostrophes (`don’t`, `states’`) or quotes nested inside a double-quoted quote.
"""
import re
from dataclasses import dataclass

OPENING_MARKS = "“„‟«〝"
CLOSING_MARKS = "”»〞〟"
NEUTRAL_MARKS = '"＂'
QUOTE_MARKS = OPENING_MARKS + CLOSING_MARKS + NEUTRAL_MARKS
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar and the ASCII hyphen-minus.
DASH_CHARS = "‐‑‒–—―-"
# A mark right after one of these opens a quote; a mark right before one of these closes it.
OPENS_AFTER = "([{/:;" + DASH_CHARS + QUOTE_MARKS
CLOSES_BEFORE = ".,;:!?)]}/…" + DASH_CHARS + QUOTE_MARKS
PARAGRAPH = re.compile(r"[^\n\r\u2028\u2029]+")


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # first character of the quoted words (after the opening mark)
    end: int  # one past the last quoted character (before the closing mark)
    closed: bool  # False when the paragraph ended before any closing mark
    paragraph_start: int  # where the paragraph holding the opening mark begins


def mark_direction(text: str, i: int) -> str:
    """'open', 'close' or 'either' for the quote mark at text[i], judged by its neighbours first
    (typists and converters often get the glyph wrong) and by its glyph second."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = before.isspace() or before in OPENS_AFTER
    closes = after.isspace() or after in CLOSES_BEFORE
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if text[i] in OPENING_MARKS:
        return "open"
    if text[i] in CLOSING_MARKS:
        return "close"
    return "either"


def quoted_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The (start, end) of text[start:end] without surrounding blanks, None if it holds no word."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not any(c.isalnum() for c in stripped):
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)


def spans_in_paragraph(text: str, par_start: int, par_end: int) -> list[QuotedSpan]:
    spans = []
    open_at = None

    def emit(end: int, closed: bool) -> None:
        words = quoted_words(text, open_at + 1, end)
        if words:
            spans.append(QuotedSpan(words[0], words[1], closed, par_start))

    for i in range(par_start, par_end):
        if text[i] not in QUOTE_MARKS:
            continue
        direction = mark_direction(text, i)
        if open_at is None:
            if direction != "close":  # a stray closing mark (e.g. inches, 6") opens nothing
                open_at = i
        elif direction == "open":
            open_at = i  # two openings in a row: the earlier one was stray
        else:
            emit(i, closed=True)
            open_at = None
    if open_at is not None:
        emit(par_end, closed=False)
    return spans


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every double-quoted stretch of `text`, in text order."""
    spans = []
    for paragraph in PARAGRAPH.finditer(text):
        spans.extend(spans_in_paragraph(text, paragraph.start(), paragraph.end()))
    return spans
