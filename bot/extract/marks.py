"""Finding the stretches of text that sit between quote marks.

Works on the raw text, one paragraph (line) at a time, so that a quote that is never closed
cannot swallow the rest of the article. Each article quotes in one of two conventions, decided
from the text itself: double marks (“…”, with ‘…’ nested inside), or single marks as in British
and Australian copy (‘…’, with “…” nested inside). Single marks double as apostrophes (don’t,
the states’ budgets, ’90s, rock ’n’ roll, O’Brien), which never open or close a quote.
"""
import re
from dataclasses import dataclass

OPENING_MARKS = "“„‟«〝"
CLOSING_MARKS = "”»〞〟"
NEUTRAL_MARKS = '"＂'
QUOTE_MARKS = OPENING_MARKS + CLOSING_MARKS + NEUTRAL_MARKS
SINGLE_OPENING = "‘‛"
SINGLE_CLOSING = "’"
SINGLE_NEUTRAL = "'"
SINGLE_MARKS = SINGLE_OPENING + SINGLE_CLOSING + SINGLE_NEUTRAL
ALL_MARKS = QUOTE_MARKS + SINGLE_MARKS
# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar and the ASCII hyphen-minus.
DASH_CHARS = "‐‑‒–—―-"
# A mark right after one of these opens a quote; a mark right before one of these closes it.
OPENS_AFTER = "([{/:;" + DASH_CHARS + QUOTE_MARKS
CLOSES_BEFORE = ".,;:!?)]}/…" + DASH_CHARS + QUOTE_MARKS
PARAGRAPH = re.compile(r"[^\n\r\u2028\u2029]+")
# Words that begin with an apostrophe standing for dropped letters: ’tis, ’em, rock ’n’ roll, the ’90s.
DOUBLED_SINGLE = re.compile("['‘’]{2}")
ELISION = re.compile(r"(?:tis|twas|em|n|cause|cos|til|bout|round|ello|ere)\b|\d\d", re.IGNORECASE)


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # first character of the quoted words (after the opening mark)
    end: int  # one past the last quoted character (before the closing mark)
    closed: bool  # False when the paragraph ended before any closing mark
    paragraph_start: int  # where the paragraph holding the opening mark begins
    marks: tuple[int, ...] = ()  # where its opening mark and, if any, its closing mark stand


def mark_direction(text: str, i: int) -> str:
    """'open', 'close' or 'either' for the double quote mark at text[i], judged by its neighbours
    first (typists and converters often get the glyph wrong) and by its glyph second."""
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


def single_mark_role(text: str, i: int) -> str | None:
    """What the single mark at text[i] does: 'open', 'close', 'weak' (a closing mark that may be a
    plural possessive: “the players’ union”), 'inner' (a mark typed as an apostrophe opening a quote
    inside a quote: ‘I said, ’Please stay.’’), or None for an apostrophe or a stray mark. Neighbours
    decide before the glyph: an opening glyph after a comma and before a space closes (‘…policy,‘ said)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in SINGLE_MARKS or after in SINGLE_MARKS:
        return doubled_mark_role(text, i)
    if before.isalnum() and after.isalnum():
        return None  # don’t, O’Brien
    opens = (before.isspace() or before in OPENS_AFTER) and not after.isspace()
    if opens and text[i] != SINGLE_CLOSING:
        return None if ELISION.match(text, i + 1) else "open"
    if opens:
        return None if ELISION.match(text, i + 1) or not after.isalpha() else "inner"
    if before.isspace() or not (after.isspace() or after in CLOSES_BEFORE):
        return None
    if text[i] in SINGLE_OPENING and before not in CLOSES_BEFORE:
        return None
    if before in "sS" and after.isspace() and i + 2 < len(text) and text[i + 2].isalnum():
        return "weak"
    return "close"


def doubled_mark_role(text: str, i: int) -> str | None:
    """A single mark beside another: two typed for one double closing mark (“enough’’ for”), or an opening
    mark and a quote opening inside it (‘’Chairman’ is…’); any other pair ('') is no single quote."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in SINGLE_MARKS and (after.isspace() or after in CLOSES_BEFORE):
        return "close"
    if text[i] in SINGLE_OPENING and after in SINGLE_MARKS and (before.isspace() or before in OPENS_AFTER):
        return "open"
    if before in SINGLE_OPENING and after.isalpha():
        return "inner"
    return None


