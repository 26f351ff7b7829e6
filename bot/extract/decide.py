"""The one place a quote's speaker is decided.

Every way the article may name a quote's speaker offers a candidate with its evidence: the name in the
attribution, each entity a pronoun or a description could stand for, the speaker carried from the quote
before. `decide` scores each candidate with the weights of a logistic model (`speaker_weights.json`, fitted on
annotated news by `bot.extract.fit`), and turns the winner's score and its margin over the others into a
confidence between 0 and 1. Below the threshold the quote keeps no speaker: it says "speaker unclear" and
keeps the words the article used ("he", "the official") rather than guess a name.
"""
import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from bot.extract.speakers import CARRIED, Speaker

WEIGHTS_FILE = Path(__file__).with_name("speaker_weights.json")


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


@dataclass(frozen=True)
class SpeakerModel:
    bias: float
    weights: dict[str, float]
    threshold: float

    def score(self, candidate: Candidate) -> float:
        return self.bias + sum(self.weights.get(name, 0.0) * value for name, value in candidate.evidence.items())

    def weighed(self, candidate: Candidate) -> dict[str, float]:
        """Each piece of evidence with what it added to the score, the weightiest first."""
        found = {name: round(self.weights.get(name, 0.0) * value, 2) for name, value in candidate.evidence.items()
                 if value}
        return dict(sorted(found.items(), key=lambda item: -abs(item[1])))

    def decide(self, candidates: list[Candidate], threshold: float | None = None) -> Decision:
        """The best-scored candidate, with a confidence: its own probability, times its share of the
        probability among the different speakers on offer (two equally good readings halve it), times what
        was already spent reaching it."""
        if not candidates:
            return NO_DECISION
        scored = sorted(((self.score(c), n, c) for n, c in enumerate(candidates)), key=lambda t: (-t[0], t[1]))
        best_score, _, best = scored[0]
        rivals = {}
        for score, _, candidate in scored:
            key = identity(candidate.speaker)
            rivals.setdefault(key, score)  # a speaker offered twice counts once, at its best
        total = sum(math.exp(score - best_score) for score in rivals.values())
        confidence = round(sigmoid(best_score) / total * best.prior, 3)
        limit = self.threshold if threshold is None else threshold
        speaker = best.speaker if confidence >= limit and best.speaker.name else None
        return Decision(speaker, confidence, best.as_written or None, self.weighed(best), best.speaker)


def identity(speaker: Speaker) -> str:
    return (speaker.name or "").lower()


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x > -50 else 0.0


@lru_cache(maxsize=1)
def speaker_model() -> SpeakerModel:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return SpeakerModel(data["bias"], data["weights"], data["threshold"])
