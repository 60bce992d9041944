"""Check value trees against the declared format and build the model.

Every check appends a problem and carries on, so one run reports every
mistake. A note with problems is left out of the model; the pipeline never
packages a deck that has any error. ``deck_file`` reads deck.yaml into
``Settings``, ``card_file`` each card file into notes; the checks they share
are in ``checker``, the ``lint`` keys in ``lint_settings``.
"""

from __future__ import annotations

from .card_file import check_card_file, duplicate_id_problem
from .deck_file import Settings, check_deck_file

__all__ = ["Settings", "check_card_file", "check_deck_file", "duplicate_id_problem"]
