# Conversation quality and speed: the dev-eval set over HTTP, and the chat-turn benchmark.
# `make eval` starts its own local stack (offline LLM, fresh database) unless EVAL_BASE_URL is set
# (then EVAL_TOKEN or AGENTE_ADMIN_TOKEN is the staff token). EVAL_DIR overrides ../shared/dev-eval.

.PHONY: eval bench-chat

eval: install
	$(PY) -m eval.run_eval

bench: bench-chat

bench-chat: install
	$(PY) -m bench.bench_chat
