"""A corrupt or malicious log archive ends in one line on stderr and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixer.cli import main
from fixer.errors import EXIT_BAD_INPUT
from tests.support.hostile import CORRUPTIONS, corrupt_zip, good_zip


def test_the_undamaged_archive_is_diagnosed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "logs.zip"
    archive.write_bytes(bytes(good_zip()))
    assert main(["diagnose", str(archive)]) == 1
    assert "mypy.type-arg" in capsys.readouterr().out


@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_a_damaged_archive_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    archive = tmp_path / "logs.zip"
    archive.write_bytes(corrupt_zip(damage))
    assert main(["diagnose", str(archive)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("fixer: error: "), err
    assert "internal error" not in err and str(archive) in err
