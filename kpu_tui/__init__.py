"""kpu-tui: the registers of a KPU secretariat, keyboard first."""

__version__ = "0.1.0"
__all__ = ["__version__"]
