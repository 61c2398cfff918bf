"""Working folders that a build or a store load writes before moving them into place.

Each one holds a `.owner` file with the process id that made it, so that a folder left behind by a process
that was killed (SIGKILL, a power cut) is recognised and removed by the next run, while one that a running
process is still filling is left alone.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

OWNER = ".owner"
ORPHAN_AGE = 24 * 3600  # a working folder without an owner file is swept once it is this old (seconds)


def owned_tmpdir(prefix: str, parent) -> Path:
    """A new folder `parent/<prefix>XXXX` marked as this process's, created with the user's umask."""
    parent = Path(parent)
    for _ in range(100):
        path = parent / f"{prefix}{next(tempfile._get_candidate_names())}"
        try:
            path.mkdir()  # mode 0o777 less the umask, unlike tempfile.mkdtemp's 0o700
        except FileExistsError:
            continue
        (path / OWNER).write_text(f"{os.getpid()} {_boot_id()}")
        return path
    raise FileExistsError(f"{parent}: no free name for a working folder")


def release(path) -> Path:
    """Unmark a finished working folder before it is moved into place; return it."""
    Path(path, OWNER).unlink(missing_ok=True)
    return Path(path)


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def abandoned(path: Path) -> bool:
    """Whether the working folder `path` belongs to no running process."""
    try:
        pid, _, boot = (path / OWNER).read_text().partition(" ")
        pid = int(pid)
    except (OSError, ValueError):
        try:
            return time.time() - path.stat().st_mtime > ORPHAN_AGE
        except OSError:
            return False
    if boot.strip() and boot.strip() != _boot_id():
        return True  # made before the machine restarted
    return pid != os.getpid() and not _alive(pid)


def sweep(parent, prefix: str) -> list:
    """Remove the abandoned working folders `parent/<prefix>*`; return their paths."""
    gone = []
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return gone
    for path in entries:
        if path.name.startswith(prefix) and path.is_dir() and not path.is_symlink() and abandoned(path):
            shutil.rmtree(path, ignore_errors=True)
            gone.append(path)
    return gone
