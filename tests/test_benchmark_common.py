"""The commit a benchmark block names (benchmarks/common.py): dirty when the code measured is
not the commit's, not when only the docs the benchmarks write have changed."""

from __future__ import annotations

import subprocess

import pytest

from benchmarks import common


def _git(folder, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repository(tmp_path, monkeypatch):
    _git(tmp_path, "init", "-q")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "performance.md").write_text("block\n", encoding="utf-8")
    (tmp_path / "code.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# readme\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first")
    monkeypatch.setattr(common, "REPO", tmp_path)
    return tmp_path


def test_a_clean_tree_is_named_by_its_commit(repository):
    assert common.commit() == _git(repository, "rev-parse", "--short", "HEAD")


def test_a_block_written_into_the_docs_leaves_the_commit_clean(repository):
    (repository / "docs" / "performance.md").write_text("block measured\n", encoding="utf-8")
    (repository / "README.md").write_text("# readme, its figures\n", encoding="utf-8")
    (repository / "notes.txt").write_text("not tracked\n", encoding="utf-8")
    assert common.commit() == _git(repository, "rev-parse", "--short", "HEAD")


def test_changed_code_is_dirty(repository):
    (repository / "code.py").write_text("x = 2\n", encoding="utf-8")
    assert common.commit() == _git(repository, "rev-parse", "--short", "HEAD") + "-dirty"
