# Exports: the export benchmark (part of `make bench`).
# BENCH_EXPORT_LINES / BENCH_EXPORT_BACKEND override the defaults (1,000,000 sale lines to S3 on moto_server).

BENCH_EXPORT_LINES ?= 1000000
BENCH_EXPORT_BACKEND ?= s3

.PHONY: bench-exports

bench: bench-exports

bench-exports: install
	$(PY) -m bench.bench_exports --lines $(BENCH_EXPORT_LINES) --backend $(BENCH_EXPORT_BACKEND) \
		--json test-artifacts/bench-exports.json
