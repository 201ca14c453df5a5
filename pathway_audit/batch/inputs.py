"""Find the plans to check: folders (searched recursively), globs, single files and .zip files.

Zip members are read into memory, never extracted to disk, with the same bomb checks as .docx files.
"""

from __future__ import annotations

import glob
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import Limits

PLAN_SUFFIXES = (".docx", ".pdf", ".txt", ".md", ".json")
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL = 4 * 1024 * 1024 * 1024


@dataclass(frozen=True)
class PlanSource:
    """One plan to check: a display name (unique in the batch) and a way to load its bytes."""

    name: str
    load: Callable[[], bytes]


@dataclass
class Inputs:
    """The plans found, and input problems found on the way (safe to show: names only)."""

    sources: list[PlanSource] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    ignored: int = 0

    def add(self, name: str, load: Callable[[], bytes]) -> None:
        taken = {s.name for s in self.sources}
        unique, n = name, 2
        while unique in taken:
            unique, n = f"{name} ({n})", n + 1
        self.sources.append(PlanSource(unique, load))


def is_plan_name(name: str) -> bool:
    """A file that looks like a plan: a known suffix, not hidden, not a Word lock file."""
    base = name.rsplit("/", 1)[-1]
    return base.lower().endswith(PLAN_SUFFIXES) and not base.startswith((".", "~$"))


@contextmanager
def open_inputs(specs: list[str], limits: Limits | None = None) -> Iterator[Inputs]:
    """Collect the plans named by folders, globs, files and zips. Zips stay open until the block ends."""
    limits = limits or Limits()
    found = Inputs()
    seen: set[Path] = set()
    with ExitStack() as stack:
        for spec in specs:
            paths = _expand(spec)
            if not paths:
                found.problems.append((spec, "Nothing found here."))
            for path, label in paths:
                if path.resolve() in seen:
                    continue
                seen.add(path.resolve())
                if path.suffix.lower() == ".zip":
                    _add_zip(found, stack, path, label, limits)
                else:
                    found.add(label, _file_loader(path, limits))
        yield found


def _expand(spec: str) -> list[tuple[Path, str]]:
    """Turn one command-line input into (path, display name) pairs."""
    path = Path(spec)
    if path.is_dir():
        out = []
        for child in sorted(path.rglob("*")):
            if child.is_file() and (is_plan_name(child.name) or child.suffix.lower() == ".zip"):
                out.append((child, f"{path.name}/{child.relative_to(path).as_posix()}"))
        return out
    if path.is_file():
        return [(path, path.name)]
    return [(Path(p), Path(p).name) for p in sorted(glob.glob(spec, recursive=True)) if Path(p).is_file()]


def _file_loader(path: Path, limits: Limits) -> Callable[[], bytes]:
    def load() -> bytes:
        with path.open("rb") as handle:
            return handle.read(limits.max_bytes + 1)
    return load


def _add_zip(found: Inputs, stack: ExitStack, path: Path, label: str, limits: Limits) -> None:
    try:
        archive = stack.enter_context(zipfile.ZipFile(path))
    except (zipfile.BadZipFile, OSError):
        found.problems.append((label, "This zip file could not be opened. It may be damaged."))
        return
    add_zip_members(found, archive, label, limits)


def add_zip_members(found: Inputs, archive: zipfile.ZipFile, label: str, limits: Limits) -> None:
    """Add the plans inside an open zip. Refuse zips with too many or too large members."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        found.problems.append((label, f"This zip file has more than {MAX_ZIP_MEMBERS:,} files. Split it up."))
        return
    total = sum(m.file_size for m in members)
    if total > MAX_ZIP_TOTAL:
        found.problems.append((label, "This zip file expands to far more than its size. It was not opened."))
        return
    for info in members:
        name = f"{label}/{info.filename}"
        if info.is_dir() or "__MACOSX/" in info.filename:
            continue
        if not is_plan_name(info.filename):
            found.ignored += 1
        elif info.flag_bits & 0x1:
            found.problems.append((name, "This file is password-protected inside the zip. It was skipped."))
        elif info.file_size > limits.max_bytes or (
                info.file_size > 1_000_000 and info.file_size / max(info.compress_size, 1) > limits.max_zip_ratio):
            found.problems.append((name, "This file is too big to be a plan. It was skipped."))
        else:
            found.add(name, _member_loader(archive, info, limits))


def _member_loader(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> Callable[[], bytes]:
    def load() -> bytes:
        with archive.open(info) as member:
            return member.read(limits.max_bytes + 1)
    return load
