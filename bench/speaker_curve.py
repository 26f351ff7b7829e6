"""How the confidence threshold trades speaker accuracy for wrong names, on annotated news.

    python bench/speaker_curve.py SCORE_PY GOLD.jsonl... [--thresholds 0 .3 .5 .7 .9]

Extracts every article once with no threshold, keeping each quote's confidence, then scores the quotes again
for each threshold with the quotes below it left without a speaker ("speaker unclear"), using the scorer
given (a script taking `GOLD --pred PRED`). Prints one line per set and threshold: speaker accuracy, wrong-name
rate and attributed recall, and how many found named quotes were left unclear.
"""
import argparse
import json
import subprocess
import sys
import tempfile

from bot.extract import extract_quotes
from bot.extract.model import speaker_model
from bot.nlp import load_nlp

THRESHOLDS = [0.0, 0.3, 0.5, 0.7, 0.9]


def predictions(nlp, articles: list[dict]) -> dict[str, list[dict]]:
    docs = nlp.pipe((article["text"] for article in articles), batch_size=16)
    return {article["id"]: [q.to_dict() for q in extract_quotes(doc, threshold=0.0)]
            for article, doc in zip(articles, docs)}


def below(found: dict[str, list[dict]], threshold: float) -> dict[str, list[dict]]:
    """The same quotes with the speakers found less surely than `threshold` taken away."""
    return {key: [{**q, "speaker": q["speaker"] if (q["confidence"] or 0) >= threshold else None} for q in quotes]
            for key, quotes in found.items()}


def score(scorer: str, gold: str, found: dict[str, list[dict]]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as pred:
        for key, quotes in found.items():
            pred.write(json.dumps({"id": key, "quotes": quotes}, ensure_ascii=False) + "\n")
        pred.flush()
        out = subprocess.run([sys.executable, scorer, gold, "--pred", pred.name], capture_output=True, text=True,
                             check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scorer")
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--thresholds", type=float, nargs="+", default=THRESHOLDS)
    args = parser.parse_args()
    nlp = load_nlp()
    print(f"speaker confidence threshold in use: {speaker_model().threshold}")
    print(f"{'set':18} {'threshold':>9} {'accuracy':>9} {'wrong':>7} {'attributed':>10} {'unclear':>8}")
    for gold in args.gold:
        articles = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
        found = predictions(nlp, articles)
        name = gold.rsplit("/", 1)[-1].removesuffix(".jsonl")
        everyone = score(args.scorer, gold, found)["counts"]
        for threshold in args.thresholds:
            result = score(args.scorer, gold, below(found, threshold))
            counts = result["counts"]
            unclear = counts["named_found"] - counts["speaker_ok"] - counts["speaker_wrong"] - (
                everyone["named_found"] - everyone["speaker_ok"] - everyone["speaker_wrong"])
            print(f"{name:18} {threshold:>9.1f} {result['speaker_accuracy']:>9.3f} {result['wrong_speaker_rate']:>7.3f} "
                  f"{result['attributed_recall']:>10.3f} {unclear:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
