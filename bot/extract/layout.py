"""Lines of an article that are no part of its story's sentences: datelines, headings, bylines, captions,
link teasers and labels; and the titles of works. Nobody named in them speaks, or is what a later "he"
stands for.

Each is found on the text's lines first and mapped to tokens only where a line qualifies: an article has
thousands of tokens and few such lines.
"""
import re

import numpy
from spacy.tokens import Doc, Token

from bot.extract.lexicon import WORK_NOUNS
from bot.extract.marks import ALL_MARKS, QUOTE_MARKS, SINGLE_OPENING

LINE = re.compile(r"[^\n]+")
LINE_ENDINGS = (".", "!", "?", ":", ";", ",", "…")
# A label in capitals opening a line: "READ MORE:", "ANALYST'S VIEWPOINT:".
LABEL = re.compile(r"\s*[A-Z][A-Z'’*&-]*(?: [A-Z][A-Z'’*&-]*){0,3}:")
# A dateline: "PORT ALDER, N.S. —", a place in capitals up to a long dash.
DATELINE = re.compile(r"\s*[A-Z]{2,}[^\n]{0,60}?(?:—|–|―|--)")
# A line opening with a photo credit: "Ryan Moss / Valley Courier Mayor Ilse Brandt greets …".
LINE_CREDIT = re.compile(r"\s*(?:[A-Z][\w.'’-]*\s){1,4}/\s?[A-Z]")
# A credit in brackets: "( Toronto Star file photo )", "(Submitted by Ana Ruiz)", "( Kerry Brown / AP )".
BRACKET_CREDIT = re.compile(r"\(\s*([^()\n]{1,80}?)\s*\)")
CREDIT_WORDS = frozenset({"photo", "photos", "photograph", "file", "submitted", "contributed", "courtesy",
                          "handout", "archives", "getty", "images", "press", "reuters", "ap", "afp"})
LONG_DASHES = frozenset({"–", "—", "―", "--"})


def tokens_of(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def datelines(doc: Doc) -> list[tuple[int, int, int]]:
    """Datelines ("PORT ALDER, N.S. —"), a place in capitals opening a paragraph, up to a dash: where
    each starts, where its place name ends, and where the dateline ends."""
    found = []
    for line in LINE.finditer(doc.text):
        match = DATELINE.match(line.group())
        tokens = tokens_of(doc, line.start(), line.start() + match.end()) if match else None
        if tokens is None:
            continue
        start, end = tokens
        dash = next((i for i in range(start, end) if doc[i].text in LONG_DASHES), None)
        if dash is not None and doc[start].is_upper and doc[start].is_alpha:
            place_end = next((i for i in range(start, dash) if not (doc[i].is_upper and doc[i].is_alpha)), dash)
            found.append((start, place_end, dash + 1))
    return found


def headings(doc: Doc) -> list[tuple[int, int]]:
    """Lines that are no part of the story's sentences, as (start, end) token ranges: a heading, a byline, a
    pull quote signed with a name, a list or a link teaser standing alone ("Story continues below
    advertisement", "Mara Quill, The Valley Courier", "WATCH: Mayor opens the ‘new’ bridge"): a line
    that does not end a sentence, unless it signs off a quote (“…” ― Ana Diaz); and a label in capitals
    opening a line ("READ MORE:", "ANALYST'S VIEWPOINT:")."""
    found = []
    for line in LINE.finditer(doc.text):
        words = line.group()
        if not words.strip():
            continue
        unfinished = not words.rstrip().rstrip(ALL_MARKS).endswith(LINE_ENDINGS)  # a sentence may end inside: .”
        quoting = any(c in QUOTE_MARKS or c in SINGLE_OPENING for c in words)  # “…” ― Ana Diaz signs a quote off
        label = LABEL.match(words)
        if unfinished and (label or not quoting):
            tokens = tokens_of(doc, line.start(), line.end())
        elif label:
            tokens = tokens_of(doc, line.start(), line.start() + label.end())
        else:
            continue
        if tokens is not None:
            found.append(tokens)
    return found


def captions(doc: Doc) -> list[tuple[int, int]]:
    """Photo captions, as (start, end) token ranges: a line opening with a photo credit ("Ana Ruiz / The
    Canadian Press Kevin Vickers, right, …"), and the sentence a bracketed credit closes ("… at the station
    in 1958. ( Library and Archives Canada )"). Whoever a caption shows is not in the story's sentences."""
    found = []
    for line in LINE.finditer(doc.text):
        if "/" in line.group() and LINE_CREDIT.match(line.group()) and (tokens := tokens_of(doc, line.start(),
                                                                                            line.end())):
            found.append(tokens)
    for credit in BRACKET_CREDIT.finditer(doc.text):
        words = credit.group(1)
        if "/" not in words and not CREDIT_WORDS.intersection(re.findall(r"\w+", words.lower())):
            continue
        tokens = tokens_of(doc, credit.start(), credit.end())
        if tokens is None:
            continue
        opening = doc[tokens[0]]
        sentence = doc[opening.i - 1].sent if opening.i > 0 and opening.is_sent_start else opening.sent
        line = tokens_of(doc, doc.text.rfind("\n", 0, credit.start()) + 1, credit.end())
        found.append((max(sentence.start, line[0]), tokens[1]))
    return found


def work_titles(doc: Doc) -> list[tuple[int, int]]:
    """The unquoted title of a work right after the word for it, to the end of its sentence: "author of the
    new book Night Shift: How the Harbour Was Built"."""
    found = []
    work_nouns = [doc.vocab.strings[noun] for noun in WORK_NOUNS if noun in doc.vocab.strings]
    for at in numpy.flatnonzero(numpy.isin(doc.to_array("LEMMA"), work_nouns)):
        noun = doc[int(at)]
        title = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
        if title is not None and noun.pos_ == "NOUN" and title.is_title and title.pos_ != "PUNCT":
            end = noun.sent.end
            while end > title.i + 1 and doc[end - 1].is_punct:
                end -= 1
            found.append((title.i, end))
    return found


def ends_line(token: Token) -> bool:
    return "\n" in token.whitespace_ or token.is_space and "\n" in token.text
