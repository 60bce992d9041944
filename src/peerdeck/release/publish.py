"""A release: the checked package, its release notes and their checksums.

``peerdeck release`` is what an author would otherwise do by hand: check
that the lock records the sources (``check --locked``) and that no lint rule
objects (``lint --strict``), stamp the version into the deck description
learners see (Anki replaces the description on import), write
``<deck id>-X.Y.Z.apkg``, release notes against the previous release
(``diff`` as Markdown) and ``SHA256SUMS``, and record the version in the
lock. The package's times all come from the lock, so the same sources and
version give the same bytes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import codes
from ..diff import release_notes
from ..diff.compare import Changes, compare
from ..diff.snapshot import Side, Snapshot, read_built
from ..diff.snapshot import read as read_side
from ..errors import BadVersion
from ..model import Deck
from ..outputs import replaced_together, scratch_folder
from ..pipeline import Loaded, lock_change, prepare, write_release
from ..problems import Problem, Severity
from ..settings import RunSettings
from .lockfile import LOCK_NAME
from .plan import Release

DEFAULT_DIR = Path("dist")
SUMS_NAME = "SHA256SUMS"
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


@dataclass
class Released:
    """What a release wrote (``files`` is empty when it has problems)."""

    loaded: Loaded
    version: str
    files: list[Path] = field(default_factory=list)
    changes: Changes | None = None
    lock_written: bool = False


def parse_version(text: str) -> tuple[int, int, int]:
    """``X.Y.Z`` as three numbers; BadVersion for anything else."""
    match = _VERSION.fullmatch(text)
    if match is None:
        raise BadVersion(f"the version must be X.Y.Z (three whole numbers), not {text!r}")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def make(root: Path, version: str, out_dir: Path, since: str | None, timestamp: int) -> Released:
    """Check the project at ``root`` strictly and, when nothing objects,
    write release ``version`` into ``out_dir``. ``since`` is the previous
    release: an ``.apkg`` or project folder, or a git ref of the repository
    holding ``root``; None for the first release."""
    parse_version(version)  # the CLI has checked it; a caller may not have
    built = prepare(RunSettings(root, locked=True, all_rules=True, timestamp=timestamp))
    done = Released(built.loaded, version)
    loaded, plan = built.loaded, built.release
    if (
        plan is None
        or loaded.deck is None
        or any(p.severity >= Severity.WARNING for p in loaded.problems)
    ):
        return done
    _check_version(loaded, plan, version)
    previous = _previous(root, since, loaded) if since is not None else _nothing(plan.deck)
    if previous is None or loaded.problems:
        return done
    try:
        versioned = dataclasses.replace(plan.lock, version=version)
        lock = lock_change(root / LOCK_NAME, versioned, plan.recorded)
        done.files, done.changes = _write(plan, previous, version, out_dir, lock)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        loaded.problems.append(
            Problem(out_dir, 1, 1, codes.CANNOT_WRITE, f"cannot write: {reason}")
        )
        return done
    done.lock_written = bool(lock)
    return done


def _check_version(loaded: Loaded, plan: Release, version: str) -> None:
    last = plan.lock.version
    if (
        last is not None
        and _VERSION.fullmatch(last)
        and parse_version(last) > parse_version(version)
    ):
        loaded.problems.append(
            Problem(
                loaded.root / LOCK_NAME,
                1,
                1,
                codes.VERSION_OLDER,
                f"version {version} is older than {last}, the last release {LOCK_NAME}"
                " records: learners order releases by version, so choose a newer one",
            )
        )


def _write(
    plan: Release, previous: Snapshot, version: str, out_dir: Path, lock: dict[Path, bytes]
) -> tuple[list[Path], Changes]:
    """Write the package, the notes, the checksums and ``lock`` (the lock,
    when it changes), all of them or none; what the release changed."""
    deck = plan.deck
    stem = f"{deck.id}-{version}"
    package = out_dir / f"{stem}.apkg"
    with scratch_folder() as work:
        # Compare with the package as it will ship, then stamp what changed.
        draft = write_release(plan, work / "draft.apkg")
        guids = {note_id: note.guid for note_id, note in plan.lock.notes.items()}
        changes = compare(previous, read_built(draft.path, deck, guids))
        if not previous.notes:
            what = "first release"
        else:
            what = release_notes.summary(changes) if not changes.empty else "no changes"
        stamped = dataclasses.replace(deck, description_html=_stamp(deck, version, what))
        staged = write_release(dataclasses.replace(plan, deck=stamped), work / package.name)
        data = staged.path.read_bytes()
    notes = out_dir / f"{stem}.md"
    markdown = (release_notes.as_markdown(changes, version) + "\n").encode("utf-8")
    sums = out_dir / SUMS_NAME
    lines = [
        f"{hashlib.sha256(content).hexdigest()}  {path.name}\n"
        for path, content in ((package, data), (notes, markdown))
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    together = {notes: markdown, sums: "".join(lines).encode("utf-8"), **lock}
    with replaced_together(package, together) as stream:
        stream.write(data)
    return [package, notes, sums], changes


def _stamp(deck: Deck, version: str, what: str) -> str:
    """The description with a first line naming the version and what changed."""
    line = f"<p><b>Version {html.escape(version)}</b> - {html.escape(what)}.</p>"
    return line + deck.description_html


def _nothing(deck: Deck) -> Snapshot:
    """The release before the first: an empty deck."""
    return Snapshot(deck.name, (), ())


def _previous(root: Path, since: str, loaded: Loaded) -> Snapshot | None:
    """The previous release's snapshot, adding its problems to ``loaded``."""
    path = Path(since)
    if path.exists():
        return _side(read_side(path), loaded)
    with scratch_folder() as work:
        problem = _export(root, since, work)
        if problem is not None:
            loaded.problems.append(problem)
            return None
        top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
        inside = root.resolve().relative_to(Path(top).resolve())
        return _side(read_side(work / inside), loaded)


def _side(side: Side, loaded: Loaded) -> Snapshot | None:
    loaded.problems += side.problems
    loaded.sources.update(side.sources)
    return side.snapshot if not side.problems else None


def _export(root: Path, ref: str, folder: Path) -> Problem | None:
    """Write the repository's tree at ``ref`` into ``folder``, or say why not."""
    import io
    import subprocess
    import tarfile  # here, like subprocess: every command imports this module

    try:
        archive = _git(root, "archive", "--format=tar", f"{ref}^{{tree}}", "--", ".", top=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        stderr = getattr(exc, "stderr", b"") or b""
        reason = stderr.decode(errors="replace").strip() or str(exc)
        return Problem(
            root,
            1,
            1,
            codes.SINCE_NOT_FOUND,
            f"--since {ref!r} is neither a file, a folder nor a git ref of the repository"
            f" holding the project: {reason}",
        )
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return None


def _git(root: Path, *args: str, top: bool = False) -> bytes:
    import subprocess

    where = root
    if top:
        where = Path(_git(root, "rev-parse", "--show-toplevel").decode().strip())
    return subprocess.run(["git", "-C", str(where), *args], check=True, capture_output=True).stdout
