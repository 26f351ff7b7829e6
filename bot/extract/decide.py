"""The one place a quote's speaker is decided.

Every way the article may name a quote's speaker offers a candidate with its evidence: the name in the
attribution, each entity a pronoun or a description could stand for, the speaker carried from the quote
before. `decide` scores each candidate with the weights of a conditional logistic model (`speaker_weights.json`,
fitted on annotated news by `bot.extract.fit`): the winner's score against its rivals' and against the chance
that none of them is right gives a confidence between 0 and 1. Below the threshold the quote keeps no speaker:
it says "speaker unclear" and keeps the words the article used ("he", "the official") rather than guess a name.
"""
from dataclasses import dataclass, field, replace

from bot.extract.model import SpeakerModel
from bot.extract.speakers import CARRIED, Speaker


@dataclass(frozen=True, eq=False)
class Candidate:
    """Someone a quote may be attributed to, the words naming them at the quote, and the evidence: feature
    names with their values (1.0 for a fact that holds), read by the model's weights."""
    speaker: Speaker
    as_written: str
    evidence: dict[str, float] = field(default_factory=dict)
    prior: float = 1.0  # the confidence already spent on reaching it: a carried speaker's own decision's


@dataclass(frozen=True)
class Decision:
    """The speaker decided for a quote (None when unclear), how sure, and why."""
    speaker: Speaker | None
    confidence: float | None  # None when nothing in the article attributes the quote
    as_written: str | None = None
    evidence: dict[str, float] = field(default_factory=dict)  # the winner's evidence, weighed
    best: Speaker | None = None  # the winner, also when too unsure to name

    def carried(self, evidence: dict[str, float]) -> Candidate | None:
        """This decision as a candidate for a quote that goes on from its quote."""
        if self.best is None:
            return None
        return Candidate(replace(self.best, how=CARRIED), self.as_written or "", evidence, self.confidence or 0.0)


NO_DECISION = Decision(None, None)


def decide(model: SpeakerModel, candidates: list[Candidate], threshold: float | None = None) -> Decision:
    """The most probable speaker on offer (one offered twice adds up), with a confidence: the model's
    probability that it is right, times what was already spent reaching it."""
    if not candidates:
        return NO_DECISION
    options: dict[str, list[float]] = {}
    for candidate in candidates:
        options.setdefault(identity(candidate.speaker), []).append(model.score(candidate.evidence))
    chosen, sure = model.confidence(options)
    best = max((c for c in candidates if identity(c.speaker) == chosen), key=lambda c: model.score(c.evidence))
    confidence = round(sure * best.prior, 3)
    limit = model.threshold if threshold is None else threshold
    speaker = best.speaker if confidence >= limit and best.speaker.name else None
    return Decision(speaker, confidence, best.as_written or None, model.weighed(best.evidence), best.speaker)


def identity(speaker: Speaker) -> str:
    return (speaker.name or "").lower()
