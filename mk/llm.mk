# LLM: prompt size and calls per chat turn through the real pipeline against the local fake Gemini server.
.PHONY: bench-llm test-llm

bench-llm: install
	$(PY) bench/bench_llm_tokens.py

test-llm: install
	$(PY) -m pytest tests/unit/test_llm_*.py tests/integration/test_gemini_provider.py -q -p no:cacheprovider

bench: bench-llm
