"""Speakers carried over to quotes that name none of their own: the pieces of a split quote, a quote
that goes on in the next paragraph, a quote standing alone after its speaker's words, and words quoted
again elsewhere in the article."""
import re
from dataclasses import replace

from spacy.tokens import Span, Token

from bot.extract.attribution import (SENTENCE_END, QuotedDoc, QuoteTokens, can_be_people, ends_with_comma,
                                     in_side_clause, introduced_without_a_speaker, is_bare, is_reporting_verb,
                                     looks_like_title, own_subject)
from bot.extract.lexicon import STATEMENT_NOUNS
from bot.extract.marks import ALL_MARKS
from bot.extract.decide import Candidate, Decision, identity
from bot.extract.speakers import CARRIED, ROLE, Speaker, SpeakerResolver
from bot.matching import MIN_EXCERPT_WORDS, contains, quote_words
from bot.models import SpeakerKind

MIN_UNATTRIBUTED_WORDS = 4  # shorter quoted bits nobody is said to say are scare quotes or names

def opens_paragraph(text: str, quote: QuoteTokens) -> bool:
    return not text[quote.span.paragraph_start:quote.span.start].strip(ALL_MARKS + " \t")


def paragraphs_between(text: str, earlier: QuoteTokens, later: QuoteTokens) -> list[str] | None:
    """The non-empty paragraphs separating two quotes; None when they share a paragraph."""
    if earlier.span.paragraph_start == later.span.paragraph_start:
        return None
    lines = text[earlier.span.end:later.span.paragraph_start].split("\n")[1:]
    return [line for line in lines if line.strip()]


def continuation(qd: QuotedDoc, earlier: QuoteTokens, later: QuoteTokens, speaker: Speaker | None) -> str | None:
    """How `later` reads as the earlier speaker going on, if it does: in the "same_paragraph", in the
    "next_paragraph", after a single paragraph about that speaker (“…,” Smith said. / Smith has run twice
    before. / “…”: "after_a_paragraph") or about no one at all (“…,” Smith said. / Costs rose by a third.
    / “…”: "after_an_aside") — but not when the sentence of the earlier quote goes on about somebody else
    (While Lind called it “a farce,” Moss said nothing.)."""
    text = qd.text
    between = paragraphs_between(text, earlier, later)
    if between is None:
        return "same_paragraph"
    if not opens_paragraph(text, later) or ends_on_another_person(qd, earlier, speaker) or len(between) > 1:
        return None
    if not between:
        return "next_paragraph"
    start = text.index(between[0], earlier.span.end)
    if is_about(qd, start, speaker):
        return "after_a_paragraph"
    return "after_an_aside" if names_no_one(qd, start, start + len(between[0])) else None


def names_no_one(qd: QuotedDoc, start: int, end: int) -> bool:
    """Whether a stretch of text mentions no one who could speak: no name (a day or date is none), no he or
    she, no word for a person ("another banker")."""
    span = qd.doc.char_span(start, end, alignment_mode="expand")
    return span is not None and not any(can_be_people(t) and t.ent_type_ not in {"DATE", "TIME"} for t in span)


def name_words(speaker: Speaker | None) -> list[str]:
    """A speaker's name as the tokens the parser makes of it: "Wilson-Raybould" is "Wilson", "-", "Raybould"."""
    return re.split(r"[\s‐‑‒–—―-]+", speaker.name) if speaker and speaker.name else []


def is_about(qd: QuotedDoc, paragraph_start: int, speaker: Speaker | None) -> bool:
    """Whether the paragraph starting at a character has the speaker as the first subject of its first sentence."""
    first = qd.doc.char_span(paragraph_start, paragraph_start + 1, alignment_mode="expand")
    subjects = [t for t in first[0].sent if t.dep_ in {"nsubj", "nsubjpass"}] if first is not None else []
    return bool(subjects) and subjects[0].text in name_words(speaker)


def ends_on_another_person(qd: QuotedDoc, quote: QuoteTokens, speaker: Speaker | None) -> bool:
    """Whether the main clause of the sentence holding a quote has a named subject other than its speaker."""
    root = qd.doc[quote.end - 1].sent.root
    subject = None if qd.in_quote(root) else own_subject(root)
    return subject is not None and subject.pos_ == "PROPN" and not qd.in_quote(subject) \
        and subject.text not in name_words(speaker)


