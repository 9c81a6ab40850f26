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

# $(call apt_ensure,<target>,<shell test: present>,<Debian packages>,<what is skipped without them>): installs the
# packages from Debian when the test fails, as root or through sudo; a no-op when present or where there is no apt-get.
define apt_ensure
@if $(2); then exit 0; fi; \
if ! command -v apt-get >/dev/null 2>&1; then \
	echo "$(1): no apt-get here; install $(3) ($(4))" >&2; \
	exit 0; \
fi; \
sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
echo "$(1): installing Debian's $(3)"; \
$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(3) >/dev/null \
	|| echo "$(1): could not install $(3) ($(4))" >&2
endef

# Debian's chromium for the Playwright browser test (never `playwright install`).
ensure-chromium:
	$(call apt_ensure,ensure-chromium,[ -x "$(CHROMIUM)" ],chromium,the browser test is skipped without it)

test-e2e: ensure-chromium

# Debian's espeak-ng and ffmpeg make the real Spanish voice notes of the media tests.
ensure-media-tools:
	$(call apt_ensure,ensure-media-tools,command -v espeak-ng >/dev/null 2>&1 && command -v ffmpeg >/dev/null 2>&1,espeak-ng ffmpeg,the voice-note tests are skipped)

test-integration: ensure-media-tools
test-e2e: ensure-media-tools

# Just the widget in headless Chromium (starts its own local stack).
test-widget: install ensure-chromium
	$(PY) -m pytest tests/e2e/test_widget_browser.py -q -p no:cacheprovider

bench: bench-ws

bench-ws: install
	$(PY) -m bench.bench_ws --turns $(BENCH_WS_TURNS) --cold-starts $(BENCH_WS_COLD_STARTS) \
		--gemini-turns $(BENCH_WS_GEMINI_TURNS) --gemini-reply-s $(BENCH_WS_GEMINI_REPLY_S) --json test-artifacts/bench-ws.json
