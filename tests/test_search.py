"""Search (hoso.store.search) on SQLite FTS5 and on PostgreSQL, with documents written straight
into the store (no OCR): Vietnamese folding, ranking, phrases, prefixes, field queries, filters,
snippets, office scoping, reindexing and corrections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hoso.api.corrections import apply_correction
from hoso.store import search
from hoso.store.db import session_scope
from hoso.store.models import Document, Dossier, JobState, Page
from hoso.store.search import SearchQuery, highlight, parse_query
from hoso.store.types import utcnow

OFFICE_A = "Phường Bồng Lai"
OFFICE_B = "Xã Kép"


def add_dossier(session, code: str, office: str = OFFICE_A, applicant: str = "") -> Dossier:
    dossier = Dossier(code=code, office=office, applicant_name=applicant, procedure_name="Thủ tục")
    session.add(dossier)
    session.flush()
    return dossier


def add_document(session, dossier: Dossier, *texts: str, doc_type: str = "khac", fields=None,
                 state: str = JobState.DONE.value, created_at: datetime | None = None, index: bool = True) -> int:
    document = Document(dossier=dossier, sha256="ab" * 32, file_name="scan.pdf", type=doc_type,
                        fields=fields or {}, state=state,
                        pages=[Page(index=i, source_index=i, text=t) for i, t in enumerate(texts, start=1)])
    if created_at is not None:
        document.created_at = created_at
    session.add(document)
    session.flush()
    if index:
        search.reindex_document(session, document)
    return document.id


def ids(engine, q: str = "", **kw) -> list[int]:
    with session_scope(engine) as session:
        page = search.index_for(session).search(session, SearchQuery(q=q, **kw))
        return [h.document_id for h in page.hits]


def hits(engine, q: str = "", **kw):
    with session_scope(engine) as session:
        return search.index_for(session).search(session, SearchQuery(q=q, **kw))


# --- the query language, without a database -----------------------------------

def test_parse_query_words_phrases_prefixes_fields_types():
    parsed = parse_query('Nguyễn "văn an" Nguy* id_number:027190000001 document_number:123/QĐ-UBND type:quyet_dinh')
    assert [(t.tokens, t.prefix, t.key) for t in parsed.terms] == [
        (("nguyễn",), False, None), (("văn", "an"), False, None), (("nguy",), True, None),
        (("027190000001",), False, "id_number"), (("123", "qđ", "ubnd"), False, "document_number")]
    assert parsed.types == ["quyet_dinh"]


def test_highlight_folded_match_maps_back_to_the_original_text():
    terms = parse_query("nguyen van an dang").terms
    snippet, count = highlight("Họ tên: NGUYỄN Văn An, con ông Đặng <Văn> Bình", terms)
    assert count == 5
    assert snippet == ("Họ tên: <mark>NGUYỄN</mark> <mark>Văn</mark> <mark>An</mark>, con ông <mark>Đặng</mark> "
                       "&lt;<mark>Văn</mark>&gt; Bình")


def test_highlight_marked_word_only_matches_its_own_letters():
    snippet, count = highlight("mã số má hồng", parse_query("mã").terms)
    assert (snippet, count) == ("<mark>mã</mark> số má hồng", 1)


# --- matching on both engines ---------------------------------------------------

@pytest.fixture
def corpus(engine):
    with session_scope(engine) as s:
        a = add_dossier(s, "HS-A-1", OFFICE_A, "Nguyễn Văn An")
        b = add_dossier(s, "HS-B-1", OFFICE_B, "Đặng Thị Mai")
        c = add_dossier(s, "HS-A-2", OFFICE_A)
        e = add_dossier(s, "HS-B-2", OFFICE_B)
        docs = {
            "an": add_document(s, a, "Đơn đề nghị của ông Nguyễn Văn An, thôn Đông", doc_type="don_de_nghi",
                               fields={"applicant_name": "Nguyễn Văn An", "id_number": "027190000001"}),
            "dang": add_document(s, b, "Bà Đặng Thị Mai, mã số thuế 0101", doc_type="can_cuoc",
                                 fields={"full_name": "Đặng Thị Mai", "id_number": "024300000002"}),
            "ma": add_document(s, e, "Má hồng, cây má đào", doc_type="khac"),
            "qd": add_document(s, c, "QUYẾT ĐỊNH Về việc phê duyệt kế hoạch", "Trang hai: Điều 1. Giao Sở Nội vụ",
                               doc_type="quyet_dinh",
                               fields={"document_number": "123/QĐ-UBND", "issue_date": "2025-07-15",
                                       "subject": "Về việc phê duyệt kế hoạch"}),
            "qd2": add_document(s, e, "QUYẾT ĐỊNH về việc khen thưởng", doc_type="quyet_dinh",
                                fields={"document_number": "45/QĐ-UBND", "issue_date": "2025-03-02"}),
            "plain": add_document(s, e, "ong an dang ky tam tru", doc_type="khac"),
        }
    return docs


def test_unmarked_query_finds_every_toned_form(engine, corpus):
    assert set(ids(engine, "nguyen van an")) == {corpus["an"]}
    assert set(ids(engine, "NGUYEN VAN")) == {corpus["an"]}
    assert set(ids(engine, "dang")) == {corpus["dang"], corpus["plain"]}       # d finds đ
    assert set(ids(engine, "Đặng")) == {corpus["dang"]}                          # đ does not find d


def test_marked_query_matches_only_those_letters(engine, corpus):
    assert set(ids(engine, "mã")) == {corpus["dang"]}
    assert set(ids(engine, "má")) == {corpus["ma"]}
    assert set(ids(engine, "ma")) == {corpus["dang"], corpus["ma"]}
    assert set(ids(engine, "MÁ HỒNG")) == {corpus["ma"]}                         # case never matters


def test_all_words_must_match(engine, corpus):
    assert set(ids(engine, "nguyen mai")) == set()
    assert set(ids(engine, "quyet dinh khen")) == {corpus["qd2"]}


def test_exact_matches_rank_above_folded_ones(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-E")
        # The exact one first (a lower id) and with fewer occurrences: neither the id order
        # nor the engine's ranking favour it; only the exact-before-folded tier does.
        exact = add_document(s, d, "ông dang van an, thôn Kép, xã Kép, tỉnh Bắc Ninh, địa chỉ thường trú")
        folded = add_document(s, d, "Đặng Văn Ân. Đặng Văn Ân. Đặng Văn Ân")
    for who in ("dang van an", "dang"):
        found = hits(engine, who)
        assert [h.document_id for h in found.hits] == [exact, folded]
        assert [h.exact for h in found.hits] == [True, False]
    assert ids(engine, "Đặng") == [folded]
    assert [h.document_id for h in hits(engine, "dang", sort="date").hits] == [folded, exact]


def test_phrases(engine, corpus):
    assert set(ids(engine, '"van an"')) == {corpus["an"]}
    assert set(ids(engine, '"an van"')) == set()
    assert set(ids(engine, '"phê duyệt kế hoạch"')) == {corpus["qd"]}
    assert set(ids(engine, '"phe duyet ke hoach"')) == {corpus["qd"]}
    assert set(ids(engine, '"Nguyễn van an"')) == {corpus["an"]}      # marked words exact, the others folded
    assert set(ids(engine, '"Nguyên van an"')) == set()


def test_prefixes(engine, corpus):
    assert set(ids(engine, "Nguy*")) == {corpus["an"]}
    assert set(ids(engine, "quy*")) == {corpus["qd"], corpus["qd2"]}
    assert set(ids(engine, "Đặn*")) == {corpus["dang"]}
    assert set(ids(engine, "dan*")) == {corpus["dang"], corpus["plain"]}


def test_field_queries(engine, corpus):
    assert set(ids(engine, "id_number:027190000001")) == {corpus["an"]}
    assert set(ids(engine, "id_number:027*")) == {corpus["an"]}
    assert set(ids(engine, "id_number:024300000002")) == {corpus["dang"]}
    assert set(ids(engine, "full_name:nguyen")) == set()                         # a field, not the text
    assert set(ids(engine, "applicant_name:nguyen")) == {corpus["an"]}
    assert set(ids(engine, "type:quyet_dinh")) == {corpus["qd"], corpus["qd2"]}
    assert set(ids(engine, "type:quyet_dinh khen")) == {corpus["qd2"]}


def test_document_number_whole_and_by_parts(engine, corpus):
    assert set(ids(engine, "document_number:123/QĐ-UBND")) == {corpus["qd"]}
    assert set(ids(engine, "123/QĐ-UBND")) == {corpus["qd"]}
    assert set(ids(engine, "QĐ-UBND")) == {corpus["qd"], corpus["qd2"]}
    assert set(ids(engine, "qd-ubnd")) == {corpus["qd"], corpus["qd2"]}
    assert set(ids(engine, "123")) == {corpus["qd"]}
    assert set(ids(engine, "document_number:45/QĐ-UBND")) == {corpus["qd2"]}


def test_dossier_code_applicant_and_office_are_indexed(engine, corpus):
    assert set(ids(engine, "HS-B-1 mai")) == {corpus["dang"]}
    assert set(ids(engine, "bong lai quyet")) == {corpus["qd"]}


def test_filters(engine, corpus):
    assert set(ids(engine, "quyet", type="quyet_dinh")) == {corpus["qd"], corpus["qd2"]}
    assert set(ids(engine, "", type="can_cuoc")) == {corpus["dang"]}
    assert set(ids(engine, "quyet", dossier="HS-B-2")) == {corpus["qd2"]}
    assert set(ids(engine, "quyet", office=OFFICE_A)) == {corpus["qd"]}
    assert set(ids(engine, "quyet", issue_date_from="2025-07-01")) == {corpus["qd"]}
    assert set(ids(engine, "quyet", issue_date_to="2025-06-30")) == {corpus["qd2"]}
    assert set(ids(engine, "quyet", state="failed")) == set()
    assert set(ids(engine, "", uploaded_from=utcnow() + timedelta(days=1))) == set()
    assert len(ids(engine, "", uploaded_to=utcnow() + timedelta(days=1))) == 6


def test_upload_date_filter_and_date_sort(engine):
    old, new = datetime(2025, 1, 10, tzinfo=UTC), datetime(2025, 8, 1, tzinfo=UTC)
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-D")
        first = add_document(s, d, "báo cáo tháng một", created_at=old)
        second = add_document(s, d, "báo cáo tháng tám", created_at=new)
    assert ids(engine, "bao cao", uploaded_from=datetime(2025, 7, 1, tzinfo=UTC)) == [second]
    assert ids(engine, "bao cao", uploaded_to=datetime(2025, 2, 1, tzinfo=UTC)) == [first]
    assert ids(engine, "bao cao", sort="date") == [second, first]


def test_pagination(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-P")
        made = {add_document(s, d, f"thông báo số {i}") for i in range(5)}
    pages = [hits(engine, "thong bao", page=p, per_page=2) for p in (1, 2, 3)]
    assert [p.total for p in pages] == [5, 5, 5]
    assert [len(p.hits) for p in pages] == [2, 2, 1]
    assert {h.document_id for p in pages for h in p.hits} == made


def test_hits_carry_dossier_page_and_highlighted_snippet(engine, corpus):
    [hit] = hits(engine, "so noi vu").hits
    assert (hit.document_id, hit.dossier_code, hit.page) == (corpus["qd"], "HS-A-2", 2)
    assert hit.snippet == "Trang hai: Điều 1. Giao <mark>Sở</mark> <mark>Nội</mark> <mark>vụ</mark>"
    [by_field] = hits(engine, "id_number:027190000001").hits
    assert by_field.page is None and "<mark>027190000001</mark>" in by_field.snippet


def test_office_scoping(engine, corpus):
    assert set(ids(engine, "quyet", restrict_office=OFFICE_A)) == {corpus["qd"]}
    assert set(ids(engine, "quyet", restrict_office=OFFICE_B)) == {corpus["qd2"]}
    assert ids(engine, "nguyen", restrict_office=OFFICE_B) == []
    assert ids(engine, "quyet", restrict_office=OFFICE_B, office=OFFICE_A) == []


def test_only_done_documents_are_indexed(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-Q")
        add_document(s, d, "biên bản họp", state=JobState.PROCESSING.value)
    assert ids(engine, "bien ban") == []


def test_reindex_after_a_change_of_fields(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-R")
        doc_id = add_document(s, d, "giấy khai sinh", fields={"full_name": "Lê Văn Tám"})
    assert ids(engine, "full_name:tam") == [doc_id]
    with session_scope(engine) as s:
        s.get(Document, doc_id).fields = {"full_name": "Trần Thị Bảy"}
        s.add(Document(dossier_id=s.get(Document, doc_id).dossier_id, sha256="cd" * 32, file_name="x.pdf",
                       state=JobState.DONE.value, pages=[Page(index=1, source_index=1, text="đăng ký kết hôn")]))
    assert ids(engine, "full_name:tam") == [doc_id]        # not reindexed yet
    assert ids(engine, "ket hon") == []
    with session_scope(engine) as s:
        assert search.index_for(s).reindex(s) == 2
    assert ids(engine, "full_name:tam") == []
    assert ids(engine, "full_name:bay") == [doc_id]
    assert len(ids(engine, "ket hon")) == 1


def test_a_corrected_field_becomes_searchable(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-C")
        doc_id = add_document(s, d, "CĂN CƯỚC", doc_type="can_cuoc", fields={"full_name": "Nguyen Van A"})
    assert ids(engine, "full_name:Hoàng") == []
    with session_scope(engine) as s:
        apply_correction(s.get(Document, doc_id), {"fields": {"full_name": "Hoàng Văn Đức"}})
    assert ids(engine, "full_name:Hoàng") == [doc_id]
    assert ids(engine, "hoang van duc") == [doc_id]
    assert ids(engine, "full_name:nguyen") == []


def test_removed_and_deleted_documents_leave_the_index(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-X")
        kept = add_document(s, d, "tờ trình số một")
        gone = add_document(s, d, "tờ trình số hai")
        removed = add_document(s, d, "tờ trình số ba")
    with session_scope(engine) as s:
        s.delete(s.get(Document, gone))
        search.index_for(s).remove(s, removed)
    assert ids(engine, "to trinh") == [kept]


def test_a_document_becomes_searchable_when_the_worker_stores_its_result(engine, tmp_path):
    from hoso.queue.context import JobStore
    from hoso.queue.results import DocumentData, finish_document
    from hoso.store.db import session_factory
    from hoso.store.files import FileStore
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-W", OFFICE_B)
        doc_id = add_document(s, d, state=JobState.PROCESSING.value, index=False)
    assert ids(engine, "ke hoach") == []
    entry = {"pages": [1], "type": "ke_hoach", "type_confidence": 0.9, "fields": {"document_number": "7/KH-UBND"}}
    page = {"index": 1, "rotation": 0, "skew_degrees": 0.0, "dpi": 300, "width_px": 10, "height_px": 10,
            "confidence": 90.0, "text": "KẾ HOẠCH triển khai", "warnings": []}
    store = JobStore(None, engine, session_factory(engine), FileStore(tmp_path / "files"))
    assert finish_document(store, doc_id, DocumentData(entry, [page], None, None, 1), None) is True
    assert ids(engine, "ke hoach") == [doc_id]
    assert ids(engine, "document_number:7/KH-UBND", restrict_office=OFFICE_B) == [doc_id]


def test_large_tiers_rank_a_window_and_page_through_every_match(engine, monkeypatch):
    # Each engine ranks the newest RANK_WINDOW matches of a tier and lists the older ones after
    # them; with a window of 2, paging must still give every match once, exact ones first.
    monkeypatch.setattr(search.SearchIndex, "RANK_WINDOW", 2)
    with session_scope(engine) as s:
        d, other = add_dossier(s, "HS-WIN"), add_dossier(s, "HS-WIN-B", OFFICE_B)
        exact = {add_document(s, d, "ông dang van " + "an " * i) for i in range(1, 5)}
        folded = {add_document(s, d, "bà Đặng thị " + "mai " * i) for i in range(1, 6)}
        add_document(s, other, "ông dang van an, xã Kép")
    pages = [hits(engine, "dang", office=OFFICE_A, page=p, per_page=2) for p in range(1, 7)]
    assert {p.total for p in pages} == {9}
    order = [h.document_id for p in pages for h in p.hits]
    assert sorted(order) == sorted(exact | folded)
    assert set(order[:4]) == exact and [h.exact for p in pages for h in p.hits] == [True] * 4 + [False] * 5


def test_migration_0003_gives_indexed_rows_their_facets(db_url):
    # Rows indexed before the facets column existed get them from SQL; they must equal what
    # the indexer writes (document_text), or the filters would miss those rows.
    from sqlalchemy import text

    from hoso.store.db import alembic_config, make_engine, migrate
    engine = make_engine(db_url)
    from alembic import command
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-Đ/01", OFFICE_B)
        doc_id = add_document(s, d, "tờ khai đăng ký", doc_type="to_khai", index=False)
        body = search.document_text(s.get(Document, doc_id))
        s.execute(text("INSERT INTO search_documents (document_id, exact, folded, fields_exact, fields_folded) "
                       "VALUES (:i, :e, :f, '', '')"), {"i": doc_id, "e": body.exact, "f": body.folded})
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT facets FROM search_documents")).scalar_one() == body.facets
    assert ids(engine, "dang ky", office=OFFICE_B, type="to_khai", dossier="HS-Đ/01") == [doc_id]
    assert ids(engine, "dang ky", office=OFFICE_A) == []
    engine.dispose()


def test_a_query_without_words_finds_nothing(engine, corpus):
    assert ids(engine, "///") == [] and hits(engine, " - ").total == 0
    assert len(ids(engine, "   ")) == 6                     # no query at all: everything the filters allow


def test_index_missing_indexes_only_the_done_documents_it_lacks(engine):
    with session_scope(engine) as s:
        d = add_dossier(s, "HS-M")
        indexed = add_document(s, d, "quyết định khen thưởng")
        lacking = add_document(s, d, "quyết định điều động", index=False)
        add_document(s, d, "quyết định bổ nhiệm", state=JobState.FAILED.value, index=False)
    assert ids(engine, "quyet dinh") == [indexed]
    with session_scope(engine) as s:
        assert search.index_for(s).index_missing(s) == 1
    assert set(ids(engine, "quyet dinh")) == {indexed, lacking}
    with session_scope(engine) as s:
        assert search.index_for(s).index_missing(s) == 0
