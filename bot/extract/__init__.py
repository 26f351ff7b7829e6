"""Direct quotes and their speakers, from a parsed news article.

    extract_quotes(nlp(text)) -> [Quote, ...] in text order

marks.py finds the quoted spans, attribution.py the word naming each speaker, names.py turns
that word into a canonical name; this module chains them and carries speakers over to
follow-on quotes.
"""
from spacy.tokens import Doc

from bot.extract.attribution import (SENTENCE_END, QuotedDoc, QuoteTokens, ends_with_comma, is_bare, locate_quotes,
                                     looks_like_title, own_subject, speaker_token)
from bot.extract.marks import QUOTE_MARKS, find_quoted_spans
from bot.extract.names import Speaker, SpeakerResolver
from bot.models import Quote

__all__ = ["extract_quotes"]

MIN_UNATTRIBUTED_WORDS = 4  # shorter quoted bits nobody is said to say are scare quotes or names


def opens_paragraph(text: str, quote: QuoteTokens) -> bool:
    return not text[quote.span.paragraph_start:quote.span.start].strip(QUOTE_MARKS + " \t")


def paragraphs_between(text: str, earlier: QuoteTokens, later: QuoteTokens) -> list[str] | None:
    """The non-empty paragraphs separating two quotes; None when they share a paragraph."""
    if earlier.span.paragraph_start == later.span.paragraph_start:
        return None
    lines = text[earlier.span.end:later.span.paragraph_start].split("\n")[1:]
    return [line for line in lines if line.strip()]


def continues(qd: QuotedDoc, earlier: QuoteTokens, later: QuoteTokens, speaker: Speaker | None) -> bool:
    """True when `later` reads as the earlier speaker going on: in the same paragraph, in the
    next one, or after a single paragraph about that speaker (“…,” Smith said. / Smith has run
    twice before. / “…”) — but not when the sentence of the earlier quote goes on about
    somebody else (While Lind called it “a farce,” Moss said nothing.)."""
    text = qd.text
    between = paragraphs_between(text, earlier, later)
    if between is None:
        return True
    if not opens_paragraph(text, later) or ends_on_another_person(qd, earlier, speaker):
        return False
    if not between:
        return True
    return len(between) == 1 and is_about(qd, text.index(between[0], earlier.span.end), speaker)


def name_words(speaker: Speaker | None) -> list[str]:
    return speaker.name.split() if speaker and speaker.name else []


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


def is_speech(words: str, speaker: Speaker | None) -> bool:
    """Whether a quoted stretch is someone's words: a short capitalised name ("The Wall") never
    is; a longer one (a slogan) only when someone is said to say it."""
    short = len(words.split()) < MIN_UNATTRIBUTED_WORDS
    if looks_like_title(words):
        return speaker is not None and not short
    return speaker is not None or not short


def carry_over(qd: QuotedDoc, speakers: list[Speaker | None]) -> list[Speaker | None]:
    """Give unattributed quotes the speaker of the quote they continue: a quote left open at a
    paragraph end takes the speaker of its next piece, and a quote standing alone right after
    another one takes the earlier speaker."""
    text, located, speakers = qd.text, qd.quotes, list(speakers)
    for i in range(len(located) - 2, -1, -1):
        if speakers[i] is None and not located[i].span.closed \
                and paragraphs_between(text, located[i], located[i + 1]) == [] \
                and opens_paragraph(text, located[i + 1]):
            speakers[i] = speakers[i + 1]
    last = None  # the latest quote that is not the name of a book, law or show
    for i, quote in enumerate(located):
        if last is not None and speakers[i] is None and (
                splits_sentence(qd, located[last], quote)
                or is_bare(qd, quote) and continues(qd, located[last], quote, speakers[last])):
            speakers[i] = speakers[last]
        if not looks_like_title(text[quote.span.start:quote.span.end]):
            last = i
    return speakers


def extract_quotes(doc: Doc) -> list[Quote]:
    """Every direct quote in `doc`, in text order, with its speaker when the article names one."""
    text = doc.text
    qd = locate_quotes(doc, text, find_quoted_spans(text))
    if not qd.quotes:
        return []
    resolver = SpeakerResolver(doc, qd.owner)
    speakers = []
    for quote in qd.quotes:
        token = speaker_token(qd, quote)
        speakers.append(resolver.speaker(token) if token is not None else None)
    quotes = []
    for quote, speaker in zip(qd.quotes, carry_over(qd, speakers)):
        if is_speech(quote.words, speaker):
            quotes.append(Quote(quote.words, quote.span.start, quote.span.end,
                                speaker.name if speaker else None, speaker.role if speaker else None,
                                speaker.kind if speaker else None))
    return quotes
