"""What changed between two releases of a deck: each side read into a
``snapshot``, the two compared (``compare``, fields word by word with
``word_diff``), and the changes written as ``release_notes``."""
