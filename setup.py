"""Packaging glue that pyproject.toml cannot express: ship the top-level ``data/`` and ``sops/``
folders inside the wheel as ``kpu_tui/_data`` and ``kpu_tui/_sops`` (see kpu_tui/resources.py)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["kpu_tui", "kpu_tui.*"]), "kpu_tui._data", "kpu_tui._sops"],
    package_dir={"kpu_tui._data": "data", "kpu_tui._sops": "sops"},
    package_data={
        "kpu_tui": ["py.typed", "**/*.tcss", "store/migrations/script.py.mako"],
        "kpu_tui._data": ["*.csv", "*.toml", "*.md"],
        "kpu_tui._sops": ["*.toml", "*.md"],
    },
    include_package_data=False,
)
