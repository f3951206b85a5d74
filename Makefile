# Two commands do everything: `make play` and `make test` (each sets up .venv first).
PYTHON ?= python3

.PHONY: play test setup check

play:
	$(PYTHON) tools/dev.py play

test:
	$(PYTHON) tools/dev.py test

setup:
	$(PYTHON) tools/dev.py setup

check:
	$(PYTHON) tools/dev.py setup && .venv/bin/python main.py check story/
