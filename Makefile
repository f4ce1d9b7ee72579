# Scout: two commands do all set-up on a fresh machine.
#   make demo   seed the bundled sample data and answer a question offline (no keys, no network)
#   make test   run the whole test suite (ruff, mypy, pytest)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test chat install lint bench eval embeddings clean

# uv installs the pinned tree in seconds (pip: minutes). It is bootstrapped into the venv with pip,
# at this exact version, when missing; nothing outside .venv is needed or changed.
UV_VERSION := 0.13.8
UV := $(BIN)/python -m uv

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(UV) --version >/dev/null 2>&1 || { $(BIN)/python -m pip --version >/dev/null 2>&1 || $(BIN)/python -m ensurepip >/dev/null; \
		$(BIN)/python -m pip install -q --disable-pip-version-check "uv==$(UV_VERSION)"; }
	$(UV) pip install -q --python $(BIN)/python -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/scout seed
	$(BIN)/scout ask "5 micro-influencers on Instagram for a sustainable climbing-snack brand, audience in the US"

chat: $(STAMP)
	$(BIN)/scout seed
	$(BIN)/scout chat

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/scout bench

eval: $(STAMP)
	$(BIN)/scout seed
	$(BIN)/scout eval

# Rewrite the bundled sample's shipped embeddings (after a change to the model or Profile.embedding_text).
embeddings: $(STAMP)
	$(BIN)/python -m sample_data.embeddings

clean:
	rm -rf $(VENV) .scout .mypy_cache .pytest_cache .ruff_cache
