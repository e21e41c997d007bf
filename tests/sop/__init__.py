"""Tests of the SOP files, their loader and validation."""
