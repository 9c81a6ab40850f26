# Infrastructure as code: template.yaml checks, sam build and deploy.
# sam-cli and checkov pin heavy dependency trees, so they live in their own venv (.venv-iac), never in .venv.

IAC_VENV := .venv-iac
IAC_BIN := $(IAC_VENV)/bin
IAC_STAMP := $(IAC_VENV)/.installed
IAC_PACKAGES := aws-sam-cli==1.170.0 checkov==3.2.459 cfn-lint==1.58.0
TEMPLATE := template.yaml

# Offline and quiet: no telemetry, and a region for tools that insist on one (no credentials are needed).
IAC_TARGETS := iac-check checkov sam-build deploy-check deploy-tests
$(IAC_TARGETS): export SAM_CLI_TELEMETRY := 0
$(IAC_TARGETS): export AWS_DEFAULT_REGION ?= us-east-1

# The first interpreter that actually runs: the one .venv was made with, then $(PYTHON), then any python3.1x.
# (pyenv shims answer `command -v` for versions that are not active, so each candidate is run, not just looked up.)
define find_python
for p in "$$(test -x $(PY) && $(PY) -c 'import sys; print(sys._base_executable)' 2>/dev/null)" "$(PYTHON)" \
	python3.12 python3.11 python3; do \
	if [ -n "$$p" ] && "$$p" -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1; then echo "$$p"; break; fi; \
done
endef

# Lambda's runtime is python3.12: sam build (without containers) needs that exact interpreter on PATH.
define find_python312_dir
for d in "$$(dirname "$$(command -v python3.12 2>/dev/null)" 2>/dev/null)" \
	$$(pyenv root 2>/dev/null)/versions/3.12*/bin /root/.pyenv/versions/3.12*/bin /usr/local/bin /usr/bin; do \
	if [ -x "$$d/python3.12" ] && "$$d/python3.12" -c 'import sys' >/dev/null 2>&1; then echo "$$d"; break; fi; \
done
endef

.PHONY: iac-install iac-check checkov iac-test sam-build deploy deploy-check deploy-tests

$(IAC_STAMP): mk/iac.mk
	@py="$$($(find_python))"; test -n "$$py" || { echo "no Python >= 3.11 found for $(IAC_VENV)" >&2; exit 1; }; \
	test -x $(IAC_BIN)/python || "$$py" -m venv $(IAC_VENV)
	@echo "installing $(IAC_PACKAGES) into $(IAC_VENV)"
	@set -o pipefail; { $(IAC_BIN)/python -m pip install -q --upgrade pip && \
		$(IAC_BIN)/python -m pip install -q $(IAC_PACKAGES); } 2>&1 | { grep -v 'is ignored: it is neither' || true; }
	@touch $(IAC_STAMP)

iac-install: $(IAC_STAMP)

# Fast, offline: CloudFormation linter plus SAM's own validation (translation + lint).
iac-check: $(IAC_STAMP)
	$(IAC_BIN)/cfn-lint --include-checks I -- $(TEMPLATE)
	$(IAC_BIN)/sam validate --lint --template-file $(TEMPLATE)

# Full security scan; deliberate exceptions are `Metadata: checkov: skip` in the template and listed in docs/iac.md.
checkov: $(IAC_STAMP)
	$(IAC_BIN)/checkov -f $(TEMPLATE) --framework cloudformation --skip-download --quiet --compact

# What `make test` runs: both are offline and take seconds once .venv-iac exists.
iac-test: iac-check checkov

sam-build: $(IAC_STAMP)
	@dir="$$($(find_python312_dir))"; test -n "$$dir" || { echo "python3.12 not found (pyenv install 3.12?)" >&2; exit 1; }; \
	echo "sam build with $$dir/python3.12"; \
	PATH="$$dir:$$PATH" $(IAC_BIN)/sam build --template-file $(TEMPLATE) --parallel --cached

# The synthesised template (samtranslator, offline) against what a fresh account needs, and the API Gateway account
# custom resource's inline code against moto (tests/deploy).
deploy-tests: $(IAC_STAMP) install
	$(PY) -m pytest tests/deploy -q -p no:cacheprovider

# Everything about a deploy that can be proved without an AWS account (in `make test`; about a minute once the
# venvs exist, most of it Checkov and sam build).
deploy-check: iac-check checkov sam-build deploy-tests

# First time: `make deploy` asks every parameter (Enter keeps the defaults, which deploy on a new account) and saves
# the answers in samconfig.toml; later deploys reuse them. Needs AWS credentials.
deploy: sam-build
	@if grep -q '^parameter_overrides' samconfig.toml; then $(IAC_BIN)/sam deploy; else $(IAC_BIN)/sam deploy --guided; fi

# Cold start (part of `make bench`): each function's init imported by a fresh interpreter (median of 5) against the
# goals of issue 13, what SnapStart's primers add, and the unzipped size of the layer `sam build` makes (built
# first when python3.12 is there; otherwise the size is reported as not measured).
BENCH_COLDSTART_RUNS ?= 5
.PHONY: bench-coldstart
bench: bench-coldstart

bench-coldstart: install
	@$(MAKE) --no-print-directory sam-build >/dev/null 2>&1 || { rm -rf .aws-sam/build/CommonLayer; \
		echo "sam build failed or python3.12 missing: layer size not measured"; }
	$(PY) -m bench.bench_coldstart --runs $(BENCH_COLDSTART_RUNS) --json test-artifacts/bench-coldstart.json
