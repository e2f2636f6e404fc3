# marsad — set-up and everyday tasks. Works on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench lint wheel compiled data data-kb data-ner data-demo data-basemap clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

demo: install
	$(BIN)/marsad demo

test: install
	$(BIN)/python -m pytest -q

# The release build: the per-article modules compiled with mypyc (see setup.py), as a wheel
# in build/wheel; `compiled` installs it into build/compiled, beside (not over) the editable
# checkout, for the bench and for a quick try (PYTHONPATH=build/compiled .venv/bin/marsad ...).
wheel: install
	$(BIN)/python -m pip install --quiet wheel
	rm -rf build/wheel build/lib.* build/temp.* build/bdist.*  # no stale module from an earlier build
	MARSAD_COMPILE=1 $(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w build/wheel .

compiled: wheel
	rm -rf build/compiled
	$(BIN)/python -m pip install --quiet --no-deps --target build/compiled build/wheel/marsad-*.whl

bench: install compiled
	$(BIN)/python -m pip install --quiet 'torch==2.13.0' 'transformers>=4.40' psutil
	$(BIN)/python -m marsad.scale.bench --corpus $(SHARED)/data/news-dev/articles.jsonl --out build/bench.json \
		--warmup $(SHARED)/data/unlabeled-ant/ant-2018-bodies.txt.gz --warmup-articles 1000 \
		--compiled build/compiled
	$(BIN)/python -m marsad.scale.bench_store --corpus $(SHARED)/data/news-dev/articles.jsonl --out build/bench_store.json
	$(BIN)/python -m marsad.scale.bench_spark --corpus $(SHARED)/data/news-dev/articles.jsonl --out build/bench_spark.json

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

# Rebuild every bundled run-time file from ../shared (knowledge base, NER model and word
# clusters, demo articles). The results are committed; see NOTICE for their licences.
data: data-kb data-ner data-demo data-basemap

data-kb: install
	$(BIN)/python -m marsad.kb.build --shared $(SHARED) --out src/marsad/data/kb

# The CRF, then the BiLSTM-CRF of the ensemble (torch, training only; the word vectors it
# starts from are a build product, not shipped whole). About 25 minutes on 2 cores.
data-ner: install
	$(BIN)/python -m pip install --quiet -e '.[dev,spark,train]'
	$(BIN)/python scripts/build_clusters.py --corpus $(SHARED)/data/unlabeled-ant/ant-2018-bodies.txt.gz \
		--out src/marsad/data/ner --vectors build/ner/vectors.npz
	$(BIN)/marsad train ner --shared $(SHARED) --out src/marsad/data/ner --folds 5 --jobs 2 \
		--vectors build/ner/vectors.npz

data-basemap: install
	$(BIN)/python scripts/build_basemap.py --out src/marsad/web/static/basemap.json

data-demo: install
	$(BIN)/python scripts/build_demo.py --shared $(SHARED) --out src/marsad/data/demo

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
