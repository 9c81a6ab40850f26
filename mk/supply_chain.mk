# Supply chain: the layer's dependencies locked with hashes (`make lock`) and audited for known vulnerabilities
# (`make audit`, part of `make test`). layers/common/requirements.in is the human list; requirements.txt is
# generated from it, for Python 3.12 on arm64 Lambda (what template.yaml's CommonLayer runs), and is what
# `sam build` installs (layers/common/Makefile, with --require-hashes).

LAYER_REQUIREMENTS := layers/common/requirements.in
LAYER_LOCK := layers/common/requirements.txt
# Dependencies of dependencies the functions never load, left out of the lock (and so of the layer): cryptography
# (google-auth's, for service-account and ADC credentials; Gemini is called with an API key) and dnspython
# (email-validator's, for deliverability checks, which pydantic's EmailStr never runs). Their packages' other
# dependencies stay. tests/unit/test_layer_trim.py proves the functions' paths work without them.
LAYER_OMITTED := cryptography dnspython
LOCK_PYTHON_VERSION := 3.12
LOCK_PLATFORM := aarch64-manylinux_2_28

.PHONY: lock audit

lock: install
	$(VENV)/bin/uv pip compile $(LAYER_REQUIREMENTS) --generate-hashes --quiet \
		--python-version $(LOCK_PYTHON_VERSION) --python-platform $(LOCK_PLATFORM) \
		$(addprefix --no-emit-package ,$(LAYER_OMITTED)) \
		--custom-compile-command "make lock" --output-file $(LAYER_LOCK)

# Fails only on a real finding; a vulnerability service that cannot be reached is said loudly, not failed on.
audit: install
	$(PY) mk/audit_lock.py $(LAYER_LOCK)

test: audit
