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

    def confidence(self, scores: dict[str, list[float]]) -> tuple[str, float]:
        """The best-scored of some options (each scored by one or more candidates) and the probability that it
        is right: exp of its scores, summed, over 1 (the chance that none is right) plus that of every option.
        A strong rival, or a weak best, lowers it."""
        top = max(max(s) for s in scores.values())
        mass = {option: sum(math.exp(x - top) for x in s) for option, s in scores.items()}
        best = max(mass, key=mass.get)
        return best, mass[best] / (math.exp(-top) + sum(mass.values()))


@lru_cache(maxsize=1)
def speaker_model() -> SpeakerModel:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return SpeakerModel(data["bias"], data["weights"], data["threshold"])
