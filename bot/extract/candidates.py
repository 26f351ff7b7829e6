"""The candidates a quote's own attribution offers, each with its evidence, for `decide` to weigh.

The cue (the word naming the speaker and the kind of attribution around it) gives one candidate for a name
and several for a pronoun or a description; what the article has said so far adds the discourse around each:
who spoke the quote before, and whether someone else has spoken since the candidate was last named.
"""
from dataclasses import dataclass

from spacy.tokens import Token

from bot.extract.attribution import Cue, QuotedDoc, QuoteTokens
from bot.extract.decide import Candidate, Decision, identity
from bot.extract.speakers import SpeakerResolver


@dataclass(frozen=True)
class Spoken:
    """A quote already decided: where it starts and who was found to say it."""
    first: int
    decision: Decision


def cue_candidates(qd: QuotedDoc, resolver: SpeakerResolver, quote: QuoteTokens, cue: Cue,
                   spoken: list[Spoken]) -> list[Candidate]:
    words = as_written(resolver, cue.token)
    found = []
    for speaker, evidence, last_mention in resolver.candidates(cue.token):
        evidence = {"cue:" + cue.kind: 1.0, **evidence}
        if "named" not in evidence:
            evidence.update(discourse(identity(speaker), last_mention, quote, spoken))
        found.append(Candidate(speaker, words, evidence))
    return found


def discourse(who: str, last_mention: int, quote: QuoteTokens, spoken: list[Spoken]) -> dict[str, float]:
    """Whether a candidate spoke the quote before, and whether someone else has spoken between the place it
    was last named and this quote ("Lind said …. “…,” Moss said. “…,” he said": Moss, not Lind)."""
    before = [s for s in spoken if s.first < quote.first and s.decision.best is not None]
    last = identity(before[-1].decision.best) if before else None
    since = {identity(s.decision.best) for s in before if s.first > last_mention}
    return {"spoke_last": float(bool(who) and last == who), "other_spoke_since": float(bool(since - {who}))}


def as_written(resolver: SpeakerResolver, token: Token) -> str:
    """The words naming the speaker at the quote: a name as the article wrote it there, "he", "the coach"."""
    mention = resolver.table.at.get(token.i)
    if mention is not None and mention.named:
        return resolver.doc[mention.start:mention.end].text
    if token.pos_ == "PRON":
        return token.lower_
    start = min((t.left_edge.i for t in token.lefts if t.dep_ in {"det", "amod", "compound", "poss", "nmod"}),
                default=token.i)
    return resolver.doc[start:token.i + 1].text
