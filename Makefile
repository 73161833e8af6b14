# The two commands: `make run` and `make test`. Each sets up whatever is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# A Python 3.10 (Rasa 3.6 needs < 3.11): $PYTHON310 if set, else python3.10 on PATH; pyenv's shim
# needs PYENV_VERSION to pick it.
export PYENV_VERSION ?= 3.10.13
PYTHON310 ?= $(shell command -v python3.10 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help setup run train test test-fast bench mutation lint docs lock clean

help:
	@echo "make run    set up, train if data changed, serve the web chat at http://127.0.0.1:5005/webchat"
	@echo "make test   set up, train if data changed, run every check and test"
	@echo "make test-fast   lint, types and the unit tier only (no servers, no training): under a minute"
	@echo "make mutation   surviving mutants per core module (mutmut; slow, not part of make test)"
	@echo "make bench  set up, train if data changed, print latency, throughput and footprint against stock Rasa"

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	@if [ -z "$(PYTHON310)" ] || ! "$(PYTHON310)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  echo "Python 3.10 is needed (Rasa 3.6 does not run on 3.11+). See README: 'Getting Python 3.10'."; exit 1; fi
	"$(PYTHON310)" -m venv $(VENV)
	printf '[global]\nconstraint = %s/constraints.txt\n' "$(CURDIR)" > $(VENV)/pip.conf
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	# The project itself, editable: `import bot` works from anywhere without PYTHONPATH.
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) -m bot run

train: setup
	$(PY) -m bot train

test: lint
	$(PY) -m bot i18n check
	$(PY) -m bot directory validate
	$(PY) -m bot facts check
	$(PY) -m rasa data validate --data data/nlu data/rules.yml data/stories --domain domain.yml --config config.yml
	$(PY) -m bot train
	BOT_ACTION_URL=http://127.0.0.1:9/webhook BOT_TRACKER_DB=":memory:" \
	  $(PY) -m rasa test core --model "$$($(PY) -m bot train)" --stories tests/stories \
	  --endpoints endpoints.yml --fail-on-prediction-errors --out var/results/stories
	$(PY) -m pytest -q tests

test-fast: lint
	$(PY) -m pytest -q tests/unit

# Figures, not tests (README: Measured on this machine). `make bench BENCH_FOOTPRINT=` skips the
# two cold trainings (ours about 6 minutes, stock Rasa's about 2) that --cold times.
BENCH_FOOTPRINT ?= --cold
bench: setup
	$(PY) -m bot train
	$(PY) -m bench.throughput
	$(PY) -m bench.conversation_length
	$(PY) -m bench.footprint $(BENCH_FOOTPRINT)
	$(PY) -m bench.lock_race --through-rasa

# Which changes to the core (privacy, case codes, channel checks) no unit test notices: mutmut,
# configured in pyproject.toml, then the surviving mutants per module (docs/developers/testing.md).
# Not part of `make test`: about 20 minutes on two cores.
mutation: setup
	$(PY) -m bench.mutation

# Style, types of the core, and the generated references (docs/developers/cli.md,
# docs/operators/configuration.md) in step with the code.
lint: setup
	$(VENV)/bin/ruff check bot actions tests bench
	$(VENV)/bin/mypy
	$(PY) -m bot docs check

# Write the generated references again after changing a command, an option or a setting.
docs: setup
	$(PY) -m bot docs write

# Pin what requirements.txt added, in a throwaway venv, keeping every existing pin; `make lock
# UPGRADE=1` re-resolves the whole tree instead (then run `make test` before committing it).
lock:
	rm -rf var/lock-venv && "$(PYTHON310)" -m venv var/lock-venv
	var/lock-venv/bin/pip install --quiet -r requirements.txt $(if $(UPGRADE),,-c constraints.txt)
	{ head -2 constraints.txt; echo "setuptools==$$(var/lock-venv/bin/python -c 'import setuptools; print(setuptools.__version__)')"; \
	  var/lock-venv/bin/pip freeze; } > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) var
