"""The store: schema and migrations, models, users and tokens, audit log, file store, CLI.

Database tests run on SQLite and on a real PostgreSQL (``db_url`` in conftest).
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import threading
import unicodedata
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, MetaData, String, func, inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from hoso import config
from hoso.errors import AlreadyExists, EmptyFile, InvalidValue, NotFound, TooLarge, UnknownUser
from hoso.store import audit, users
from hoso.store.db import alembic_config, in_schema, make_engine, migrate, normalise_url, session_scope
from hoso.store.files import FileStore
from hoso.store.models import (ApiToken, AuditLog, Base, Batch, Document, Dossier, DossierStatus, JobState, OcrResult,
                               Page, User)
from tests.conftest import ROOT

TABLES = {"dossiers", "batches", "documents", "pages", "ocr_results", "users", "api_tokens", "audit_log"}
NFC_NAME = "Nguyễn Thị Hồng Đào"
NFD_NAME = unicodedata.normalize("NFD", NFC_NAME)
OFFICE = "Phường Bồng Lai"


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def new_dossier(session, code: str = "H01.27-250715-0001", **kw) -> Dossier:
    dossier = Dossier(code=code, office=kw.pop("office", OFFICE), **kw)
    session.add(dossier)
    session.flush()
    return dossier


# --- engine, migrations ---

def test_normalise_url_uses_psycopg3():
    assert str(normalise_url("postgresql://u@h:5/db")) == "postgresql+psycopg://u@h:5/db"
    assert str(normalise_url("postgres://u@h/db")) == "postgresql+psycopg://u@h/db"
    assert str(normalise_url("sqlite:///x.db")) == "sqlite:///x.db"


def test_make_engine_sqlite_wal_foreign_keys_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'h.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    engine.dispose()
    assert (tmp_path / "sub" / "h.db").is_file()


def test_migrate_creates_schema_and_is_idempotent(db_url):
    engine = make_engine(db_url)
    try:
        migrate(engine)
        migrate(engine)
        assert TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    finally:
        engine.dispose()


def test_migrate_concurrent_processes_all_succeed(db_url):
    code = "import sys; from hoso.store.db import make_engine, migrate; migrate(make_engine(sys.argv[1]))"
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [head_revision()]
    engine.dispose()


def test_migration_0004_gives_dossiers_the_status_of_their_documents(db_url):
    from alembic import command
    engine = make_engine(db_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
    states = {"HS-EMPTY": [], "HS-DONE": ["done", "done"], "HS-BUSY": ["done", "queued"], "HS-BAD": ["failed", "done"]}
    with session_scope(engine) as s:
        for code, documents in states.items():
            s.add(Dossier(code=code, office="Xã Kép", status=DossierStatus.RECEIVED.value,
                          documents=[Document(sha256=f"{i:064x}", file_name="a.pdf", state=state)
                                     for i, state in enumerate(documents)]))
    migrate(engine)
    with session_scope(engine) as s:
        found = dict(s.execute(select(Dossier.code, Dossier.status)).all())
    assert found == {"HS-EMPTY": "received", "HS-DONE": "done", "HS-BUSY": "processing", "HS-BAD": "failed"}
    engine.dispose()


def test_migrations_match_models(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": in_schema})
        assert compare_metadata(context, Base.metadata) == []
        # Autogenerate does not compare CHECK constraints: compare their names.
        for table in Base.metadata.sorted_tables:
            reflected = {c["name"] for c in inspect(conn).get_check_constraints(table.name)}
            assert reflected == {c.name for c in table.constraints if isinstance(c, CheckConstraint)}, table.name
        # The comparison sees column types: a changed length is reported.
        changed = MetaData()
        for table in Base.metadata.sorted_tables:
            table.to_metadata(changed)
        changed.tables["users"].c.name.type = String(100)
        assert [d[0][0] for d in compare_metadata(context, changed)] == ["modify_type"]


# --- models ---

def test_dossier_nfd_input_stored_nfc(engine):
    with session_scope(engine) as session:
        dossier = new_dossier(session, code=unicodedata.normalize("NFD", "HS-Đ-01"), applicant_name=NFD_NAME,
                              office=unicodedata.normalize("NFD", OFFICE), procedure_name="Đăng ký khai sinh")
        assert dossier.applicant_name == NFC_NAME            # on the object, before any reload
    with engine.connect() as conn:
        row = conn.execute(text("SELECT code, applicant_name, office FROM dossiers")).one()
    assert tuple(row) == ("HS-Đ-01", NFC_NAME, OFFICE)
    with session_scope(engine) as session:                   # NFD in a query finds the NFC row
        found = session.scalar(select(Dossier).where(Dossier.applicant_name == NFD_NAME))
        assert found is not None and found.code == "HS-Đ-01"


def test_json_fields_round_trip_vietnamese(engine):
    fields = {"full_name": NFC_NAME, "place_of_residence": "Thôn Đông, xã Kép, tỉnh Bắc Ninh", "id_number": "027190000001"}
    warnings = [{"field": "id_number", "code": "id_number_mismatch", "value": "0271900"}]
    result = {"source": "căn cước.pdf", "pages": [], "documents": [], "errors": []}
    with session_scope(engine) as session:
        dossier = new_dossier(session)
        document = Document(dossier=dossier, sha256="a" * 64, file_name="căn cước.pdf", source_pages=[2, 3],
                            fields=fields, field_warnings=warnings, field_sources={"full_name": "qr"},
                            pages=[Page(index=1, source_index=2, text="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                        warnings=["low_resolution", "dpi_assumed"])])
        session.add_all([document, OcrResult(sha256="a" * 64, result=result),
                         Batch(sha256="b" * 64, file_name="hộp 1.pdf", office=OFFICE, notes=["Tách trang 3"])])
    with session_scope(engine) as session:
        document = session.scalar(select(Document))
        assert (document.fields, document.field_warnings, document.field_sources) == (fields, warnings, {"full_name": "qr"})
        assert document.source_pages == [2, 3]
        assert document.pages[0].warnings == ["low_resolution", "dpi_assumed"]
        assert session.get(OcrResult, "a" * 64).result == result
        assert session.scalar(select(Batch)).notes == ["Tách trang 3"]
        assert (document.type, document.type_confidence, document.state) == ("khac", 0.0, JobState.QUEUED)


def test_timestamps_are_utc_aware(engine):
    before = datetime.now(UTC)
    hanoi = timezone(timedelta(hours=7))
    with session_scope(engine) as session:
        dossier = new_dossier(session)
        document = Document(dossier=dossier, sha256="c" * 64, file_name="x.pdf",
                            processed_at=datetime(2025, 7, 15, 9, 30, tzinfo=hanoi))
        session.add(document)
    with session_scope(engine) as session:
        dossier = session.scalar(select(Dossier))
        document = session.scalar(select(Document))
        for value in (dossier.created_at, dossier.updated_at, document.processed_at):
            assert value.tzinfo is not None and value.utcoffset() == timedelta(0)
        assert before - timedelta(seconds=5) <= dossier.created_at <= datetime.now(UTC)
        assert document.processed_at == datetime(2025, 7, 15, 2, 30, tzinfo=UTC)
        assert dossier.status == DossierStatus.RECEIVED
        created = dossier.created_at
        dossier.status = DossierStatus.DONE
    with session_scope(engine) as session:
        dossier = session.scalar(select(Dossier))
        assert dossier.created_at == created and dossier.updated_at > created


def test_naive_datetime_refused(engine):
    with pytest.raises(StatementError, match="naive datetime"):
        with session_scope(engine) as session:
            new_dossier(session).created_at = datetime(2025, 7, 1)
            session.flush()


def test_dossier_code_unique_also_across_normal_forms(engine):
    with session_scope(engine) as session:
        new_dossier(session, code="HS-Đ-01")
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            new_dossier(session, code=unicodedata.normalize("NFD", "HS-Đ-01"))
    with session_scope(engine) as session:
        assert session.scalars(select(Dossier.code)).all() == ["HS-Đ-01"]


@pytest.mark.parametrize("model, bad", [(Dossier, {"status": "lost"}), (User, {"role": "boss"})])
def test_check_constraints_refuse_unknown_states(engine, model, bad):
    values = {"code": "X", "office": OFFICE} if model is Dossier else {"name": "x", "role": "clerk"}
    with pytest.raises(IntegrityError, match="(?i)check"):
        with session_scope(engine) as session:
            session.add(model(**{**values, **bad}))


def test_pages_unique_per_document_and_deleted_with_it(engine):
    with session_scope(engine) as session:
        document = Document(dossier=new_dossier(session), sha256="d" * 64, file_name="a.pdf",
                            pages=[Page(index=1, source_index=1), Page(index=2, source_index=3)])
        session.add(document)
    with pytest.raises(IntegrityError):
        with session_scope(engine) as session:
            session.add(Page(document_id=document.id, index=2, source_index=4))
    with engine.begin() as conn:                      # ON DELETE CASCADE in the database itself
        conn.execute(text("DELETE FROM documents"))
        assert conn.execute(text("SELECT count(*) FROM pages")).scalar() == 0


# --- users, tokens, audit ---

def test_token_stored_hashed_and_authenticates(engine):
    with session_scope(engine) as session:
        user = users.add_user(session, NFD_NAME, "clerk", "Xã Kép")
        token = users.create_token(session, user, "máy quét 1")
    assert token.startswith("hoso_") and len(token) > 40
    with engine.connect() as conn:
        stored = [str(v) for row in conn.execute(text("SELECT * FROM api_tokens")) for v in row]
        stored += [str(v) for row in conn.execute(text("SELECT * FROM audit_log")) for v in row]
    assert not any(token in value for value in stored)
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    with session_scope(engine) as session:
        found = users.authenticate(session, token)
        assert found is not None and found.name == NFC_NAME and found.office == "Xã Kép"
        assert users.authenticate(session, token + "x") is None
        assert users.authenticate(session, "") is None
    with session_scope(engine) as session:
        assert session.scalar(select(ApiToken)).last_used_at is not None


def test_revoked_token_and_disabled_user_fail(engine):
    with session_scope(engine) as session:
        ana = users.add_user(session, "ana", "archivist")
        bob = users.add_user(session, "bob", "admin")
        revoked, kept, bobs = (users.create_token(session, ana), users.create_token(session, ana),
                               users.create_token(session, bob))
    with session_scope(engine) as session:
        users.revoke_token(session, session.scalar(select(ApiToken.id).order_by(ApiToken.id)))
        users.disable_user(session, "bob")
    with session_scope(engine) as session:
        assert users.authenticate(session, revoked) is None
        assert users.authenticate(session, bobs) is None
        assert users.authenticate(session, kept).name == "ana"
        with pytest.raises(InvalidValue):
            users.create_token(session, users.get_user(session, "bob"))


def test_add_user_refuses_bad_role_duplicate_and_unknown(engine):
    with session_scope(engine) as session:
        with pytest.raises(InvalidValue, match="boss"):
            users.add_user(session, "ana", "boss")
        users.add_user(session, "ana", "Clerk")
        with pytest.raises(AlreadyExists):
            users.add_user(session, " ana ", "admin")
        with pytest.raises(UnknownUser):
            users.disable_user(session, "nobody")
        assert [(u.name, u.role, u.active) for u in users.list_users(session)] == [("ana", "clerk", True)]


def test_audit_log_rows(engine):
    with session_scope(engine) as session:
        admin = users.add_user(session, "admin", "admin")
        clerk = users.add_user(session, "clerk", "clerk", OFFICE, actor_id=admin.id)
        users.disable_user(session, "clerk", actor_id=admin.id)
        dossier = new_dossier(session)
        changes = audit.changes_between({"status": "received", "office": OFFICE},
                                        {"status": "done", "office": OFFICE, "closed": datetime(2025, 7, 1, tzinfo=UTC)})
        audit.record(session, admin.id, "dossier.update", "dossier", dossier.id, changes)
        with pytest.raises(ValueError):
            audit.record(session, None, "x", "planet", 1, {})
    with session_scope(engine) as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.id)).all()
    assert [(r.action, r.entity, r.user_id) for r in rows] == [
        ("user.add", "user", None), ("user.add", "user", admin.id), ("user.disable", "user", admin.id),
        ("dossier.update", "dossier", admin.id)]
    assert rows[1].entity_id == clerk.id and rows[1].changes["office"] == [None, OFFICE]
    assert rows[2].changes == {"active": [True, False]}
    assert rows[3].changes == {"closed": [None, "2025-07-01T00:00:00+00:00"], "status": ["received", "done"]}
    assert all(r.at.tzinfo is not None for r in rows)


# --- file store ---

class Exploding(io.RawIOBase):
    """A stream that fails after some bytes, like a client that drops mid-upload."""

    def __init__(self, good: int) -> None:
        self.left = good

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            raise ConnectionResetError("client went away")
        n = min(len(buffer), self.left, 1000)
        buffer[:n] = b"x" * n
        self.left -= n
        return n


def stored_files(root) -> list:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_filestore_one_copy_per_sha256(tmp_path):
    store = FileStore(tmp_path)
    data = "Quyết định số 123/QĐ-UBND".encode()
    sha = store.put_bytes(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert store.put_stream(io.BytesIO(data)) == (sha, len(data))
    assert stored_files(tmp_path) == [f"{sha[:2]}/{sha[2:4]}/{sha}"]
    assert store.exists(sha) and store.path(sha).read_bytes() == data
    with store.open(sha) as f:
        assert f.read() == data


def test_filestore_failed_stream_leaves_nothing(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(ConnectionResetError):
        store.put_stream(io.BufferedReader(Exploding(3 * 1024 * 1024)))
    assert stored_files(tmp_path) == []


def test_filestore_too_large_and_empty_refused(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(TooLarge):
        store.put_stream(io.BytesIO(b"x" * 101), max_bytes=100)
    with pytest.raises(EmptyFile):
        store.put_bytes(b"")
    assert stored_files(tmp_path) == []
    assert store.put_stream(io.BytesIO(b"x" * 100), max_bytes=100)[1] == 100


def test_filestore_unknown_and_malformed_digests(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(NotFound):
        store.open("0" * 64)
    assert not store.exists("0" * 64)
    with pytest.raises(ValueError):
        store.path("../../etc/passwd")


# --- settings and CLI ---

def test_settings_data_dir_database_url_files_dir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HOSO_DATA_DIR", "rel")
    settings = config.load()
    assert settings.data_dir == tmp_path / "rel" and settings.data_dir.is_absolute()
    assert settings.database_url == f"sqlite:///{tmp_path / 'rel' / 'hoso.db'}"
    assert settings.files_dir == tmp_path / "rel" / "files"
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/hoso")
    assert config.load().database_url == "postgresql://db/hoso"


def test_cli_users_and_tokens_end_to_end(db_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": db_url, "HOSO_DATA_DIR": str(tmp_path / "data")}

    def hoso(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "hoso", *args], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=120)

    added = hoso("users", "add", NFD_NAME, "--role", "clerk", "--office", "Xã Kép")
    assert added.returncode == 0, added.stderr
    assert hoso("users", "add", "bob", "--role", "archivist").returncode == 0
    duplicate = hoso("users", "add", NFC_NAME, "--role", "admin")
    assert duplicate.returncode == 1 and "Đã có người dùng" in duplicate.stderr
    assert hoso("users", "add", "eve", "--role", "boss").returncode == 2
    created = hoso("tokens", "create", NFC_NAME, "--label", "quầy 1")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert hoso("users", "disable", "bob").returncode == 0
    assert hoso("users", "disable", "nobody").returncode == 1
    assert hoso("tokens", "create", "bob").returncode == 1
    listed = hoso("users", "list").stdout.splitlines()
    assert listed[0].split()[:4] == ["NAME", "ROLE", "OFFICE", "STATE"]
    assert [line.split("  ")[0] for line in listed[1:]] == [NFC_NAME, "bob"]
    assert "disabled" in listed[2] and "active" in listed[1] and "Xã Kép" in listed[1]
    engine = make_engine(db_url)
    with session_scope(engine) as session:
        assert users.authenticate(session, token).name == NFC_NAME
    engine.dispose()


def _read_then_write(engine, rendezvous, errors):
    """One transaction that reads, meets the other thread, then writes."""
    import sqlalchemy.exc
    try:
        with session_scope(engine) as s:
            s.scalar(select(User).limit(1))
            rendezvous()
            s.add(User(name=f"u{threading.get_ident()}", role="clerk", office="Xã Kép"))
    except sqlalchemy.exc.OperationalError as e:
        errors.append(str(e))


@pytest.mark.parametrize("immediate", [False, True])
def test_sqlite_immediate_transactions_queue_instead_of_failing(tmp_path, immediate):
    """Two transactions that read then write at once (an API upload): deferred SQLite
    transactions that have both read fail with "database is locked" when they write; with
    ``immediate`` the second cannot begin before the first commits, so both succeed."""
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}", immediate=immediate)
    migrate(engine)
    errors: list[str] = []
    both_read = threading.Barrier(2, timeout=5)
    rendezvous = (lambda: None) if immediate else both_read.wait  # immediate: they cannot overlap
    threads = [threading.Thread(target=_read_then_write, args=(engine, rendezvous, errors))
               for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    with session_scope(engine) as s:
        users_written = s.scalar(select(func.count()).select_from(User))
    engine.dispose()
    if immediate:
        assert errors == [] and users_written == 2
    else:
        assert any("locked" in e for e in errors) and users_written == 1


def test_token_use_is_written_at_most_once_a_minute(engine):
    with session_scope(engine) as session:
        user = users.add_user(session, "Lê Văn Bình", "clerk", "Xã Kép")
        token = users.create_token(session, user, "quầy 2")
    with session_scope(engine) as session:
        users.authenticate(session, token)
    with session_scope(engine) as session:
        first = session.scalar(select(ApiToken)).last_used_at
        assert users.authenticate(session, token) is not None
        assert session.scalar(select(ApiToken)).last_used_at == first  # no write within the minute
        session.scalar(select(ApiToken)).last_used_at = first - users.LAST_USED_PRECISION
    with session_scope(engine) as session:
        users.authenticate(session, token)
    with session_scope(engine) as session:
        assert session.scalar(select(ApiToken)).last_used_at > first - users.LAST_USED_PRECISION
