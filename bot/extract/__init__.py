"""Direct quotes and their speakers, from a parsed news article.

    extract_quotes(nlp(text)) -> [Quote, ...] in text order

marks.py finds the quoted spans, attribution.py the word naming each speaker, entities.py the people
and organisations of the article (what its pronouns and descriptions refer to), speakers.py turns the
word into a canonical speaker, surface.py reads common attributions off the plain text when the parse
gives none, carry.py carries speakers over to follow-on quotes; this module chains them.
"""
from dataclasses import replace

from spacy.tokens import Doc

from bot.extract.attribution import (QuotedDoc, QuoteTokens, is_bare, locate_quotes, names_a_thing_before,
                                     names_a_work, previous_sentence_speaker, speaker_token)
from bot.extract.carry import carry_over, is_speech
from bot.extract.entities import EntityTable
from bot.extract.marks import find_quoted_spans
from bot.extract.speakers import CARRIED, Speaker, SpeakerResolver
from bot.extract.surface import surface_speaker
from bot.models import Quote

__all__ = ["extract_quotes"]


def own_speaker(qd: QuotedDoc, resolver: SpeakerResolver, quote: QuoteTokens) -> Speaker | None:
    """The speaker a quote's own sentence gives it, or, for a quote standing alone, the sentence just
    before; with no cue the parse can read, the plain-text patterns."""
    if names_a_thing_before(qd, quote):
        return None  # a course called “…”: a name, said by no one
    token = speaker_token(qd, quote)
    if token is not None:
        return resolver.speaker(token)
    if is_bare(qd, quote):
        token = previous_sentence_speaker(qd, quote)
        speaker = resolver.speaker(token) if token is not None else None
        return replace(speaker, how=CARRIED) if speaker is not None else None
    words = surface_speaker(qd, quote)
    return resolver.from_words(words) if words else None


def extract_quotes(doc: Doc) -> list[Quote]:
    """Every direct quote in `doc`, in text order, with its speaker when the article names one."""
    text = doc.text
    qd = locate_quotes(doc, text, find_quoted_spans(text))
    if not qd.quotes:
        return []
    resolver = SpeakerResolver(doc, EntityTable(doc, [quote >= 0 for quote in qd.owner]))
    speakers = carry_over(qd, resolver, [own_speaker(qd, resolver, quote) for quote in qd.quotes])
    quotes = []
    for quote, speaker in zip(qd.quotes, speakers):
        if is_speech(quote.words, speaker) and not names_a_work(qd, quote):
            quotes.append(Quote(quote.words, quote.span.start, quote.span.end,
                                speaker.name if speaker else None, speaker.role if speaker else None,
                                speaker.kind if speaker else None, speaker.how if speaker else None))
    return quotes
