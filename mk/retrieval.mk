# Retrieval: the catalogue-search benchmark (part of `make bench`) and the dev-set retrieval figures.
BENCH_RETRIEVAL_PRODUCTS ?= 50000
BENCH_RETRIEVAL_QUERIES ?= 200

.PHONY: bench-retrieval test-retrieval

bench: bench-retrieval

bench-retrieval: install
	$(PY) -m bench.bench_retrieval --productos $(BENCH_RETRIEVAL_PRODUCTS) --consultas $(BENCH_RETRIEVAL_QUERIES)

test-retrieval: install
	$(PY) -m pytest tests/integration/test_retrieval_devset.py -q -s -p no:cacheprovider
