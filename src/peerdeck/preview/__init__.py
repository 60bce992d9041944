"""``peerdeck preview``: every card as Anki shows it, in a static site."""

from __future__ import annotations

from .site import DEFAULT_OUTPUT, Preview, preview

__all__ = ["DEFAULT_OUTPUT", "Preview", "preview"]
