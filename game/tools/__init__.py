"""Authoring tools built on the story core: check, explore, graph, stats, Twee import, benchmarks."""
