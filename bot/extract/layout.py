"""Lines of an article that are no part of its story's sentences: datelines, headings, bylines, captions,
link teasers and labels; and the titles of works. Nobody named in them speaks, or is what a later "he"
stands for."""
from spacy.tokens import Doc, Token

from bot.extract.lexicon import WORK_NOUNS
from bot.extract.marks import ALL_MARKS, QUOTE_MARKS, SINGLE_OPENING

MAX_LABEL_WORDS = 4  # "ANALYST'S VIEWPOINT:"
LINE_ENDINGS = (".", "!", "?", ":", ";", ",", "…")
# Words of a photo credit: "( Toronto Star file photo )", "(Submitted by Ana Ruiz)".
CREDIT_WORDS = frozenset({"photo", "photos", "photograph", "file", "submitted", "contributed", "courtesy",
                          "handout", "archives", "getty", "images", "press", "reuters", "ap", "afp"})
MAX_CREDIT_WORDS = 14
CREDIT_WORDS_BEFORE_SLASH = 4  # "Ryan Remiorz / The Canadian Press" opens its line


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
    pull quote signed with a name, a list or a link teaser standing alone ("Story continues below
    advertisement", "Annabelle Liang, The Associated Press", "WATCH: Mayor opens the ‘new’ bridge"): a line
    that does not end a sentence, unless it signs off a quote (“…” ― Ana Diaz); and a label in capitals
    opening a line ("READ MORE:", "ANALYST'S VIEWPOINT:")."""
    found, start = [], 0
    for token in doc:
        if token.i + 1 < len(doc) and not ends_line(token):
            continue
        line = [t for t in doc[start:token.i + 1] if not t.is_space]
        start = token.i + 1
        if not line:
            continue
        ending = "".join(t.text for t in line[-2:]).rstrip(ALL_MARKS)  # a sentence may end inside a quote: .”
        unfinished = not ending.endswith(LINE_ENDINGS)
        quoting = any(t.text in QUOTE_MARKS + SINGLE_OPENING for t in line)  # “…” ― Ana Diaz signs a quote off
        colon = next((t for t in line[:MAX_LABEL_WORDS + 1] if t.text == ":"), None)
        label = colon is not None and colon.i > line[0].i \
            and all(t.is_upper or not t.is_alpha for t in line if t.i < colon.i)
        if unfinished and (label or not quoting):
            found.append((line[0].i, line[-1].i + 1))
        elif label:
            found.append((line[0].i, colon.i + 1))
    return found


def captions(doc: Doc) -> list[tuple[int, int]]:
    """Photo captions, as (start, end) token ranges: a line opening with a photo credit ("Ana Ruiz / The
    Canadian Press Kevin Vickers, right, …"), and the sentence a parenthesised credit closes ("… at the
    station in 1958. ( Library and Archives Canada )"). Whoever a caption shows is not in the story's
    sentences."""
    found = []
    for token in doc:
        if token.text == "/" and token.i > 0 and token.i + 1 < len(doc) and doc[token.i - 1].is_title \
                and doc[token.i + 1].text[:1].isupper() and opens_line_within(token, CREDIT_WORDS_BEFORE_SLASH):
            found.append((line_start(token), line_end(token)))
        elif token.text == "(":
            close = next((t for t in doc[token.i + 1: token.i + MAX_CREDIT_WORDS] if t.text == ")"), None)
            if close is not None and any(t.text == "/" or t.lower_ in CREDIT_WORDS for t in doc[token.i:close.i]):
                sentence = doc[token.i - 1].sent if token.i > 0 and token.is_sent_start else token.sent
                found.append((max(sentence.start, line_start(token)), close.i + 1))
    return found


def work_titles(doc: Doc) -> list[tuple[int, int]]:
    """The unquoted title of a work right after the word for it, to the end of its sentence: "author of the
    new book They Call Me George: The Untold Story of the Porters"."""
    found = []
    for token in doc[:-1]:
        title = doc[token.i + 1]
        if token.lemma_.lower() in WORK_NOUNS and token.pos_ == "NOUN" and title.is_title and title.pos_ != "PUNCT":
            end = token.sent.end
            while end > title.i + 1 and doc[end - 1].is_punct:
                end -= 1
            found.append((title.i, end))
    return found


def opens_line_within(token: Token, words: int) -> bool:
    return token.i - line_start(token) <= words


def line_start(token: Token) -> int:
    start = token.i
    while start > 0 and not ends_line(token.doc[start - 1]):
        start -= 1
    return start


def line_end(token: Token) -> int:
    end = token.i
    while end < len(token.doc) and not ends_line(token.doc[end]):
        end += 1
    return min(end + 1, len(token.doc))


def ends_line(token: Token) -> bool:
    return "\n" in token.whitespace_ or token.is_space and "\n" in token.text


def is_long_dash(token: Token) -> bool:
    return token.text in {"–", "—", "―", "--"}
