"""Time quote extraction against the bare spaCy pipeline it runs on.

    python bench/bench_extract.py ARTICLES.jsonl... [--limit N] [--processes N] [--model NAME]

Articles are JSON lines with a "text" field. Prints the time of bare `spacy.load(model).pipe`,
of the extractor's pipeline plus `extract_quotes`, and their ratio; with --processes N, also
the throughput of N worker processes against one.
"""
import argparse
import time
from concurrent.futures import ProcessPoolExecutor


from common import read_texts, time_bare_spacy

from bot.extract import extract_quotes  # noqa: E402
from bot.nlp import load_nlp  # noqa: E402
from config.settings import get_settings  # noqa: E402

WARM_UP_TEXTS = 5


def extract_all(model: str, texts: list[str]) -> tuple[int, float]:
    """Quotes found in `texts` and the seconds spent in extraction alone."""
    nlp = load_nlp(model)
    count, extracting = 0, 0.0
    for doc in nlp.pipe(texts):
        started = time.perf_counter()
        count += len(extract_quotes(doc))
        extracting += time.perf_counter() - started
    return count, extracting


def time_extraction(model: str, texts: list[str]) -> tuple[float, float, int]:
    extract_all(model, texts[:WARM_UP_TEXTS])
    started = time.perf_counter()
    count, extracting = extract_all(model, texts)
    return time.perf_counter() - started, extracting, count


def chunks(texts: list[str], n: int) -> list[list[str]]:
    size = max(1, -(-len(texts) // (n * 4)))
    return [texts[i:i + size] for i in range(0, len(texts), size)]


def throughput(model: str, texts: list[str], processes: int) -> float:
    """Articles per second through pipeline and extraction in `processes` worker processes,
    each loading the model once (loading is left out of the timing)."""
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(extract_all, [model] * processes, [texts[:1]] * processes))
        started = time.perf_counter()
        list(pool.map(extract_all, [model] * len(chunks(texts, processes)), chunks(texts, processes)))
        return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--model", default=get_settings().spacy_model)
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternate the two passes this many times and keep each one's best time")
    args = parser.parse_args()
    texts = read_texts(args.files, args.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words} words, model {args.model}")
    # Alternating rounds, best of each: a busy machine slows whichever pass it happens to hit.
    bares, fulls = [], []
    for _ in range(args.rounds):
        bares.append(time_bare_spacy(args.model, texts, WARM_UP_TEXTS))
        fulls.append(time_extraction(args.model, texts))
    bare = min(bares)
    full, extracting, count = min(fulls)
    print(f"bare spaCy pipe:           {bare:8.2f} s")
    print(f"pipe + extraction:         {full:8.2f} s  ({count} quotes; extraction alone {extracting:.2f} s)")
    print(f"ratio:                     {full / bare:8.3f}  (extraction alone {extracting / bare:.1%} of bare)")
    if args.processes > 1:
        one = throughput(args.model, texts, 1)
        many = throughput(args.model, texts, args.processes)
        print(f"throughput, 1 process:     {one:8.1f} articles/s")
        print(f"throughput, {args.processes} processes:   {many:8.1f} articles/s  (x{many / one:.2f})")


if __name__ == "__main__":
    main()
