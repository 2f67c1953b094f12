"""Classification end to end: type, fields, QR over OCR, validation warnings."""

from __future__ import annotations

from hoso.classifiers import classify_document
from hoso.digitize.model import PageResult
from tests.synth import render_document, save_scan, degrade


def _page(text: str, qr: tuple[str, ...] = ()) -> PageResult:
    return PageResult(index=1, rotation=0, skew_degrees=0.0, dpi=300, width_px=1000, height_px=700,
                      confidence=90.0, text=text, warnings=(), qr_payloads=qr)


CARD = """CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
CĂN CƯỚC CÔNG DÂN
Số định danh cá nhân: 027195001234
Họ và tên: LÊ THỊ HOA
Ngày sinh: 12/03/1985
Giới tính: Nữ
Quốc tịch: Việt Nam"""


def test_classify_id_number_disagreeing_with_birth_is_a_warning_not_a_field():
    # 027 1 95 …: a woman born in 1995, but the card says 1985
    result = classify_document([_page(CARD)])
    assert result.type == "can_cuoc"
    assert "id_number" not in result.fields
    assert {"field": "id_number", "code": "id_number_mismatch", "value": "027195001234"} in result.field_warnings
    assert result.fields.get("date_of_birth") == "1985-03-12"


def test_classify_qr_beats_ocr_and_says_so():
    qr = "027185001234||Lê Thị Hoa|12031985|Nữ|Thôn Kép, xã Kép, tỉnh Bắc Ninh|01022022"
    result = classify_document([_page(CARD.replace("LÊ THỊ HOA", "LÊ THI HOÀ"), (qr,))])
    assert result.type == "can_cuoc" and result.confidence >= 0.99
    assert result.fields["id_number"] == "027185001234"
    assert result.fields["full_name"] == "Lê Thị Hoa"
    assert result.fields["place_of_residence"] == "Thôn Kép, xã Kép, tỉnh Bắc Ninh"
    assert result.field_sources["id_number"] == "qr" and result.field_sources["full_name"] == "qr"
    assert result.field_warnings == ()


def test_process_id_cards_with_and_without_qr(hoso_process, validate, tmp_path):
    truths = {}
    for layout in (0, 1):  # chip card with QR, older card without
        doc = render_document("can_cuoc", 7, dpi=300, layout=layout)
        save_scan(degrade(doc, seed=7, skew=3.0, noise=3), tmp_path / f"card{layout}.png", "png")
        truths[f"card{layout}"] = doc
    run = hoso_process(tmp_path / "card0.png", tmp_path / "card1.png")
    assert run.returncode == 0, run.stderr
    for name, doc in truths.items():
        [document] = validate(run.result(name))["documents"]
        assert document["type"] == "can_cuoc"
        fields = document["fields"]
        for key in ("id_number", "date_of_birth", "sex"):
            assert fields.get(key, "").casefold() == doc.fields[key].casefold(), (name, key)
        assert set(fields) <= set(doc.fields)
    assert run.result("card0")["documents"][0]["field_sources"]["id_number"] == "qr"
    assert "field_sources" not in run.result("card1")["documents"][0]


def test_classifier_failure_keeps_the_pages(monkeypatch, tmp_path):
    """Fault injection: a crashing classifier leaves the document unclassified, not lost."""
    import hoso.pipeline as pipeline
    from hoso import config

    def crash(pages):
        raise RuntimeError("classifier bug")
    monkeypatch.setattr(pipeline, "classify_document", crash)
    doc = render_document("quyet_dinh", 3, dpi=200)
    save_scan(degrade(doc, seed=3), tmp_path / "qd.png", "png")
    result = pipeline.process_file(tmp_path / "qd.png", tmp_path, "qd", config.load())
    assert result.errors == () and result.pages[0].text
    [document] = result.documents
    assert document.type == "khac" and document.type_confidence == 0.0 and document.fields == {}
    assert (tmp_path / "qd.pdf").is_file()


def test_type_registry_matches_the_generators_domain_tables():
    from hoso.classifiers.kinds import FIELD_KEYS
    from tests.synth import FIELD_KEYS as TRUTH_KEYS
    assert {k: set(v) for k, v in FIELD_KEYS.items()} == {k: set(v) for k, v in TRUTH_KEYS.items()}