def splits_sentence(qd: QuotedDoc, earlier: QuoteTokens, later: QuoteTokens) -> bool:
    """“A,” she said, “B.” — two pieces of one quote around a short attribution."""
    between = qd.doc[earlier.end:later.first]
    return (ends_with_comma(earlier) and len(between) <= 12
            and not any(t.text in SENTENCE_END or "\n" in t.text for t in between))


def shares_the_sentence(qd: QuotedDoc, earlier: QuoteTokens, later: QuoteTokens) -> bool:
    """Two partial quotes of one sentence with nobody new between them: X said the plan was “a mess” that
    shows “no thought at all.”"""
    doc = qd.doc
    if doc[earlier.end - 1].sent.start != doc[later.first].sent.start:
        return False
    between = doc[earlier.end:later.first]
    return not any(t.pos_ == "PROPN" or t.tag_ == "PRP" or is_reporting_verb(t) for t in between)


def is_speech(words: str, speaker: Speaker | None) -> bool:
    """Whether a quoted stretch is someone's words: a short capitalised name ("The Wall") never
    is; a longer one (a slogan) only when someone is said to say it."""
    short = len(words.split()) < MIN_UNATTRIBUTED_WORDS
    if looks_like_title(words):
        return speaker is not None and not short
    return speaker is not None or not short


def paragraph_before(qd: QuotedDoc, quote: QuoteTokens) -> Span | None:
    """The tokens of the paragraph before the one a quote opens."""
    text = qd.text
    stop = len(text[:quote.span.paragraph_start].rstrip())
    start = text.rfind("\n", 0, stop) + 1
    return qd.doc.char_span(start, stop, alignment_mode="expand") if stop > start else None


def subject_of_paragraph_before(qd: QuotedDoc, resolver: SpeakerResolver, quote: QuoteTokens) -> Speaker | None:
    """The one person the paragraph before a quote paragraph is about, when that paragraph quotes no one:
    its sentences' main subjects name that person and no other ("Okafor said she doubted the ferry would
    run by June. ¶ “They promised us the same thing last spring …”"); in a sentence with an aside saying who
    speaks ("The delay, Okafor argued, was deliberate.", "The delay was deliberate, Okafor said."), the
    aside's subject."""
    paragraph = paragraph_before(qd, quote)
    if paragraph is None or any(qd.in_quote(t) or t.i in qd.apart for t in paragraph):
        return None  # a heading, caption or pull quote says nothing of who speaks next
    found = {}
    for sentence in paragraph.sents:
        root = sentence.root
        # the last to say something ("The ministry says …, but Adeyemi says …"), or the aside saying who speaks
        last = [c for c in root.children if c.dep_ == "conj" and c.i > root.i and is_reporting_verb(c)]
        root = last[-1] if last else next((c for c in root.children if is_reporting_verb(c)
                                           and not is_reporting_verb(root)
                                           and (c.dep_ == "parataxis" or c.dep_ in {"ccomp", "advcl"}
                                                and c.i < root.i and not in_side_clause(c))), root)
        subject = topic_of(root) if root.pos_ in {"VERB", "AUX"} else None
        speaker = resolver.speaker(subject) if subject is not None else None
        # a person named, not only described ("a witness"), or an organisation issuing a statement ("The DNC
        # issued a statement apologising …")
        speaks = speaker is not None and (speaker.kind == SpeakerKind.PERSON and speaker.how != ROLE
                                          and speaker.name != speaker.role
                                          or speaker.kind == SpeakerKind.ORGANISATION and makes_a_statement(root))
        if speaks and speaker.name:
            found[speaker.name] = speaker
    return replace(next(iter(found.values())), how=CARRIED) if len(found) == 1 else None


def topic_of(verb: Token) -> Token | None:
    """Who a clause is about: its subject, also in the passive ("Gillis was diagnosed") or in the clause
    before it that the parser hung under it, or whose words its subject is ("Her message is simple: …" is
    hers)."""
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None) or own_subject(verb)
    if subject is None:  # "Her message is simple: don’t share" parsed with "share" as the root
        clause = next((c for c in verb.children if c.dep_ in {"ccomp", "advcl", "parataxis"} and c.i < verb.i
                       and c.pos_ in {"VERB", "AUX"}), None)
        return topic_of(clause) if clause is not None else None
    if subject.lemma_.lower() in STATEMENT_NOUNS:
        return next((c for c in subject.children if c.dep_ == "poss"), subject)
    return subject


