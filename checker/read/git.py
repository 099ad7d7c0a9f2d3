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
from checker.read.files import MAX_BYTES, is_dir


class Revision:
    """One revision of the repositories the files named lie in."""

    def __init__(self, rev: str, *, called: str, no_git: str) -> None:
        self.rev = rev
        self.called = called  # how errors name the revision: "--baseline HEAD~1", "revision HEAD~1"
        self.no_git = no_git  # what to say when git is not installed
        self.git = shutil.which("git")
        self.problem = _problem(rev)  # a revision git must never be given, refused for every file
        self._verified: dict[str, str | None] = {}  # folder -> why the revision cannot be read there

    def refuse(self, display: str, problem: str) -> InputError:
        """Why the revision cannot be read, as an error naming the file."""
        return InputError(display, 1, 1, f"{self.called}: {problem}")

    def bytes_of(self, path: Path, display: str) -> bytes | None:
        """The file's content at the revision (at most one byte past files.MAX_BYTES, so that decode() can
        refuse it), or None when it did not exist there; ``path`` as the user names the file now (relative
        to the working folder), its folder possibly removed since."""
        folder, name = path.parent.resolve(), path.name
        while not is_dir(folder) and folder != folder.parent:  # a folder since removed: read from above it
            folder, name = folder.parent, f"{folder.name}/{name}"
        return self.read(str(folder), name, display)

    def read(self, folder: str, name: str, display: str) -> bytes | None:
        """The content of ``name`` (relative to ``folder``, '/'-separated) at the revision, or None."""
        if self.problem:
            raise self.refuse(display, self.problem)
        if self.git is None:
            raise self.refuse(display, self.no_git)
        try:
            if folder not in self._verified:
                self._verified[folder] = self._verify(folder)
            problem = self._verified[folder]
            if problem:
                raise self.refuse(display, problem)
            status, out = self._git(folder, "show", "--end-of-options", f"{self.rev}:./{name}")
        except OSError as exc:  # git could not be started, a folder name the system refuses
            raise self.refuse(display, f"cannot run git: {exc.strerror or exc}") from None
        if len(out) > MAX_BYTES:
            return out  # git stopped at the limit, whatever it would have said
        return out if status == 0 else None  # the revision is known (verified above): the file was not there

    def _verify(self, folder: str) -> str | None:
        if self._git(folder, "rev-parse", "--is-inside-work-tree")[0] != 0:
            return "this file is not in a git repository"
        if self._git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{self.rev}^{{commit}}")[0]:
            return "not a commit in this file's git repository"
        return None

    def _git(self, folder: str, *args: str) -> tuple[int, bytes]:
        """git's exit status and what it wrote, read as it comes and never past one byte over MAX_BYTES:
        git is stopped there, so that a huge file at the revision is never held whole."""
        assert self.git is not None
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        with subprocess.Popen([self.git, "-C", folder, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, env=env) as git:  # fmt: skip
            assert git.stdout is not None
            out = git.stdout.read(MAX_BYTES + 1)
            if len(out) > MAX_BYTES:
                git.kill()
            return git.wait(), out


def _problem(rev: str) -> str | None:
    """Why ``rev`` cannot be given to git, if it cannot: git would read an option (``--output=FILE``
    writes a file), or a line break or control character would end up in a message or a command."""
    if not rev:
        return "expected a revision, got nothing"
    if rev.startswith("-"):
        return "a revision cannot begin with '-' (git would take it for an option)"
    if any(ord(c) < 32 or ord(c) == 127 for c in rev):
        return "a revision cannot hold a line break or a control character"
    return None
