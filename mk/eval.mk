# Conversation quality and speed: the dev-eval set and the held-out sets over HTTP, and the chat-turn benchmark.
# `make eval` starts a local stack per set (offline LLM, fresh database) unless EVAL_BASE_URL is set (then only
# one set, with EVAL_TOKEN or AGENTE_ADMIN_TOKEN as the staff token). EVAL_DIR=a:b picks the sets.

.PHONY: eval bench-chat

eval: install
	$(PY) -m eval.run_eval

bench: bench-chat

bench-chat: install
	$(PY) -m bench.bench_chat
