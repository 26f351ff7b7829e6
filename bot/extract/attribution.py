"""Finding who a quote is attributed to: the reporting verb (or "according to", a colon
introduction, a dash sign-off) that frames it, and the word naming its speaker."""
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from bot.extract.lexicon import LISTENER_WHEN_PASSIVE, PHRASAL_REPORTING_VERBS, REPORTING_FORMS, REPORTING_VERBS
from bot.extract.marks import DASH_CHARS, QUOTE_MARKS, QuotedSpan

SENTENCE_END = frozenset({".", "!", "?"})
# How a quote can hang under the verb that reports it: its object, its complement clause...
REPORTED_DEPS = frozenset({"ccomp", "xcomp", "dobj", "parataxis", "advcl", "conj", "dep", "attr", "oprd",
                           "npadvmod", "acomp", "intj", "pcomp"})
# Conjunctions opening a side clause ("after Rosa Lind criticised him, Hal Moss shot back"): a verb in
# such a clause does not introduce the quote that follows the main clause.
SUBORDINATORS = frozenset({"after", "when", "while", "because", "since", "if", "before", "although",
                           "though", "until", "once", "whether"})
FRAME_LIMIT = 40  # tokens looked at on each side of a quote
CLIMB_LIMIT = 4


@dataclass(frozen=True)
class QuoteTokens:
    """A quoted span and the tokens that make it up, in a parsed Doc."""
    span: QuotedSpan
    first: int
    end: int  # one past the last token


@dataclass(frozen=True)
class QuotedDoc:
    """A parsed article with its quotes located."""
    doc: Doc
    quotes: list[QuoteTokens]
    owner: list[int]  # for every token, the index of the quote holding it, -1 outside quotes

    def in_quote(self, token: Token) -> bool:
        return self.owner[token.i] >= 0


def locate_quotes(doc: Doc, spans: list[QuotedSpan]) -> QuotedDoc:
    quotes, owner = [], [-1] * len(doc)
    for span in spans:
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0:
            continue
        for i in range(tokens.start, tokens.end):
            owner[i] = len(quotes)
        quotes.append(QuoteTokens(span, tokens.start, tokens.end))
    return QuotedDoc(doc, quotes, owner)


def is_mark(token: Token) -> bool:
    return all(c in QUOTE_MARKS for c in token.text)


def is_dash(token: Token) -> bool:
    """A dash of any spelling ("—", "―", "--"), also when glued to the closing mark before it (”―)."""
    text = token.text.strip(QUOTE_MARKS)
    return bool(text) and all(c in DASH_CHARS for c in text)


def is_reporting_verb(token: Token) -> bool:
    """A reporting verb, also when capitalised mid-sentence and so tagged as a name ("Tweeted")."""
    if token.pos_ == "PROPN":  # only past forms: "States" or "Notes" as names are no verbs
        return token.lower_ in REPORTING_FORMS and token.lower_[-2:] in {"ed", "id", "ld", "te"}
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = token.lemma_.lower()
    if lemma in REPORTING_VERBS or token.lower_ in REPORTING_FORMS:
        return True
    return any(c.dep_ == "prt" and (lemma, c.lower_) in PHRASAL_REPORTING_VERBS for c in token.children)


def in_side_clause(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in verb.children)


def ends_paragraph(token: Token) -> bool:
    return "\n" in token.text or "\n" in token.whitespace_


def after_frame(qd: QuotedDoc, quote: QuoteTokens) -> list[Token]:
    """The unquoted words right after a quote, up to the end of its sentence."""
    frame = []
    for token in qd.doc[quote.end: quote.end + FRAME_LIMIT]:
        if qd.in_quote(token) or token.is_space:
            break
        if is_mark(token):
            if frame:
                break
            continue
        frame.append(token)
        if token.text in SENTENCE_END or ends_paragraph(token):
            break
    return frame


