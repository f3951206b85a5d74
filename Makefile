# Two commands do everything: `make play` and `make test` (each sets up .venv first).
PYTHON ?= python3

.PHONY: play test setup check fuzz dist differential

play:
	$(PYTHON) tools/dev.py play

test:
	$(PYTHON) tools/dev.py test

dist:
	$(PYTHON) tools/dev.py dist

setup:
	$(PYTHON) tools/dev.py setup

check:
	$(PYTHON) tools/dev.py setup && .venv/bin/python main.py check story/

# A long run of the story mutation fuzzer: `make fuzz FUZZ_N=100000 FUZZ_JOBS=2`; failing mutants go to fuzz-failures/.
FUZZ_N ?= 1000
FUZZ_JOBS ?= 1
fuzz:
	$(PYTHON) tools/dev.py setup && .venv/bin/python -m game.tools.fuzz --n $(FUZZ_N) --jobs $(FUZZ_JOBS) --out fuzz-failures

# The long differential run: the explorer against the runtime on DIFFERENTIAL_N random stories.
DIFFERENTIAL_N ?= 2000
differential:
	$(PYTHON) tools/dev.py setup && DIFFERENTIAL_EXAMPLES=$(DIFFERENTIAL_N) .venv/bin/python -m pytest -q -p no:cacheprovider tests/core/test_differential.py
