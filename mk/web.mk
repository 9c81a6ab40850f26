# Real-time chat and the storefront widget: Chromium for the browser test, the WebSocket benchmark.
# The widget (web/widget/agente-chat.js) and the demo page (web/demo/) need no build step.

CHROMIUM ?= /usr/bin/chromium
BENCH_WS_TURNS ?= 30
BENCH_WS_COLD_STARTS ?= 5
BENCH_WS_GEMINI_TURNS ?= 20
BENCH_WS_GEMINI_REPLY_S ?= 2.0

.PHONY: ensure-chromium ensure-media-tools bench-ws test-widget test-js

# The widget's DOM-free connection (web/widget/conexion.js) under node's own test runner, with the unit tests.
test-unit: test-js

test-js:
	node --test web/widget/

# Debian's chromium for the Playwright browser test (never `playwright install`); a no-op when present.
ensure-chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "ensure-chromium: no apt-get here; install Chromium at $(CHROMIUM) (the browser test is skipped without it)" >&2; \
		exit 0; \
	fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	echo "ensure-chromium: installing Debian's chromium package"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq chromium >/dev/null

test-e2e: ensure-chromium

# Debian's espeak-ng and ffmpeg make the real Spanish voice notes of the media tests; a no-op when present (the tests
# skip with a clear reason where nothing can be installed).
ensure-media-tools:
	@if command -v espeak-ng >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "ensure-media-tools: no apt-get here; install espeak-ng and ffmpeg (the voice-note tests are skipped)" >&2; \
		exit 0; \
	fi; \
	sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	echo "ensure-media-tools: installing Debian's espeak-ng and ffmpeg"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq espeak-ng ffmpeg >/dev/null \
		|| echo "ensure-media-tools: could not install them (the voice-note tests are skipped)" >&2

test-integration: ensure-media-tools
test-e2e: ensure-media-tools

# Just the widget in headless Chromium (starts its own local stack).
test-widget: install ensure-chromium
	$(PY) -m pytest tests/e2e/test_widget_browser.py -q -p no:cacheprovider

bench: bench-ws

bench-ws: install
	$(PY) -m bench.bench_ws --turns $(BENCH_WS_TURNS) --cold-starts $(BENCH_WS_COLD_STARTS) \
		--gemini-turns $(BENCH_WS_GEMINI_TURNS) --gemini-reply-s $(BENCH_WS_GEMINI_REPLY_S) --json test-artifacts/bench-ws.json