def before_frame(qd: QuotedDoc, quote: QuoteTokens) -> list[Token]:
    """The unquoted words right before a quote, back to the start of its sentence; for a quote
    opening its paragraph, the sentence ending in a colon that introduces it ("Lind continued:")."""
    doc, frame = qd.doc, []
    for token in reversed(doc[max(0, quote.first - FRAME_LIMIT): quote.first]):
        if token.is_space or ends_paragraph(token):
            if frame or token.i == 0 or doc[token.i - 1].text != ":":
                break
            if token.is_space:
                continue
        if qd.in_quote(token) or token.text in SENTENCE_END:
            break
        if is_mark(token):
            if frame:
                break
            continue
        frame.append(token)
    return frame[::-1]


def is_bare(qd: QuotedDoc, quote: QuoteTokens) -> bool:
    """True for a quote standing as a sentence of its own, with no words around it."""
    return not any(t.is_alpha for t in after_frame(qd, quote) + before_frame(qd, quote))


def own_subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    for child in verb.children:
        if child.dep_ == "nsubjpass" and verb.lemma_ == "quote":
            return child  # "he was quoted as saying"
        if child.dep_ == "agent" and verb.lemma_ not in LISTENER_WHEN_PASSIVE:
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def speaker_of_verb(qd: QuotedDoc, verb: Token) -> Token | None:
    """The word naming who does the reporting: the verb's subject, or, for a participle or a
    second verb ("issued a statement saying", "and added"), the subject of the verb it hangs
    from. Verbs inside a quote are passed over: their subjects are what the quote talks about."""
    token = verb
    for _ in range(CLIMB_LIMIT):
        if not qd.in_quote(token):
            who = own_subject(token)
            if who is not None:
                return who
            if token.dep_ == "relcl" or token.dep_ == "acl" and token.head.pos_ == "PROPN":
                return token.head  # "fighters who chanted", "Lind, the group's head, Tweeted"
        if token.head.i == token.i:
            break
        token = token.head
    return inverted_subject(verb)


def inverted_subject(verb: Token) -> Token | None:
    """A name the parser hung off a verb that precedes it ("said Sen. Jane Roe")."""
    for child in verb.rights:
        if child.pos_ == "PROPN" and child.dep_ in {"dobj", "npadvmod", "attr", "appos", "dep"}:
            return child
    return None


def governing_verb(qd: QuotedDoc, quote: QuoteTokens) -> Token | None:
    """A reporting verb outside the quote that the quote's words hang from, through clause links
    only (so a quoted nickname inside a subject is not taken for speech)."""
    for token in qd.doc[quote.first: quote.end]:
        if token.head.i == token.i or quote.first <= token.head.i < quote.end:
            continue  # only the words where the quote attaches to the rest of the sentence
        link, head = token.dep_, token.head
        for _ in range(CLIMB_LIMIT):
            if qd.in_quote(head) or link not in REPORTED_DEPS:
                break
            if is_reporting_verb(head):
                return head
            if head.head.i == head.i:
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
    if len(frame) < 2 or not is_dash(frame[0]):
        return None
    inside = {t.i for t in frame[1:]}
    heads = [t for t in frame[1:] if t.pos_ in {"PROPN", "NOUN"} and (t.head.i not in inside or t.head.i == t.i)]
    return heads[0] if heads else None


def depth(token: Token) -> int:
    steps = 0
    while token.head.i != token.i and steps < 50:
        token, steps = token.head, steps + 1
    return steps


def reporting_verb_in(frame: list[Token], nearest_last: bool) -> Token | None:
    """The main reporting verb of a frame: the one highest in the parse, then the nearest to
    the quote ("The Courier reported the council refused to call it a strike: “…”")."""
    verbs = [t for t in frame if is_reporting_verb(t) and not in_side_clause(t)]
    if not verbs:
        return None
    if nearest_last:
        verbs.reverse()
    return min(verbs, key=depth)


def colon_subject(frame: list[Token]) -> Token | None:
    """Whoever a sentence ending in a colon names last, or else is about, introduces the quote
    after it: "… doesn't surprise pollster Dana Shore: “…”", "Lind released a statement: “…”"."""
    if len(frame) < 2 or frame[-1].text != ":":
        return None
    inside = {t.i for t in frame}
    subjects = [t for t in frame if t.dep_ == "nsubj" and t.head.i in inside and not in_side_clause(t.head)]
    return subjects[-1] if subjects else None


