"""Tests of the pure rules (a package, so its module names do not clash with tests/services)."""
