"""Bad input gets a readable error, exit status 1, and loses nothing else."""

from __future__ import annotations

import io
import struct
import zlib

import pikepdf
import pytest
from PIL import Image

from tests.synth import render_admin_page


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels and holds almost nothing."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _pdf_bytes(pdf: pikepdf.Pdf, **save) -> bytes:
    buf = io.BytesIO()
    pdf.save(buf, **save)
    return buf.getvalue()


def _good_pdf() -> bytes:
    page = render_admin_page(21, dpi=150)
    buf = io.BytesIO()
    page.image.save(buf, format="PDF", resolution=150)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    files = {
        "empty.pdf": b"",
        "notes.pdf": "Đây không phải là tệp PDF.\n".encode(),
        "table.xlsx": b"PK\x03\x04" + b"\x00" * 200,
        "huge.png": _png_header_only(100_000, 100_000),
        "tiny.png": None,
        "locked.pdf": _pdf_bytes(pikepdf.open(io.BytesIO(_good_pdf())),
                                 encryption=pikepdf.Encryption(owner="o", user="mat-khau")),
        "cut.pdf": _good_pdf()[:400],
    }
    tiny = io.BytesIO()
    Image.new("L", (1, 1), 255).save(tiny, format="PNG")
    files["tiny.png"] = tiny.getvalue()
    many = pikepdf.new()
    for _ in range(5000):
        many.add_blank_page(page_size=(595, 842))
    files["many.pdf"] = _pdf_bytes(many)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    good = folder / "good.pdf"
    good.write_bytes(_good_pdf())
    return folder


EXPECTED = {
    "empty": "empty_file",
    "notes": "unsupported_type",
    "table": "unsupported_type",
    "huge": "too_large",
    "tiny": "too_small",
    "locked": "encrypted_pdf",
    "cut": "corrupt_file",
    "many": "too_large",
}


def test_bad_inputs_each_get_their_error_and_others_finish(hoso_process, validate, bad_files):
    missing = bad_files / "missing.tif"
    run = hoso_process(bad_files, missing, timeout=300)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    for name, code in EXPECTED.items():
        result = validate(run.result(name))
        assert [e["code"] for e in result["errors"]] == [code], name
        assert result["errors"][0]["message"].strip(), name
        assert result["pages"] == [] and result["documents"] == [], name
        assert not list(run.out.glob(f"{name}*.pdf")), name
    empty = run.result("empty")
    assert empty["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert run.result("missing")["errors"][0]["code"] == "not_found"
    good = validate(run.result("good"))
    assert good["errors"] == [] and len(good["pages"]) == 1
    assert (run.out / "good.pdf").is_file()


def test_truncated_multipage_tiff_keeps_readable_pages(hoso_process, validate, tmp_path):
    pages = [render_admin_page(s, dpi=150).image for s in (31, 32, 33)]
    buf = io.BytesIO()
    pages[0].save(buf, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw",
                  dpi=(150, 150))
    data = buf.getvalue()
    (tmp_path / "box.tif").write_bytes(data[: int(len(data) * 0.8)])
    run = hoso_process(tmp_path / "box.tif")
    assert run.returncode == 1
    result = validate(run.result("box"))
    assert [e["code"] for e in result["errors"]] == ["corrupt_file"]
    assert len(result["pages"]) >= 1
    assert result["documents"] and (run.out / result["documents"][0]["pdf"]).is_file()
