"""Direct quotes and their speakers, from a parsed news article.

    extract_quotes(nlp(text)) -> [Quote, ...] in text order

marks.py finds the quoted spans, attribution.py the word naming each speaker, entities.py the people
and organisations of the article (what its pronouns and descriptions refer to), speakers.py turns the
word into a canonical speaker, carry.py carries speakers over to follow-on quotes; this module chains them.
"""
from dataclasses import replace

from spacy.tokens import Doc

from bot.extract.attribution import is_bare, locate_quotes, previous_sentence_speaker, speaker_token
from bot.extract.carry import carry_over, is_speech
from bot.extract.entities import EntityTable
from bot.extract.marks import find_quoted_spans
from bot.extract.speakers import CARRIED, SpeakerResolver
from bot.models import Quote

__all__ = ["extract_quotes"]


def extract_quotes(doc: Doc) -> list[Quote]:
    """Every direct quote in `doc`, in text order, with its speaker when the article names one."""
    text = doc.text
    qd = locate_quotes(doc, text, find_quoted_spans(text))
    if not qd.quotes:
        return []
    resolver = SpeakerResolver(doc, EntityTable(doc, [quote >= 0 for quote in qd.owner]))
    speakers = []
    for quote in qd.quotes:
        token, how = speaker_token(qd, quote), None
        if token is None and is_bare(qd, quote):
            token, how = previous_sentence_speaker(qd, quote), CARRIED
        speaker = resolver.speaker(token) if token is not None else None
        speakers.append(replace(speaker, how=how) if speaker is not None and how else speaker)
    quotes = []
    for quote, speaker in zip(qd.quotes, carry_over(qd, resolver, speakers)):
        if is_speech(quote.words, speaker):
            quotes.append(Quote(quote.words, quote.span.start, quote.span.end,
                                speaker.name if speaker else None, speaker.role if speaker else None,
                                speaker.kind if speaker else None, speaker.how if speaker else None))
    return quotes
