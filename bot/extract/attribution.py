"""Finding who a quote is attributed to: the reporting verb (or "according to", a colon
introduction, a dash sign-off) that frames it, and the word naming its speaker."""
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.extract.lexicon import LISTENER_WHEN_PASSIVE, REPORTING_VERBS
from bot.extract.marks import QUOTE_MARKS, QuotedSpan

SENTENCE_END = frozenset({".", "!", "?"})
DASHES = frozenset({"—", "–", "-", "--"})
# How a quote can hang under the verb that reports it: its object, its complement clause...
REPORTED_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "advcl", "conj", "dep", "attr", "oprd",
                           "npadvmod", "acomp", "intj", "pcomp"})
FRAME_LIMIT = 40  # tokens looked at on each side of a quote
CLIMB_LIMIT = 4


@dataclass(frozen=True)
class QuoteTokens:
    """A quoted span and the tokens that make it up, in a parsed Doc."""
    span: QuotedSpan
    first: int
    end: int  # one past the last token


def locate_quotes(doc: Doc, spans: list[QuotedSpan]) -> tuple[list[QuoteTokens], list[int]]:
    """The token range of every span, and for every token the index of the quote holding it (-1: none)."""
    located, quoted = [], [-1] * len(doc)
    for span in spans:
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            continue
        for i in range(tokens.start, tokens.end):
            quoted[i] = len(located)
        located.append(QuoteTokens(span, tokens.start, tokens.end))
    return located, quoted


def is_mark(token: Token) -> bool:
    return all(c in QUOTE_MARKS for c in token.text)


def is_reporting_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in REPORTING_VERBS


def ends_paragraph(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def after_frame(doc: Doc, quote: QuoteTokens, quoted: list[int]) -> list[Token]:
    """The unquoted words right after a quote, up to the end of its sentence."""
    frame = []
    for token in doc[quote.end: quote.end + FRAME_LIMIT]:
        if quoted[token.i] >= 0 or token.is_space:
            break
        if is_mark(token):
            if frame:
                break
            continue
        frame.append(token)
        if token.text in SENTENCE_END or ends_paragraph(token):
            break
    return frame


def before_frame(doc: Doc, quote: QuoteTokens, quoted: list[int]) -> list[Token]:
    """The unquoted words right before a quote, back to the start of its sentence."""
    frame = []
    for token in reversed(doc[max(0, quote.first - FRAME_LIMIT): quote.first]):
        if quoted[token.i] >= 0 or token.is_space or token.text in SENTENCE_END or ends_paragraph(token):
            break
        if is_mark(token):
            if frame:
                break
            continue
        frame.append(token)
    return frame[::-1]


def speaker_of_verb(verb: Token) -> Token | None:
    """The word naming who does the reporting: the verb's subject, the agent of a passive, or,
    for a participle or a second verb ("issued a statement saying", "and added"), the subject
    of the verb it hangs from."""
    token = verb
    for _ in range(CLIMB_LIMIT):
        for child in token.children:
            if child.dep_ == "nsubj":
                return child
            if child.dep_ == "nsubjpass" and token.lemma_ == "quote":
                return child
            if child.dep_ == "agent" and token.lemma_ not in LISTENER_WHEN_PASSIVE:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if token.dep_ == "relcl":
            return token.head
        if token.head is token:
            break
        token = token.head
    return inverted_subject(verb)


def inverted_subject(verb: Token) -> Token | None:
    """A name the parser hung off a verb that precedes it ("said Sen. Jane Roe")."""
    for child in verb.rights:
        if child.pos_ == "PROPN" and child.dep_ in {"dobj", "npadvmod", "attr", "appos", "dep"}:
            return child
    return None


def governing_verb(doc: Doc, quote: QuoteTokens, quoted: list[int]) -> Token | None:
    """A reporting verb outside the quote that the quote's words hang from, through clause links
    only (so a quoted nickname inside a subject is not taken for speech)."""
    for token in doc[quote.first: quote.end]:
        if token.head is token or quote.first <= token.head.i < quote.end:
            continue  # only the words where the quote attaches to the rest of the sentence
        link, head = token.dep_, token.head
        for _ in range(CLIMB_LIMIT):
            if quoted[head.i] >= 0 or link not in REPORTED_DEPS:
                break
            if is_reporting_verb(head):
                return head
            if head.head is head:
                break
            link, head = head.dep_, head.head
    return None


def according_to(frame: list[Token]) -> Token | None:
    for token in frame:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def dash_signoff(frame: list[Token]) -> Token | None:
    """The name after a dash that signs off a quote: “…” — Commissioner Starks."""
    if len(frame) < 2 or frame[0].text not in DASHES:
        return None
    names = [t for t in frame[1:] if t.pos_ in {"PROPN", "NOUN"} and t.head.i not in {u.i for u in frame[1:]}
             or t.pos_ in {"PROPN", "NOUN"} and t.head is t]
    return names[0] if names else None


def frame_verb(frame: list[Token], nearest_last: bool) -> Token | None:
    verbs = [t for t in frame if is_reporting_verb(t)]
    if not verbs:
        return None
    return verbs[-1] if nearest_last else verbs[0]


def colon_intro(doc: Doc, quote: QuoteTokens, quoted: list[int]) -> list[Token]:
    """The sentence ending in a colon in the paragraph before a quote that opens its paragraph."""
    start = quote.span.paragraph_start
    if doc.text[start:quote.span.start].strip(QUOTE_MARKS + " \t") or start == 0:
        return []
    last = doc.char_span(0, start, alignment_mode="contract")
    tokens = [t for t in (last or []) if not t.is_space]
    if not tokens or tokens[-1].text != ":":
        return []
    frame = []
    for token in reversed(tokens[:-1]):
        if quoted[token.i] >= 0 or token.text in SENTENCE_END or ends_paragraph(token):
            break
        frame.append(token)
    return frame[::-1]


def speaker_token(doc: Doc, quote: QuoteTokens, quoted: list[int]) -> Token | None:
    """The word naming the speaker of a quote, or None when nothing in its sentence attributes it."""
    verb = governing_verb(doc, quote, quoted)
    if verb is not None:
        who = speaker_of_verb(verb)
        if who is not None and quoted[who.i] < 0:
            return who
    after = after_frame(doc, quote, quoted)
    before = before_frame(doc, quote, quoted)
    intro = colon_intro(doc, quote, quoted)
    for frame, nearest_last in ((after, False), (before, True), (intro, True)):
        who = dash_signoff(frame) if frame is after else None
        who = who or according_to(frame)
        verb = frame_verb(frame, nearest_last)
        if who is None and verb is not None:
            who = speaker_of_verb(verb)
        if who is not None and quoted[who.i] < 0:
            return who
    return None
