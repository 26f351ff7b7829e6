PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EVAL := ../shared/eval

.PHONY: install demo test run worker score fit bench bench-lookup bench-feeds clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/quotebot demo

test: install
	$(BIN)/pytest -q

run: install
	$(BIN)/quotebot serve

worker: install
	$(BIN)/quotebot worker

score: install
	for set in seed ggt-dev ggt-british-dev polnear-dev styles-dev; do \
		echo "== $$set"; \
		$(BIN)/python $(EVAL)/score.py $(EVAL)/data/$$set.jsonl --cmd "$(BIN)/quotebot extract --json" || exit 1; \
	done
	$(BIN)/python bench/speaker_curve.py $(EVAL)/score.py $(EVAL)/data/ggt-dev.jsonl $(EVAL)/data/polnear-dev.jsonl

# Fit the speaker model's weights again (bot/extract/speaker_weights.json) on the annotated news beside the project.
fit: install
	$(BIN)/python -m bot.extract.fit $(EVAL)/data/polnear-train.jsonl $(EVAL)/data/styles-dev.jsonl \
		$(EVAL)/data/ggt-dev.jsonl

bench: install
	$(BIN)/python bench/bench_extract.py $(EVAL)/data/polnear-dev.jsonl --processes 2
	$(BIN)/python bench/bench_ingest.py $(EVAL)/data/polnear-dev.jsonl --workers 1 2

bench-lookup: install
	$(BIN)/python bench/bench_lookup.py --sizes 10000 100000 1000000 --cluster-sizes 1000000

bench-feeds: install
	$(BIN)/python bench/bench_feeds.py --feeds 500 --items 30 --workers 2

clean:
	rm -rf $(VENV) data
