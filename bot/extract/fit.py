"""Fit the speaker model's weights on annotated news (needs scikit-learn, a development dependency).

    python -m bot.extract.fit GOLD.jsonl... [--output bot/extract/speaker_weights.json] [--rounds 3]

Each gold file holds one article a line: {"id", "text", "quotes": [{"start", "end", "speaker", "speaker_kind"}]}.
The extractor runs over every article and records each decision it takes with its candidates; a candidate
is right when it names the gold speaker. A conditional logistic model over each decision's candidates (and the
option that none is right) gives the weights. The discourse evidence (who spoke last) and carried confidences depend on earlier
decisions, so fitting runs a few rounds, each on the decisions the previous weights took. Pronoun speakers
kept as written in the gold ("he") and unnamed sources teach nothing about names and are left out.
"""
import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass

from bot.extract import extract_quotes
from bot.extract.model import WEIGHTS_FILE, SpeakerModel, speaker_model
from bot.nlp import load_nlp

MIN_OVERLAP = 0.5  # of a gold quote's characters, for a located quote to be that quote
REGULARISATION = 1.0  # the L2 penalty on the weights: larger keeps them closer to zero
# Words that are no part of a person's name when comparing names.
NOT_NAMES = frozenset({"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "minister",
                       "prime", "mayor", "chief", "judge", "coach"})


def folded_words(name: str | None) -> list[str]:
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("’", "'")
    return [w[:-2] if w.endswith("'s") else w for w in re.findall(r"[\w'-]+", text)]


def same_person(gold: str, name: str | None) -> bool:
    """Whether a candidate names the gold speaker: the same words, or the gold's surname among its words,
    unless both give different first names (a wife and her husband share a surname)."""
    gold_words = [w for w in folded_words(gold) if w not in NOT_NAMES]
    words = [w for w in folded_words(name) if w not in NOT_NAMES]
    if not gold_words or not words:
        return False
    if len(gold_words) > 1 and len(words) > 1 and gold_words[0] not in words and words[0] not in gold_words:
        return False
    return gold_words == words or gold_words[-1] in words or words[-1] in gold_words


def gold_speaker(article: dict, span) -> str | None:
    """The named gold speaker of the gold quote a located span is, if any."""
    for quote in article["quotes"]:
        overlap = min(quote["end"], span.end) - max(quote["start"], span.start)
        if overlap >= MIN_OVERLAP * (quote["end"] - quote["start"]):
            return quote["speaker"] if quote.get("speaker_kind", "name") == "name" else None
    return None


@dataclass(frozen=True)
class Example:
    """One decision about a gold named quote: its candidates' evidence and which of them name the gold speaker
    (none may)."""
    evidence: list[dict[str, float]]
    right: list[bool]
    article: int


def examples(articles: list[dict], docs, model: SpeakerModel) -> list[Example]:
    found = []
    for n, (article, doc) in enumerate(zip(articles, docs)):
        trace = []
        extract_quotes(doc, threshold=0.0, trace=trace, model=model)
        for span, candidates, _ in trace:
            gold = gold_speaker(article, span)
            if gold is not None and candidates:
                found.append(Example([c.evidence for c in candidates],
                                     [same_person(gold, c.speaker.name) for c in candidates], n))
    return found


def fit(decisions: list[Example]) -> dict:
    """The weights of a conditional logit over each decision's candidates and the option that none of them is
    right (score 0): the probability of a candidate is exp(score) / (1 + the sum over all candidates), as
    `SpeakerModel.confidence` reads it; L2-regularised, minimised by L-BFGS."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction import DictVectorizer

    vectors = DictVectorizer()
    x = csr_matrix(vectors.fit_transform([e for d in decisions for e in d.evidence]))
    group = np.repeat(np.arange(len(decisions)), [len(d.evidence) for d in decisions])
    right = np.array([r for d in decisions for r in d.right], dtype=bool)
    has_right = np.zeros(len(decisions), dtype=bool)
    np.logical_or.at(has_right, group, right)

    def loss(params):
        w, b = params[:-1], params[-1]
        scores = x @ w + b
        top = np.zeros(len(decisions))  # the option that none is right scores 0
        np.maximum.at(top, group, scores)
        shifted = np.exp(scores - top[group])
        total = np.exp(-top)
        np.add.at(total, group, shifted)
        kept = np.zeros(len(decisions))
        np.add.at(kept, group, np.where(right, shifted, 0.0))
        value = np.sum(np.log(total)) - np.sum(np.log(kept[has_right])) + REGULARISATION / 2 * w @ w
        weight = shifted / total[group] - np.where(right, shifted / np.where(kept > 0, kept, 1)[group], 0.0)
        return value, np.append(x.T @ weight + REGULARISATION * w, weight.sum())

    result = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B")
    weights = {name: round(float(w), 3) for name, w in zip(vectors.get_feature_names_out(), result.x[:-1])}
    return {"bias": round(float(result.x[-1]), 3), "weights": dict(sorted(weights.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--output", default=str(WEIGHTS_FILE))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    nlp = load_nlp()
    articles = [json.loads(line) for path in args.gold for line in open(path, encoding="utf-8") if line.strip()]
    docs = list(nlp.pipe((a["text"] for a in articles), batch_size=16))
    model = speaker_model()
    for round_ in range(1, args.rounds + 1):
        decisions = examples(articles, docs, model)
        fitted = fit(decisions)
        model = SpeakerModel(fitted["bias"], fitted["weights"], model.threshold)
        print(f"round {round_}: {len(decisions)} decisions, {sum(any(d.right) for d in decisions)} with the "
              f"speaker on offer", file=sys.stderr)
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump({**fitted, "threshold": model.threshold, "fitted_on": [p.rsplit("/", 1)[-1] for p in args.gold],
                   "decisions": len(decisions)}, out, indent=2)
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
