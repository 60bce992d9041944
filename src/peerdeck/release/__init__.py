"""Releases: the lock file (``lockfile``), planning a release against it
(``plan``), the notice that replaces a retired note (``notice``), and
writing a versioned release with its notes and checksums (``publish``)."""