def repeated_words(qd: QuotedDoc, decisions: list[Decision]) -> list[Candidate | None]:
    """Words quoted twice are the same person's: a pull quote, or a summary repeating a quote, takes the
    speaker its words have where the article attributes them (the same rule that makes two articles'
    quotes one)."""
    sequences = [quote_words(quote.words) for quote in qd.quotes]
    found: list[Candidate | None] = [None] * len(sequences)
    for i, words in enumerate(sequences):
        if decisions[i].speaker is not None or len(words) < MIN_EXCERPT_WORDS:
            continue
        sources = {identity(decisions[j].best): decisions[j] for j, other in enumerate(sequences)
                   if j != i and decisions[j].best is not None and decisions[j].best.name
                   and (contains(other, words) or len(other) >= MIN_EXCERPT_WORDS and contains(words, other))}
        if len(sources) == 1:
            found[i] = next(iter(sources.values())).carried({"carry:repeated": 1.0})
    return found


def makes_a_statement(verb: Token) -> bool:
    """A verb reporting speech, or one whose object is a statement: "issued a statement", "released a letter"."""
    return is_reporting_verb(verb) or any(c.dep_ == "dobj" and c.lemma_.lower() in STATEMENT_NOUNS
                                          for c in verb.children)


def carry_over(qd: QuotedDoc, resolver: SpeakerResolver, decide, decisions: list[Decision]) -> list[Decision]:
    """Give quotes that name no speaker of their own the speaker of the quote they continue: a quote
    paragraph right after a paragraph about one person is theirs, a quote left open at a paragraph end takes
    the speaker of its next piece, and a quote standing alone right after another one takes the earlier
    speaker. `decide` weighs each link as evidence, the earlier decision's confidence carried with it."""
    text, located, decisions = qd.text, qd.quotes, list(decisions)

    def settle(i: int, candidate: Candidate | None) -> None:
        """Take the carried speaker where it is surer than what the quote's own words gave."""
        if candidate is not None:
            carried = decide(i, [candidate])
            if (carried.confidence or 0) > (decisions[i].confidence or 0):
                decisions[i] = carried

    for i, quote in enumerate(located):
        if decisions[i].speaker is None and is_bare(qd, quote) and opens_paragraph(text, quote) \
                and (i == 0 or located[i - 1].span.paragraph_start != quote.span.paragraph_start):
            speaker = subject_of_paragraph_before(qd, resolver, quote)
            if speaker is not None:
                settle(i, Candidate(speaker, speaker.name or "", {"carry:paragraph_subject": 1.0}))
    for i in range(len(located) - 2, -1, -1):
        if decisions[i].speaker is None and not located[i].span.closed \
                and paragraphs_between(text, located[i], located[i + 1]) == [] \
                and opens_paragraph(text, located[i + 1]):
            settle(i, decisions[i + 1].carried({"carry:next_piece": 1.0}))
    last = None  # the latest quote that is not the name of a book, law or show
    for i, quote in enumerate(located):
        if last is not None and decisions[i].speaker is None:
            link = carry_link(qd, located[last], quote, decisions[last])
            if link is not None:
                settle(i, decisions[last].carried({"carry:" + link: 1.0}))
        if decisions[i].best is not None or not looks_like_title(text[quote.span.start:quote.span.end]):
            last = i  # a book or show named in passing is passed over; “Safety,” said Grimm is speech
    for i, candidate in enumerate(repeated_words(qd, decisions)):
        settle(i, candidate)
    return decisions


def carry_link(qd: QuotedDoc, earlier: QuoteTokens, later: QuoteTokens, decision: Decision) -> str | None:
    """How a quote goes on from an earlier one, if it does: a split sentence, a second piece of one sentence,
    or the speaker going on (see `continuation`) in a quote standing alone or introduced by words naming no
    one ("And here was the big reveal: “…”")."""
    if splits_sentence(qd, earlier, later):
        return "split"
    if shares_the_sentence(qd, earlier, later):
        return "same_sentence"
    if not (is_bare(qd, later) or introduced_without_a_speaker(qd, later)):
        return None
    return continuation(qd, earlier, later, decision.best)
