"""Benchmarks: scripts that build a large database and time what users wait for."""
