"""The speaker model's weights: evidence names with what each adds to a candidate's score (a logistic
model fitted by `bot.extract.fit`), and the confidence below which no speaker is named."""
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS_FILE = Path(__file__).with_name("speaker_weights.json")


@dataclass(frozen=True)
class SpeakerModel:
    bias: float
    weights: dict[str, float]
    threshold: float

    def score(self, evidence: dict[str, float]) -> float:
        return self.bias + sum(self.weights.get(name, 0.0) * value for name, value in evidence.items())

    def weighed(self, evidence: dict[str, float]) -> dict[str, float]:
        """Each piece of evidence with what it added to the score, the weightiest first."""
        found = {name: round(self.weights.get(name, 0.0) * value, 2) for name, value in evidence.items() if value}
        return dict(sorted(found.items(), key=lambda item: -abs(item[1])))

    def confidence(self, scores: dict[str, float]) -> tuple[str, float]:
        """The best of some options' scores (one per option, by name) and how sure it is: its own probability
        times its share of the probability among all the options (two equally good readings halve it)."""
        best = max(scores, key=scores.get)
        total = sum(math.exp(score - scores[best]) for score in scores.values())
        return best, sigmoid(scores[best]) / total


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x > -50 else 0.0


@lru_cache(maxsize=1)
def speaker_model() -> SpeakerModel:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return SpeakerModel(data["bias"], data["weights"], data["threshold"])
