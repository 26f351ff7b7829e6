"""Lines of an article that are no part of its story's sentences: datelines, headings, bylines, captions,
link teasers and labels. Nobody named in them speaks, or is what a later "he" stands for."""
from spacy.tokens import Doc, Token

from bot.extract.marks import ALL_MARKS, QUOTE_MARKS, SINGLE_OPENING

MAX_HEADING_WORDS = 12  # a line this short that ends no sentence is a heading, byline or caption
MAX_LABEL_WORDS = 4  # "ANALYST'S VIEWPOINT:"
LINE_ENDINGS = (".", "!", "?", ":", ";", ",", "…")


def datelines(doc: Doc) -> list[tuple[int, int, int]]:
    """Datelines ("PORT ALDER, N.S. —"), a place in capitals opening a paragraph, up to a dash: where
    each starts, where its place name ends, and where the dateline ends."""
    found = []
    for token in doc:
        starts_paragraph = token.i == 0 or "\n" in doc[token.i - 1].whitespace_ or "\n" in doc[token.i - 1].text
        if not (starts_paragraph and token.is_upper and token.is_alpha and len(token) > 1):
            continue
        for later in doc[token.i: token.i + 12]:
            if "\n" in later.text:
                break
            if is_long_dash(later):
                place_end = next((t.i for t in doc[token.i: later.i] if not (t.is_upper and t.is_alpha)), later.i)
                found.append((token.i, place_end, later.i + 1))
                break
    return found


def headings(doc: Doc) -> list[tuple[int, int]]:
    """Lines that are no part of the story's sentences, as (start, end) token ranges: a heading, a byline, a
    caption or a link teaser standing alone ("Story continues below advertisement", "Annabelle Liang, The
    Associated Press", "WATCH: Mayor opens the ‘new’ bridge"): a short line that does not end a sentence,
    unless it signs off a quote (“…” ― Ana Diaz); and a label in capitals opening a line ("READ MORE:",
    "ANALYST'S VIEWPOINT:")."""
    found, start = [], 0
    for token in doc:
        if token.i + 1 < len(doc) and not ends_line(token):
            continue
        line = [t for t in doc[start:token.i + 1] if not t.is_space]
        start = token.i + 1
        if not line:
            continue
        ending = "".join(t.text for t in line[-2:]).rstrip(ALL_MARKS)  # a sentence may end inside a quote: .”
        short = sum(t.is_alpha for t in line) <= MAX_HEADING_WORDS and not ending.endswith(LINE_ENDINGS)
        quoting = any(t.text in QUOTE_MARKS + SINGLE_OPENING for t in line)  # “…” ― Ana Diaz signs a quote off
        colon = next((t for t in line[:MAX_LABEL_WORDS + 1] if t.text == ":"), None)
        label = colon is not None and colon.i > line[0].i \
            and all(t.is_upper or not t.is_alpha for t in line if t.i < colon.i)
        if short and (label or not quoting):
            found.append((line[0].i, line[-1].i + 1))
        elif label:
            found.append((line[0].i, colon.i + 1))
    return found


def ends_line(token: Token) -> bool:
    return "\n" in token.whitespace_ or token.is_space and "\n" in token.text


def is_long_dash(token: Token) -> bool:
    return token.text in {"–", "—", "―", "--"}
