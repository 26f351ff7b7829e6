"""Direct quotes and their speakers, from a parsed news article.

    extract_quotes(nlp(text)) -> [Quote, ...] in text order

marks.py finds the quoted spans, attribution.py the cue naming each speaker (the word, and the kind of
attribution around it), entities.py the people and organisations of the article (what its pronouns and
descriptions may refer to), speakers.py and candidates.py turn a cue into candidate speakers with their
evidence, surface.py reads common attributions off the plain text when the parse gives none, carry.py
carries speakers over to follow-on quotes, and decide.py weighs the candidates: the one place a speaker is
decided, with a confidence. This module chains them.
"""
from dataclasses import replace

from spacy.tokens import Doc

from bot.extract.attribution import (Cue, QuotedDoc, QuoteTokens, can_speak, is_bare, locate_quotes,
                                     names_a_thing_before, names_a_work, previous_sentence_speaker, speaker_cues)
from bot.extract.candidates import Spoken, cue_candidates
from bot.extract.carry import carry_over, is_speech
from bot.extract.decide import Candidate, Decision, decide as weigh
from bot.extract.model import SpeakerModel, speaker_model
from bot.extract.entities import EntityTable
from bot.extract.marks import find_quoted_spans
from bot.extract.speakers import CARRIED, SpeakerResolver
from bot.extract.surface import surface_speaker
from bot.models import Quote

__all__ = ["extract_quotes"]


def own_candidates(qd: QuotedDoc, resolver: SpeakerResolver, quote: QuoteTokens,
                   spoken: list[Spoken]) -> list[Candidate]:
    """The candidates a quote's own sentence offers, or, for a quote standing alone, the sentence just
    before; with no cue the parse can read, the plain-text patterns."""
    if names_a_thing_before(qd, quote):
        return []  # a course called “…”: a name, said by no one
    attributed = False
    for cue in speaker_cues(qd, quote):  # a cue naming no one ("according to the memo") gives way to the next
        attributed = True
        candidates = cue_candidates(qd, resolver, quote, cue, spoken)
        if candidates:
            return candidates
    if attributed:
        return []
    if is_bare(qd, quote):
        token = previous_sentence_speaker(qd, quote)
        if token is None or not can_speak(qd, token):
            return []
        return [replace(candidate, speaker=replace(candidate.speaker, how=CARRIED))
                for candidate in cue_candidates(qd, resolver, quote, Cue(token, "previous_sentence"), spoken)]
    words = surface_speaker(qd, quote)
    speaker = resolver.from_words(words) if words else None
    return [Candidate(speaker, qd.doc[words[0].i:words[-1].i + 1].text, {"cue:surface": 1.0})] if speaker else []


def extract_quotes(doc: Doc, threshold: float | None = None, trace: list | None = None,
                   model: SpeakerModel | None = None) -> list[Quote]:
    """Every direct quote in `doc`, in text order, with its speaker when the article names one clearly
    enough: below `threshold` (default: the model's) a quote keeps only the words naming its speaker.
    `trace`, if given, receives (quoted span, candidates, decision) for every decision taken. `model`: the
    speaker model's weights, by default the fitted ones shipped beside this module."""
    text = doc.text
    qd = locate_quotes(doc, text, find_quoted_spans(text))
    if not qd.quotes:
        return []
    model = model or speaker_model()
    skip = [owner >= 0 or i in qd.apart for i, owner in enumerate(qd.owner)]
    resolver = SpeakerResolver(doc, EntityTable(doc, skip))

    def decide(i: int, candidates: list[Candidate]) -> Decision:
        decision = weigh(model, candidates, threshold)
        if trace is not None:
            trace.append((qd.quotes[i].span, candidates, decision))
        return decision

    spoken: list[Spoken] = []
    for i, quote in enumerate(qd.quotes):
        spoken.append(Spoken(quote.first, decide(i, own_candidates(qd, resolver, quote, spoken))))
    decisions = carry_over(qd, resolver, decide, [s.decision for s in spoken])
    quotes = []
    for quote, decision in zip(qd.quotes, decisions):
        if is_speech(quote.words, decision.best) and not names_a_work(qd, quote):
            quotes.append(decided_quote(quote, decision))
    return quotes


def decided_quote(quote: QuoteTokens, decision: Decision) -> Quote:
    speaker, best = decision.speaker, decision.best
    return Quote(quote.words, quote.span.start, quote.span.end, speaker.name if speaker else None,
                 speaker.role if speaker else None, speaker.kind if speaker else None, best.how if best else None,
                 decision.confidence, decision.as_written, decision.evidence)
