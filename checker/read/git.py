"""Files as they were at a git revision, read through ``git show`` (``--baseline REV``, ``diff REV:PATH``).

git itself reads them, so whatever the repository's layout (worktrees, submodules, sparse checkouts) a
file is found where ``git show`` finds it; every problem (no git, not a repository, not a commit) is an
InputError naming the file as the user wrote it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from checker.errors import InputError
from checker.read.files import is_dir


class Revision:
    """One revision of the repositories the files named lie in."""

    def __init__(self, rev: str, *, called: str, no_git: str) -> None:
        self.rev = rev
        self.called = called  # how errors name the revision: "--baseline HEAD~1", "revision HEAD~1"
        self.no_git = no_git  # what to say when git is not installed
        self.git = shutil.which("git")
        self._verified: dict[str, str | None] = {}  # folder -> why the revision cannot be read there

    def refuse(self, display: str, problem: str) -> InputError:
        """Why the revision cannot be read, as an error naming the file."""
        return InputError(display, 1, 1, f"{self.called}: {problem}")

    def bytes_of(self, path: Path, display: str) -> bytes | None:
        """The file's content at the revision, or None when it did not exist there; ``path`` as the user
        names the file now (relative to the working folder), its folder possibly removed since."""
        folder, name = path.parent.resolve(), path.name
        while not is_dir(folder) and folder != folder.parent:  # a folder since removed: read from above it
            folder, name = folder.parent, f"{folder.name}/{name}"
        return self.read(str(folder), name, display)

    def read(self, folder: str, name: str, display: str) -> bytes | None:
        """The content of ``name`` (relative to ``folder``, '/'-separated) at the revision, or None."""
        if self.git is None:
            raise self.refuse(display, self.no_git)
        if folder not in self._verified:
            self._verified[folder] = self._verify(folder)
        problem = self._verified[folder]
        if problem:
            raise self.refuse(display, problem)
        done = self._git(folder, "show", f"{self.rev}:./{name}")
        if done.returncode != 0:
            return None  # the revision is known (verified above): the file was not there
        return done.stdout

    def _verify(self, folder: str) -> str | None:
        inside = self._git(folder, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0:
            return "this file is not in a git repository"
        known = self._git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{self.rev}^{{commit}}")
        if known.returncode != 0:
            return "not a commit in this file's git repository"
        return None

    def _git(self, folder: str, *args: str) -> subprocess.CompletedProcess[bytes]:
        assert self.git is not None
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        return subprocess.run([self.git, "-C", folder, *args], capture_output=True, env=env, check=False)