def ends_with_comma(doc: Doc, quote: QuoteTokens) -> bool:
    return doc.text[quote.span.start:quote.span.end].rstrip("’'‘ ").endswith(",")


def name_after_comma(qd: QuotedDoc, quote: QuoteTokens, frame: list[Token]) -> Token | None:
    """“…,” Lind, 58, told the radio station — a quote ending in a comma and followed straight away by a name
    or a personal pronoun is theirs, however the parser hung the rest of the sentence."""
    if not frame or not ends_with_comma(qd.doc, quote):
        return None
    first = frame[0]
    if first.pos_ != "PROPN" and first.lower_ not in {"he", "she", "they"}:
        return None
    while first.dep_ in {"compound", "flat", "nmod"} and first.i < first.head.i < first.i + 6:
        first = first.head  # from "Secretary of Defense Ana Ruiz" to its head, "Ruiz"
    if first.dep_ == "poss" or first.i + 1 < len(qd.doc) and first.nbor().tag_ == "POS":
        return None  # “…,” Lind’s spokesman said: the speaker is the spokesman
    return first


def subject_after_comma(qd: QuotedDoc, quote: QuoteTokens, frame: list[Token]) -> Token | None:
    """“…,” the senator went on — a subject and its verb after a quote ending in a comma."""
    if not frame or not ends_with_comma(qd.doc, quote):
        return None
    inside = {t.i for t in frame}
    subjects = [t for t in frame[:4] if t.dep_ == "nsubj" and t.head.i in inside]
    return subjects[0] if subjects else None


def colon_person(frame: list[Token]) -> Token | None:
    """Pollster Dana Shore: “…”"""
    if len(frame) >= 2 and frame[-1].text == ":" and frame[-2].ent_type_ == "PERSON":
        return frame[-2]
    return None


def subject_of_embedding(qd: QuotedDoc, quote: QuoteTokens) -> Token | None:
    """For a long quote worked into a sentence ("Lind bemoaned a climate in which people “…”"),
    the person or organisation the sentence is about, when the quote is not part of its subject."""
    doc = qd.doc
    if quote.end - quote.first < 4:
        return None
    for token in doc[quote.first: quote.end]:
        if token.head.i == token.i or quote.first <= token.head.i < quote.end:
            continue
        link, head = token.dep_, token.head
        for _ in range(CLIMB_LIMIT + 1):
            if qd.in_quote(head) or link in {"nsubj", "nsubjpass", "csubj"}:
                break
            who = own_subject(head) if head.pos_ in {"VERB", "AUX"} else None
            if who is not None:
                return who if is_named_or_personal(who) else None
            if head.head.i == head.i:
                break
            link, head = head.dep_, head.head
    return None


def is_named_or_personal(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG"} or token.lower_ in {"he", "she"}


def speaker_of_frame(qd: QuotedDoc, frame: list[Token], nearest_last: bool) -> Token | None:
    verb = reporting_verb_in(frame, nearest_last)
    return speaker_of_verb(qd, verb) if verb is not None else None


def speaker_token(qd: QuotedDoc, quote: QuoteTokens) -> Token | None:
    """The word naming the speaker of a quote, or None when nothing around it attributes it.
    Cues are tried from the most to the least reliable."""
    after = after_frame(qd, quote)
    before = before_frame(qd, quote)
    comma_cues = (name_after_comma(qd, quote, after), speaker_of_frame(qd, after, nearest_last=False)) \
        if ends_with_comma(qd.doc, quote) else ()
    governing = governing_verb(qd, quote)
    for who in (colon_person(before), *comma_cues,
                speaker_of_verb(qd, governing) if governing is not None else None,
                dash_signoff(after), according_to(after), speaker_of_frame(qd, after, nearest_last=False),
                according_to(before), speaker_of_frame(qd, before, nearest_last=True), colon_subject(before),
                subject_after_comma(qd, quote, after)):
        if who is not None and not qd.in_quote(who):
            return who
    if not is_bare(qd, quote):
        return subject_of_embedding(qd, quote)
    return None
