"""Input expansion and output naming, as DOMAIN.md's processing contract says."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoso.cli import expand_inputs, output_names


@pytest.mark.parametrize("names, expected", [
    (["a.b.pdf"], ["a.b"]),
    (["scan.pdf", "scan.tif", "x/scan.png"], ["scan", "scan~2", "scan~3"]),
    (["noext", "noext.jpg"], ["noext", "noext~2"]),
    (["Hồ sơ 01.pdf"], ["Hồ sơ 01"]),
])
def test_output_names_drop_last_suffix_and_number_repeats(names, expected):
    assert output_names([Path(n) for n in names]) == expected


def test_expand_inputs_sorted_recursive_hidden_skipped(tmp_path):
    for rel in ["b.pdf", "a.png", "sub/c.tif", ".hidden.pdf", ".git/x.pdf", "sub/.y.png"]:
        path = tmp_path / "in" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    single = tmp_path / "z.jpg"
    single.write_bytes(b"x")
    found = expand_inputs([str(tmp_path / "in"), str(single), str(tmp_path / "missing.pdf")])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == ["in/a.png", "in/b.pdf", "in/sub/c.tif", "z.jpg", "missing.pdf"]