def quoted_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The (start, end) of text[start:end] without surrounding blanks, None if it holds no word."""
    chunk = text[start:end]
    stripped = chunk.strip()
    if not any(c.isalnum() for c in stripped):
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)


class ParagraphSpans:
    """Collects the quoted spans of one paragraph."""

    def __init__(self, text: str, par_start: int, par_end: int):
        self.text, self.par_start, self.par_end = text, par_start, par_end
        self.spans: list[QuotedSpan] = []

    def emit(self, open_at: int, close_at: int | None, end: int | None = None) -> None:
        """A quote from the mark at open_at to its closing mark at close_at; with none, to `end` (where the
        next quote opens after a sentence ends) or to the paragraph's end, left open."""
        end = close_at if close_at is not None else end if end is not None else self.par_end
        if close_at is not None and self.text[close_at - 1] in SINGLE_MARKS and close_at - 1 > open_at:
            end -= 1  # two marks typed for one: “enough’’ for”
        words = quoted_words(self.text, open_at + 1, end)
        if words:
            marks = (open_at,) if close_at is None else (open_at, close_at)
            self.spans.append(QuotedSpan(words[0], words[1], close_at is not None, self.par_start, marks))

    def reopen(self, open_at: int, i: int) -> None:
        """A quote opens at i while one is open since open_at: after a finished sentence the closing mark was
        left out (“… a dangerous thing to do. “It really hurts.”), so the first ends there; otherwise the
        earlier mark was stray."""
        if ends_sentence_before(self.text, i, open_at):
            self.emit(open_at, None, i)


def double_spans_in_paragraph(text: str, par_start: int, par_end: int) -> list[QuotedSpan]:
    found = ParagraphSpans(text, par_start, par_end)
    open_at = None
    for i in range(par_start, par_end):
        if text[i] not in QUOTE_MARKS:
            continue
        direction = mark_direction(text, i)
        if open_at is None:
            if direction != "close":  # a stray closing mark (e.g. inches, 6") opens nothing
                open_at = i
        elif direction == "open":
            found.reopen(open_at, i)
            open_at = i
        else:
            found.emit(open_at, i)
            open_at = None
    if open_at is not None:
        found.emit(open_at, mistyped_closing_mark(text, open_at, par_end))
    return found.spans


def ends_sentence_before(text: str, i: int, start: int) -> bool:
    """Whether the words between start and i end with a finished sentence."""
    return text[start + 1:i].rstrip().endswith((".", "!", "?"))


def mistyped_closing_mark(text: str, open_at: int, par_end: int) -> int | None:
    """A single closing mark typed for a double one right after a sentence ends (“Let’s go.’ Lee said):
    the quote left open ends there rather than at the paragraph's end."""
    for i in range(open_at + 1, par_end):
        if text[i] == SINGLE_CLOSING and text[i - 1] in ".!?," and (i + 1 == par_end or text[i + 1].isspace()):
            return i
    return None


def single_spans_in_paragraph(text: str, par_start: int, par_end: int) -> list[QuotedSpan]:
    """Single-quoted spans. A possible possessive (“players’ ”) closes a quote only when no surer
    closing mark follows before the next opening or the paragraph's end; a quote opened inside an
    open one (‘He said, ’Stay.’ Then …’) takes the next closing mark."""
    found = ParagraphSpans(text, par_start, par_end)
    open_at = weak_at = None
    inner = 0
    for i in range(par_start, par_end):
        if text[i] not in SINGLE_MARKS:
            continue
        role = single_mark_role(text, i)
        if role is None or open_at is None and role != "open":
            continue
        if open_at is None:
            open_at = i
        elif role == "inner":
            inner += 1
        elif role == "open" and weak_at is None and not ends_sentence_before(text, i, open_at):
            inner += 1  # ‘When they would say, ‘Hey George …’ …’
        elif role == "open":
            if weak_at is not None:
                found.emit(open_at, weak_at)
            else:
                found.reopen(open_at, i)
            open_at, weak_at, inner = i, None, 0
        elif inner:
            inner -= role == "close"
        elif role == "close":
            found.emit(open_at, i)
            open_at = weak_at = None
        elif weak_at is None:
            weak_at = i
    if open_at is not None:
        found.emit(open_at, weak_at)
    return found.spans


def inside(span: QuotedSpan, others: list[QuotedSpan]) -> bool:
    return any(o.start <= span.start and span.end <= o.end for o in others)


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quoted stretch of `text`, in text order, in the article's own convention: double
    marks, or single marks when the article quotes mostly with them (more than once, or once with
    an opening mark, more than a title's words and no double marks at all). Doubled single marks ('') stand for double marks:
    such an article quotes in doubles."""
    doubles, singles = [], []
    for paragraph in PARAGRAPH.finditer(text):
        doubles.extend(double_spans_in_paragraph(text, paragraph.start(), paragraph.end()))
        if any(c in SINGLE_OPENING or c == SINGLE_NEUTRAL for c in paragraph.group()):
            singles.extend(single_spans_in_paragraph(text, paragraph.start(), paragraph.end()))
    outer_singles = [s for s in singles if not inside(s, doubles)]
    outer_doubles = len([d for d in doubles if not inside(d, singles)]) + len(DOUBLED_SINGLE.findall(text))
    # one single quote is an apostrophe misread or a title, unless an opening mark opens a sentence's worth of
    # words and no double marks quote
    opened = any(text[s.marks[0]] in SINGLE_OPENING and len(text[s.start:s.end].split()) > 3 for s in outer_singles)
    if len(outer_singles) <= outer_doubles or len(outer_singles) == 1 and not (opened and not outer_doubles):
        return doubles
    return sorted(singles + [d for d in doubles if not inside(d, singles)], key=lambda s: s.start)
