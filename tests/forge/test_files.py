"""Safe reading and writing inside a root, on real files and symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fixer.errors import BadInput
from fixer.forge.files import SourceText, read_text, restore, snapshot, write_text


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "root" / "pkg").mkdir(parents=True)
    return tmp_path / "root"


def roundtrip(root: Path, rel: str, data: bytes) -> SourceText:
    (root / rel).write_bytes(data)
    source = read_text(root, rel)
    write_text(root, rel, source, source.text)
    assert (root / rel).read_bytes() == data
    return source


def test_crlf_bytes_survive_a_round_trip(root: Path) -> None:
    source = roundtrip(root, "a.txt", b"one\r\ntwo\r\nthree\n")
    assert source.text == "one\r\ntwo\r\nthree\n"


def test_utf8_bom_is_removed_from_the_text_and_written_back(root: Path) -> None:
    source = roundtrip(root, "pkg/m.py", b"\xef\xbb\xbfx = 'caf\xc3\xa9'\r\n")
    assert source == SourceText("x = 'café'\r\n", "utf-8", bom=True)
    write_text(root, "pkg/m.py", source, "x = 1\r\n")
    assert (root / "pkg/m.py").read_bytes() == b"\xef\xbb\xbfx = 1\r\n"


def test_bom_in_a_non_python_file(root: Path) -> None:
    assert roundtrip(root, "data.json", b'\xef\xbb\xbf{"a": 1}\n').bom


def test_latin1_coding_cookie_is_honoured_both_ways(root: Path) -> None:
    data = b"# -*- coding: latin-1 -*-\nname = 'Jos\xe9'\n"
    source = roundtrip(root, "pkg/l.py", data)
    assert source.text.endswith("name = 'José'\n")
    write_text(root, "pkg/l.py", source, source.text.replace("José", "Josée"))
    assert (root / "pkg/l.py").read_bytes() == data.replace(b"\xe9", b"\xe9e")


def test_cookie_only_counts_in_python_files(root: Path) -> None:
    (root / "notes.txt").write_bytes(b"# -*- coding: latin-1 -*-\nJos\xe9\n")
    with pytest.raises(BadInput, match=r"^notes.txt: not valid utf-8 text$"):
        read_text(root, "notes.txt")


def test_text_the_encoding_cannot_hold_is_refused(root: Path) -> None:
    source = roundtrip(root, "pkg/l.py", b"# coding: latin-1\nx = 1\n")
    with pytest.raises(BadInput, match="cannot be written as iso-8859-1"):
        write_text(root, "pkg/l.py", source, "x = '€'\n")
    assert (root / "pkg/l.py").read_bytes() == b"# coding: latin-1\nx = 1\n"


def test_undecodable_file_is_bad_input_on_one_line(root: Path) -> None:
    (root / "pkg/bad.py").write_bytes(b"x = '\xff'\n")
    with pytest.raises(BadInput) as caught:
        read_text(root, "pkg/bad.py")
    assert str(caught.value) == "pkg/bad.py: not valid utf-8 text"


def test_write_keeps_the_mode_and_leaves_no_temporary_file(root: Path) -> None:
    script = root / "run.sh"
    script.write_text("echo hi\n")
    script.chmod(0o751)
    write_text(root, "run.sh", read_text(root, "run.sh"), "echo bye\n")
    assert stat.S_IMODE(script.stat().st_mode) == 0o751
    assert script.read_text() == "echo bye\n"
    assert sorted(p.name for p in root.iterdir()) == ["pkg", "run.sh"]


def test_write_replaces_the_file_atomically(root: Path) -> None:
    target = root / "a.txt"
    target.write_text("old\n")
    before = target.stat().st_ino
    write_text(root, "a.txt", read_text(root, "a.txt"), "new\n")
    assert target.stat().st_ino != before  # a new inode: os.replace, not an in-place rewrite


@pytest.mark.parametrize(
    "rel",
    ["/etc/passwd", "../outside.txt", "pkg/../../outside.txt", "", ".", "a\0b"],
    ids=["absolute", "parent", "parent-after-normalizing", "empty", "root-itself", "nul"],
)
def test_paths_outside_the_root_are_refused(root: Path, rel: str) -> None:
    (root.parent / "outside.txt").write_text("secret\n")
    with pytest.raises(BadInput):
        read_text(root, rel)
    with pytest.raises(BadInput):
        write_text(root, rel, SourceText("x"), "y")
    assert (root.parent / "outside.txt").read_text() == "secret\n"


def test_dotdot_that_stays_inside_is_accepted(root: Path) -> None:
    (root / "a.txt").write_text("hi\n")
    assert read_text(root, "pkg/../a.txt").text == "hi\n"


def test_symlink_to_a_file_outside_is_neither_read_nor_written(root: Path) -> None:
    outside = root.parent / "outside.txt"
    outside.write_text("secret\n")
    (root / "link.txt").symlink_to(outside)
    with pytest.raises(BadInput, match="outside the repository"):
        read_text(root, "link.txt")
    with pytest.raises(BadInput):
        write_text(root, "link.txt", SourceText("secret\n"), "pwned\n")
    with pytest.raises(BadInput):
        restore(root, {"link.txt": b"pwned\n"})
    assert outside.read_text() == "secret\n"
    assert (root / "link.txt").is_symlink()


def test_symlinked_directory_outside_is_refused(root: Path) -> None:
    elsewhere = root.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "conf.py").write_text("x = 1\n")
    (root / "vendor").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(BadInput):
        read_text(root, "vendor/conf.py")
    with pytest.raises(BadInput):
        write_text(root, "vendor/conf.py", SourceText("x = 1\n"), "x = 2\n")
    with pytest.raises(BadInput):
        write_text(root, "vendor/new.py", SourceText(""), "x = 2\n")
    assert [p.name for p in elsewhere.iterdir()] == ["conf.py"]
    assert (elsewhere / "conf.py").read_text() == "x = 1\n"


def test_symlink_inside_the_root_is_read_but_never_written(root: Path) -> None:
    (root / "pkg/real.py").write_text("x = 1\n")
    (root / "alias.py").symlink_to("pkg/real.py")
    (root / "pkgs").symlink_to("pkg", target_is_directory=True)
    assert read_text(root, "alias.py").text == "x = 1\n"
    assert read_text(root, "pkgs/real.py").text == "x = 1\n"
    for rel in ("alias.py", "pkgs/real.py"):
        with pytest.raises(BadInput):
            write_text(root, rel, SourceText("x = 1\n"), "x = 2\n")
    assert (root / "pkg/real.py").read_text() == "x = 1\n"
    assert (root / "alias.py").is_symlink()


def test_a_directory_is_not_a_file(root: Path) -> None:
    with pytest.raises(BadInput, match="is a directory"):
        read_text(root, "pkg")
    with pytest.raises(BadInput, match="not a regular file"):
        write_text(root, "pkg", SourceText(""), "x")


def test_write_creates_a_new_file_with_the_default_mode(root: Path) -> None:
    write_text(root, "pkg/new.py", SourceText(""), "x = 1\n")
    assert (root / "pkg/new.py").read_text() == "x = 1\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((root / "pkg/new.py").stat().st_mode) == 0o666 & ~umask


def test_snapshot_and_restore_roll_back_edits_creations_and_deletions(root: Path) -> None:
    (root / "kept.txt").write_bytes(b"a\r\nb\r\n")
    (root / "pkg/edited.py").write_bytes(b"x = 1\n")
    (root / "pkg/deleted.py").write_bytes(b"y = 2\n")
    (root / "pkg/deleted.py").chmod(0o755)
    rels = ["kept.txt", "pkg/edited.py", "pkg/deleted.py", "pkg/created.py"]
    saved = snapshot(root, rels)
    assert saved["pkg/created.py"] is None
    (root / "pkg/edited.py").write_bytes(b"x = 2\n")
    (root / "pkg/deleted.py").unlink()
    (root / "pkg/created.py").write_bytes(b"z = 3\n")
    kept_inode = (root / "kept.txt").stat().st_ino
    restore(root, saved)
    assert snapshot(root, rels) == saved
    assert not (root / "pkg/created.py").exists()
    assert (root / "kept.txt").stat().st_ino == kept_inode  # unchanged files are not rewritten


def test_unknown_coding_cookie_is_bad_input(root: Path) -> None:
    (root / "pkg/odd.py").write_bytes(b"# coding: klingon\nx = 1\n")
    with pytest.raises(BadInput, match=r"^pkg/odd.py: unusable coding cookie$"):
        read_text(root, "pkg/odd.py")
