"""The generator's citizen, business and other pages: every DOMAIN.md type,
every layout, fields as DOMAIN.md writes them, ID numbers that agree with
the date of birth and sex, and chip-card QR codes that read what they say."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata

import numpy as np
import pytest
import zxingcpp

from tests.synth import (ADMIN_KINDS, DOCUMENT_KINDS, FIELD_KEYS, LAYOUTS, id_agrees,
                         render_admin_page, render_document)

DOMAIN_TYPES = {"quyet_dinh", "nghi_quyet", "cong_van", "thong_bao", "ke_hoach", "bao_cao",
                "to_trinh", "bien_ban", "giay_moi", "can_cuoc", "giay_khai_sinh",
                "giay_chung_nhan_ket_hon", "giay_chung_nhan_qsdd", "giay_chung_nhan_dkdn",
                "don_de_nghi", "khac"}
CITIZEN = [k for k in DOCUMENT_KINDS if k not in ADMIN_KINDS]
DATES = {"date_of_birth", "issue_date", "expiry_date"}
CASES = [(k, layout) for k in CITIZEN for layout in range(LAYOUTS[k])]


def _flat(s: str) -> str:
    return " ".join(s.split()).casefold()


def _printed_dates(d: dt.date) -> list[str]:
    return [f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day:02d}-{d.month:02d}-{d.year}",
            f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
            f"ngày {d.day:02d} tháng {d.month} năm {d.year}",
            f"ngày {d.day} tháng {d.month} năm {d.year}"]


def _check_value(kind: str, key: str, value: str, text: str) -> None:
    assert value == unicodedata.normalize("NFC", value) and value == " ".join(value.split())
    flat = _flat(text)
    if key in DATES:
        d = dt.date.fromisoformat(value)
        assert any(p in flat for p in _printed_dates(d)), (kind, key, value)
    elif key == "area_m2":
        assert re.fullmatch(r"[1-9]\d*(\.\d)?", value), value
        whole, _, tenth = value.partition(".")
        shown = f"{int(whole):,}".replace(",", ".") + (f",{tenth}" if tenth else "")
        assert shown in flat, (value, shown)
    elif key == "phone":
        assert re.fullmatch(r"0\d{9}", value), value
        digits = re.sub(r"\D", "", text.replace("+84", "0"))
        assert value in digits
    else:
        assert _flat(value) in flat, (kind, key, value)
    if key == "id_number":
        assert re.fullmatch(r"(024|027)\d{9}", value), value
    if key == "enterprise_code":
        assert re.fullmatch(r"\d{10}(-\d{3})?", value), value
    if key == "sex":
        assert value in ("Nam", "Nữ")


def test_registry_matches_domain():
    assert set(DOCUMENT_KINDS) == DOMAIN_TYPES and len(DOCUMENT_KINDS) == 16
    assert set(LAYOUTS) == DOMAIN_TYPES and set(FIELD_KEYS) == DOMAIN_TYPES
    assert all(LAYOUTS[k] >= 3 for k in CITIZEN)
    assert all(LAYOUTS[k] == 3 for k in ADMIN_KINDS)
    with pytest.raises(ValueError):
        render_document("passport", 1)
    with pytest.raises(ValueError):
        render_document("can_cuoc", 1, layout=LAYOUTS["can_cuoc"])


@pytest.mark.parametrize("kind,layout", CASES)
def test_every_layout_renders_with_its_fields(kind, layout):
    for seed in (1, 2):
        r = render_document(kind, seed, layout=layout, dpi=80)
        assert (r.kind, r.layout, r.dpi) == (kind, layout, 80)
        assert set(r.fields) <= set(FIELD_KEYS[kind])
        assert (not r.fields) == (kind == "khac")
        assert r.text == unicodedata.normalize("NFC", r.text) and "\n\n\n" not in r.text
        assert r.text.replace("\n\n", "\n").split("\n") == r.lines
        assert len(r.line_boxes) == len(r.lines)
        w, h = r.image.size
        ink = np.asarray(r.image.convert("L")) < 160
        for (left, top, right, bottom), line in zip(r.line_boxes, r.lines):
            assert 0 <= left < right <= w and 0 <= top < bottom <= h, line
            assert ink[top:bottom, left:right].any(), line
        for key, value in r.fields.items():
            _check_value(kind, key, value, r.text)
        if "id_number" in r.fields and "date_of_birth" in r.fields and "sex" in r.fields:
            assert id_agrees(r.fields["id_number"], r.fields["date_of_birth"], r.fields["sex"])


def test_id_numbers_agree_with_birth_and_sex():
    seen = set()
    for seed in range(30):
        r = render_document("can_cuoc", seed, layout=seed % LAYOUTS["can_cuoc"], dpi=30)
        f = r.fields
        assert id_agrees(f["id_number"], f["date_of_birth"], f["sex"])
        seen.add((f["id_number"][:3], f["id_number"][3], f["sex"]))
    assert {p for p, _, _ in seen} == {"024", "027"}
    assert {c for _, c, _ in seen} >= {"0", "1", "2", "3"}  # both centuries, both sexes
    assert not id_agrees("024090012345", "1990-05-01", "Nữ")
    assert id_agrees("027305012345", "2005-05-01", "Nữ")


def test_card_size_and_qr_codes():
    r = render_document("can_cuoc", 5, layout=0)
    assert r.image.size == (round(85.6 / 25.4 * 300), round(54 / 25.4 * 300))
    parts = r.qr_payload.split("|")
    assert len(parts) == 7
    f = r.fields
    assert parts[0] == f["id_number"] and parts[2].casefold() == f["full_name"].casefold()
    born = dt.date.fromisoformat(f["date_of_birth"])
    assert parts[3] == born.strftime("%d%m%Y") and parts[4] == f["sex"]
    assert parts[5] == f["place_of_residence"] and re.fullmatch(r"\d{8}", parts[6])
    assert set(r.qr_fields) == {"id_number", "full_name", "date_of_birth", "sex",
                                "place_of_residence"}
    assert all(r.qr_fields[k].casefold() == f[k].casefold() for k in r.qr_fields)
    assert [c.text for c in zxingcpp.read_barcodes(r.image)] == [r.qr_payload]
    page = render_document("can_cuoc", 6, layout=3)  # front and back on an A4 sheet
    assert page.image.size == (2480, 3508)
    assert [c.text for c in zxingcpp.read_barcodes(page.image)] == [page.qr_payload]
    for layout in (1, 2, 4):  # no QR code on these fronts
        q = render_document("can_cuoc", 5, layout=layout, dpi=100)
        assert q.qr_payload == "" and q.qr_fields == {}


def test_card_expiry_and_new_card_fields():
    forever = None
    for seed in range(80):
        r = render_document("can_cuoc", seed, layout=1, dpi=30)
        if "Không thời hạn" in r.text:
            forever = r
            break
    assert forever is not None and "expiry_date" not in forever.fields
    new = render_document("can_cuoc", 3, layout=2, dpi=60)
    assert set(new.fields) == {"id_number", "full_name", "date_of_birth", "sex", "nationality"}
    assert "Số định danh cá nhân" in new.text and "CĂN CƯỚC" in new.text


def test_value_conventions_show_up():
    phones, years_only, areas, branches = set(), 0, set(), 0
    for seed in range(16):
        d = render_document("don_de_nghi", seed, layout=seed % 4, dpi=30)
        phones.add("+84" in d.text)
        if d.layout == 1 and "Năm sinh:" in d.text:
            years_only += 1
            assert "date_of_birth" not in d.fields
        assert d.fields["subject"].startswith(("V/v ", "Đề nghị ", "Về việc "))
        q = render_document("giay_chung_nhan_qsdd", seed, layout=seed % 3, dpi=30)
        areas.add("." in q.fields["area_m2"])
        e = render_document("giay_chung_nhan_dkdn", seed, layout=1, dpi=30)
        branches += "-" in e.fields["enterprise_code"]
    assert phones == {True, False} and years_only > 0 and areas == {True, False}
    assert branches > 0


def test_label_wordings_vary():
    labels = set()
    for seed in range(8):
        text = render_document("don_de_nghi", seed, layout=0, dpi=30).text
        labels |= {lab for lab in ("Tôi tên là:", "Họ và tên:", "Họ, chữ đệm và tên:", "Họ tên:")
                   if lab in text}
    assert len(labels) >= 3


def test_deterministic_by_seed_and_admin_dispatch():
    for kind in ("can_cuoc", "giay_khai_sinh", "khac"):
        a, b = render_document(kind, 9, dpi=60), render_document(kind, 9, dpi=60)
        assert a.image.tobytes() == b.image.tobytes() and (a.text, a.fields) == (b.text, b.fields)
        assert a.layout == b.layout
        c = render_document(kind, 10, layout=a.layout, dpi=60)
        assert c.image.tobytes() != a.image.tobytes()
    a = render_document("quyet_dinh", 4, dpi=60)
    b = render_admin_page(4, kind="quyet_dinh", dpi=60)
    assert a.image.tobytes() == b.image.tobytes() and a.fields == b.fields


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_birth_certificate_fields_are_readable():
    from hoso.ocr.tesseract import ocr_page
    r = render_document("giay_khai_sinh", 3, layout=2)
    ocr = _flat(ocr_page(r.image, dpi=300, with_pdf=False).text)
    found = 0
    for key, value in r.fields.items():
        shown = _printed_dates(dt.date.fromisoformat(value)) if key in DATES else [value]
        found += any(_flat(s) in ocr for s in shown)
    assert found >= 6, (found, r.fields)
