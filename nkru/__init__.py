"""NKRU-fr: an annotated French news corpus on the North Korea–Russia rapprochement (2023)."""

__version__ = "0.1.0"
