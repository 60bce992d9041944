"""peerdeck: compile curated YAML flashcards into Anki packages that update in place."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
