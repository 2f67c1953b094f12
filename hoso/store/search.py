"""Search over processed documents: Vietnamese-aware full-text search with filters and snippets.

One interface, :class:`SearchIndex` (``index_for(session)`` picks it by the
engine's dialect): SQLite FTS5 or PostgreSQL full-text search (config
``simple``). Both index the same pre-tokenised text, so both find the same
documents:

- ``search_documents`` (migrations 0002 and 0003, on both engines): one row
  per indexed document with space-separated token strings:
  ``exact`` (NFC, lowercased), ``folded`` (``fold()``: no marks, đ → d),
  the same two for the fields, each token prefixed with its field key
  (``document_number`` ``123/QĐ-UBND`` → ``documentnumber123 documentnumberqđ
  documentnumberubnd``) so that ``document_number:...`` queries match only that field,
  and ``facets``: one token each for the type, office and dossier (:func:`facet`),
  which the filters match.
- SQLite: an FTS5 table ``search_fts`` with external content ``search_documents``
  (tokenizer ``unicode61 remove_diacritics 0``), kept in step by triggers,
  ranked by ``bm25``.
- PostgreSQL: a stored ``tsvector`` column ``tsv`` with a GIN index, each column's
  words under its own weight label, ranked by ``ts_rank``.
- Neither engine structure is in the models (``hoso.store.db.in_schema``).

Query language (:func:`parse_query`): words (all must match); a word typed
with diacritics matches those letters only, one typed without matches every
toned form; ``"a phrase"``; ``prefix*``; ``key:value`` field queries
(``id_number:027190000001``, ``document_number:123/QĐ-UBND``, ``key:"a b"``);
``type:quyet_dinh`` filters by type. Documents matching every term in its
exact form rank above those matched only by folding.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from hoso.ocr.text import fold, fold_with_index
from hoso.store.models import Document, JobState, search_documents

__all__ = ["SearchHit", "SearchIndex", "SearchPage", "SearchQuery", "Term", "highlight", "index_for",
           "parse_query", "search_documents"]

FTS_TABLE = "search_fts"
_WORD = re.compile(r"[^\W_]+")
_QUERY = re.compile(r'(?P<key>[a-z][a-z0-9_]*):(?:"(?P<fphrase>[^"]*)"?|(?P<fvalue>\S+))'
                    r'|"(?P<phrase>[^"]*)"?(?P<pstar>\*)?|(?P<word>\S+)')
SNIPPET_CHARS = 160
PG_TEXT_CHARS = 200_000
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"


# --- tokens -----------------------------------------------------------------

def exact_tokens(value: str) -> list[str]:
    """Words of ``value``: NFC, lowercased, split on anything not a letter or digit."""
    return _WORD.findall(unicodedata.normalize("NFC", value).lower())


def field_key(key: str) -> str:
    return key.replace("_", "").lower()


def facet(name: str, value: str) -> str:
    """The one FTS token that stands for ``name`` = ``value`` (``type``, ``office``, ``dossier``):
    the name, then the value's UTF-8 bytes in lower-case hex, so that any value is one token and
    no two values share one (migration 0003 writes the same with SQL)."""
    return name + unicodedata.normalize("NFC", value).encode().hex()


@dataclass(frozen=True, slots=True)
class IndexedText:
    exact: str
    folded: str
    fields_exact: str
    fields_folded: str
    facets: str


def document_text(document: Document) -> IndexedText:
    """What is indexed for ``document``: page texts, type, field values, dossier code, applicant, office;
    and its facets (type, office, dossier code) for filtering."""
    dossier = document.dossier
    office = (dossier.office if dossier else None) or (document.batch.office if document.batch else None)
    parts = [p.text or "" for p in document.pages]
    parts.append(document.type or "")
    parts.extend(str(v) for v in (document.fields or {}).values())
    if dossier is not None:
        parts += [dossier.code, dossier.applicant_name or ""]
    parts.append(office or "")
    words = [t for part in parts for t in exact_tokens(part)]
    field_words = [field_key(k) + t for k, v in sorted((document.fields or {}).items()) for t in exact_tokens(str(v))]
    facets = [facet(name, value) for name, value in
              (("type", document.type), ("office", office), ("dossier", dossier.code if dossier else None)) if value]
    return IndexedText(" ".join(words), " ".join(fold(w) for w in words),
                       " ".join(field_words), " ".join(fold(w) for w in field_words), " ".join(facets))


# --- queries ----------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Term:
    """One thing that must match: a word or a phrase (``tokens``), in the text or in field ``key``."""

    tokens: tuple[str, ...]           # NFC, lowercased
    prefix: bool = False              # the last token is a prefix
    key: str | None = None            # a field query

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(t) for t in self.tokens)

    @property
    def marked(self) -> tuple[bool, ...]:
        """Per token: typed with diacritics (or đ), so only those letters match."""
        return tuple(fold(t) != t for t in self.tokens)

    def column_tokens(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(field_key(self.key) + t for t in tokens) if self.key else tokens


@dataclass(slots=True)
class ParsedQuery:
    terms: list[Term] = field(default_factory=list)
    types: list[str] = field(default_factory=list)


def parse_query(raw: str) -> ParsedQuery:
    """Words, ``"phrases"``, ``prefix*``, ``key:value`` and ``type:...`` of a query."""
    parsed = ParsedQuery()
    for m in _QUERY.finditer(unicodedata.normalize("NFC", raw or "")):
        if m.group("key"):
            key, value = m.group("key"), m.group("fphrase") if m.group("fphrase") is not None else m.group("fvalue")
            if key == "type":
                parsed.types.append(value.strip())
                continue
            _add(parsed, value, key)
        elif m.group("phrase") is not None:
            _add(parsed, m.group("phrase") + (m.group("pstar") or ""), None)
        else:
            _add(parsed, m.group("word"), None)
    return parsed


def _add(parsed: ParsedQuery, value: str, key: str | None) -> None:
    value = value.strip()
    prefix = value.endswith("*")
    tokens = tuple(exact_tokens(value.rstrip("*")))
    if tokens:
        parsed.terms.append(Term(tokens, prefix, key))


@dataclass(frozen=True, slots=True)
class Clause:
    column: str                       # a column of ``search_documents``
    tokens: tuple[str, ...]
    prefix: bool


def match_clauses(term: Term) -> list[Clause]:
    """What ``term`` requires: its folded form, and the exact form of the words typed with marks;
    a term typed with marks on every word (or đ) is matched exactly as typed."""
    exact_col, folded_col = ("fields_exact", "fields_folded") if term.key else ("exact", "folded")
    marked, last = term.marked, len(term.tokens) - 1
    if all(marked):
        return [exact_clause(term)]
    clauses = [Clause(folded_col, term.column_tokens(term.folded), term.prefix)]
    for i, (token, is_marked) in enumerate(zip(term.tokens, marked)):
        if is_marked:
            clauses.append(Clause(exact_col, term.column_tokens((token,)), term.prefix and i == last))
    return clauses


def exact_clause(term: Term) -> Clause:
    """``term`` matched exactly as typed (the better rank)."""
    return Clause("fields_exact" if term.key else "exact", term.column_tokens(term.tokens), term.prefix)


# --- the search request and its answer ----------------------------------------

@dataclass(slots=True)
class SearchQuery:
    q: str = ""
    type: str | None = None
    dossier: str | None = None                # dossier code
    office: str | None = None
    issue_date_from: str | None = None        # ISO dates, inclusive
    issue_date_to: str | None = None
    uploaded_from: datetime | None = None
    uploaded_to: datetime | None = None
    state: str | None = None
    sort: str = "relevance"                   # or "date"
    page: int = 1
    per_page: int = 20
    restrict_office: str | None = None        # office scoping (a clerk's office)


@dataclass(slots=True)
class SearchHit:
    document_id: int
    dossier_code: str | None
    type: str
    file_name: str
    page: int | None                          # 1-based page of the snippet; None: matched in fields/metadata
    snippet: str                              # HTML-escaped, matches in <mark>…</mark>
    exact: bool                               # every term matched as typed

    def to_json(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "dossier_code": self.dossier_code, "type": self.type,
                "file_name": self.file_name, "page": self.page, "snippet": self.snippet, "exact": self.exact}


@dataclass(slots=True)
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    per_page: int


# --- the index ----------------------------------------------------------------

class SearchIndex:
    """The engine-independent part; subclasses build the engine's match conditions."""

    def index_document(self, session: Session, document: Document) -> None:
        """(Re)index ``document``; a document that is not ``done`` is removed from the index."""
        self.index_documents(session, [document])

    def index_documents(self, session: Session, documents: list[Document]) -> None:
        """(Re)index ``documents`` in two statements; those that are not ``done`` are removed."""
        if not documents:
            return
        session.execute(search_documents.delete().where(search_documents.c.document_id.in_([d.id for d in documents])))
        rows = [{"document_id": d.id, **dataclasses.asdict(document_text(d))}
                for d in documents if d.state == JobState.DONE.value]
        if rows:
            session.execute(search_documents.insert(), rows)

    def index_document_id(self, session: Session, document_id: int) -> None:
        session.flush()
        document = session.get(Document, document_id, populate_existing=True)
        if document is None:
            self.remove(session, document_id)
            return
        session.refresh(document, ["pages", "dossier", "batch"])
        self.index_document(session, document)

    def remove(self, session: Session, document_id: int) -> None:
        session.execute(search_documents.delete().where(search_documents.c.document_id == document_id))

    def reindex(self, session: Session) -> int:
        """Rebuild the whole index from the ``done`` documents; returns how many were indexed."""
        session.execute(search_documents.delete())
        return self._index_ids(session, session.scalars(
            select(Document.id).where(Document.state == JobState.DONE.value).order_by(Document.id)).all())

    def index_missing(self, session: Session) -> int:
        """Index the ``done`` documents the index lacks (processed before the index existed, or
        restored from a backup without it); returns how many. Cheap when there are none."""
        indexed = select(search_documents.c.document_id).where(search_documents.c.document_id == Document.id)
        return self._index_ids(session, session.scalars(
            select(Document.id).where(Document.state == JobState.DONE.value, ~indexed.exists())
            .order_by(Document.id)).all())

    def _index_ids(self, session: Session, ids: Sequence[int]) -> int:
        for start in range(0, len(ids), 500):
            documents = session.scalars(select(Document).where(Document.id.in_(ids[start:start + 500]))
                                        .options(selectinload(Document.pages), selectinload(Document.dossier),
                                                 selectinload(Document.batch))).all()
            self.index_documents(session, list(documents))
        return len(ids)

    # --- engine-specific parts ------------------------------------------------
    SOURCE = ""          # the table searched, as ``f``
    ID = ""              # the document id in it
    MATCHES = ""         # the condition that ``f`` matches the expression in ``:e``
    RANK = ""            # the rank of a match of ``:e``, lower is better

    def _expression(self, clauses: list[Clause]) -> str:
        """The engine's query text for documents matching every clause."""
        raise NotImplementedError

    def _but_not(self, expression: str, excluded: str) -> str:
        raise NotImplementedError

    def _json_text(self, column: str, key: str) -> str:
        raise NotImplementedError

    # --- searching -------------------------------------------------------------
    RANK_WINDOW = 2000

    def search(self, session: Session, query: SearchQuery) -> SearchPage:
        """One page of the documents matching ``query``.

        Filters on type, office and dossier are facet clauses of the same full-text query, so the
        engine's index answers them. Relevance order: the documents matching every term as typed,
        then the others (two tiers, each counted once); within a tier the newest ``RANK_WINDOW``
        matches by the engine's ranking (bm25, ts_rank), then the older ones newest first. Ranking
        costs a few microseconds a match, and a query matching most of the archive would
        otherwise spend its whole time ranking it. Date order: ``issue_date``, then upload time.
        """
        parsed = parse_query(query.q)
        nothing_to_match = bool((query.q or "").strip()) and not parsed.terms and not parsed.types   # e.g. "///"
        if nothing_to_match or (query.state and query.state != JobState.DONE.value):
            return SearchPage([], 0, query.page, query.per_page)     # only done documents are indexed
        values = [("type", t) for t in ([query.type] if query.type else []) + parsed.types]
        values += [("office", query.office), ("office", query.restrict_office), ("dossier", query.dossier)]
        facets = [Clause("facets", (facet(name, value),), False) for name, value in values if value is not None]
        where: list[str] = []
        params: dict[str, Any] = {}
        self._date_filters(session, query, where, params)
        exact_clauses = [exact_clause(t) for t in parsed.terms] + facets
        exact = self._expression(exact_clauses) if exact_clauses else None
        matched = [match_clauses(t) for t in parsed.terms]
        match = self._expression([c for clauses in matched for c in clauses] + facets) if exact else None
        if query.sort == "date" or not parsed.terms:
            return self._by_date(session, query, parsed, match, exact, where, params)
        base = self._base(bool(where), True) + "".join(f" AND {w}" for w in where)
        folded_tier = any(clauses != [exact_clause(t)] for t, clauses in zip(parsed.terms, matched))
        rows, total = self._ranked(session, base, params, exact, match if folded_tier else None,
                                   (query.page - 1) * query.per_page, query.per_page)
        return self._page(session, query, parsed, rows, total)

    def _ranked(self, session: Session, base: str, params: dict[str, Any], exact: str, match: str | None,
                offset: int, limit: int) -> tuple[list[tuple[int, bool]], int]:
        """``limit`` (document id, exact) from ``offset`` in relevance order, and how many match:
        the tier of ``exact``, then that of ``match`` (None: the same as ``exact``) less ``exact``.
        Each tier is counted, then read in its order (:meth:`_rows`)."""
        tiers = [(exact, self._count(session, base, params, exact))]
        if match is not None:
            # Every exact match is also a match, so the folded-only tier's count is a difference.
            tiers.append((self._but_not(match, exact), self._count(session, base, params, match) - tiers[0][1]))
        rows: list[tuple[int, bool]] = []
        total = 0
        for number, (expression, count) in enumerate(tiers):
            ids = self._rows(session, base, {**params, "e": expression}, count, max(0, offset - total),
                             limit - len(rows))
            rows += [(i, number == 0) for i in ids]
            total += count
        return rows, total

    def _base(self, join: bool, matching: bool) -> str:
        """``FROM … WHERE …`` over the index (joined to ``documents d`` when ``join``), matching ``:e``
        when ``matching``; conditions are added with `` AND …``."""
        source, id_ = (self.SOURCE, self.ID) if matching else ("search_documents f", "f.document_id")
        return (f"FROM {source} " + (f"JOIN documents d ON d.id = {id_} " if join else "")
                + "WHERE " + (self.MATCHES if matching else "1 = 1"))

    @staticmethod
    def _count(session: Session, base: str, params: dict[str, Any], expression: str) -> int:
        return session.execute(text(f"SELECT count(*) {base}"), {**params, "e": expression}).scalar_one()

    def _rows(self, session: Session, base: str, params: dict[str, Any], count: int, offset: int,
              limit: int) -> list[int]:
        """The ids of ``limit`` of the ``count`` documents of ``base`` from ``offset``: the newest
        ``RANK_WINDOW`` by rank, then the older ones newest first."""
        if limit <= 0 or offset >= count:
            return []
        floor = 0
        if count > self.RANK_WINDOW:
            floor = session.execute(text(f"SELECT {self.ID} {base} ORDER BY {self.ID} DESC LIMIT 1 OFFSET :w"),
                                    {**params, "w": self.RANK_WINDOW - 1}).scalar_one()
        ids: list[int] = []
        ranked = min(count, self.RANK_WINDOW)
        if offset < ranked:
            ids += session.scalars(text(
                f"SELECT {self.ID} {base} AND {self.ID} >= :floor ORDER BY {self.RANK}, {self.ID} DESC "
                f"LIMIT :limit OFFSET :offset"), {**params, "floor": floor, "limit": limit, "offset": offset}).all()
        if len(ids) < limit and count > ranked:
            ids += session.scalars(text(
                f"SELECT {self.ID} {base} AND {self.ID} < :floor ORDER BY {self.ID} DESC LIMIT :limit OFFSET :offset"),
                {**params, "floor": floor, "limit": limit - len(ids), "offset": max(0, offset - ranked)}).all()
        return ids

    def _by_date(self, session: Session, query: SearchQuery, parsed: ParsedQuery, match: str | None,
                 exact: str | None, where: list[str], params: dict[str, Any]) -> SearchPage:
        """Every match newest first: by ``issue_date`` when sorting by date, else by upload."""
        base = self._base(True, match is not None) + "".join(f" AND {w}" for w in where)
        params = {**params, "e": match}
        total = session.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
        order = "d.id DESC"
        if query.sort == "date":
            order = f"COALESCE({self._json_text('d.fields', 'issue_date')}, '') DESC, d.created_at DESC, d.id DESC"
        ids = session.scalars(text(f"SELECT d.id {base} ORDER BY {order} LIMIT :limit OFFSET :offset"),
                              {**params, "limit": query.per_page,
                               "offset": (query.page - 1) * query.per_page}).all()
        exactly: set[int] = set()
        if parsed.terms and ids:
            exactly = set(session.scalars(text(
                f"SELECT {self.ID} {self._base(False, True)} AND {self.ID} IN ({', '.join(map(str, ids))})"),
                {"e": exact}).all())
        return self._page(session, query, parsed, [(i, i in exactly) for i in ids], total)

    def _date_filters(self, session: Session, query: SearchQuery, where: list[str], params: dict[str, Any]) -> None:
        """The ``issue_date`` and upload-date conditions on ``d`` (``documents``)."""
        issue_date = self._json_text("d.fields", "issue_date")
        if query.issue_date_from:
            where.append(f"{issue_date} >= :issue_from")
            params["issue_from"] = query.issue_date_from
        if query.issue_date_to:
            where.append(f"{issue_date} <= :issue_to")
            params["issue_to"] = query.issue_date_to
        # created_at is compared as the column type stores it (naive UTC on SQLite).
        uploaded = [(query.uploaded_from, ">="), (query.uploaded_to, "<=")]
        for i, (moment, op) in enumerate(uploaded):
            if moment is not None:
                where.append(f"d.created_at {op} :up{i}")
                params[f"up{i}"] = Document.__table__.c.created_at.type.process_bind_param(
                    moment, session.get_bind().dialect)

    @staticmethod
    def _page(session: Session, query: SearchQuery, parsed: ParsedQuery, rows: list[tuple[int, bool]],
              total: int) -> SearchPage:
        """The page of hits for ``rows`` (document id, matched exactly), in that order."""
        documents = {d.id: d for d in session.scalars(
            select(Document).where(Document.id.in_([r[0] for r in rows])).options(
                selectinload(Document.pages), selectinload(Document.dossier)))}
        hits = [make_hit(documents[i], parsed.terms, exact) for i, exact in rows]
        return SearchPage(hits, total, query.page, query.per_page)


class SqliteSearchIndex(SearchIndex):
    """FTS5 over ``search_documents`` (``search_fts``, kept in step by triggers), ranked by bm25."""

    SOURCE = "search_fts f"
    ID = "f.rowid"
    MATCHES = "f.search_fts MATCH :e"
    RANK = "bm25(search_fts, 2.0, 1.0, 2.0, 1.0, 0.0)"      # exact columns above folded; facets do not rank

    def _expression(self, clauses: list[Clause]) -> str:
        return " AND ".join(f'{c.column} : "{" ".join(c.tokens)}"' + ("*" if c.prefix else "") for c in clauses)

    def _but_not(self, expression: str, excluded: str) -> str:
        return f"({expression}) NOT ({excluded})"

    def _json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"


class PostgresSearchIndex(SearchIndex):
    """``tsvector`` search (config ``simple``) over the stored column ``tsv`` (migration 0003),
    which labels each column's words with a weight: A exact, B folded, C fields exact and facets,
    D fields folded; a clause matches only words of its label. Ranked by ``ts_rank``."""

    SOURCE = "search_documents f"
    ID = "f.document_id"
    MATCHES = "f.tsv @@ to_tsquery('simple'::regconfig, :e)"
    RANK = "-ts_rank('{0.1, 0.2, 0.5, 1.0}', f.tsv, to_tsquery('simple'::regconfig, :e))"
    LABELS = {"exact": "A", "folded": "B", "fields_exact": "C", "facets": "C", "fields_folded": "D"}

    def _expression(self, clauses: list[Clause]) -> str:
        def lexeme(token: str, label: str, prefix: bool) -> str:
            return "'" + token.replace("'", "''") + "':" + ("*" if prefix else "") + label
        return " & ".join("(" + " <-> ".join(lexeme(t, self.LABELS[c.column], c.prefix and i == len(c.tokens) - 1)
                                             for i, t in enumerate(c.tokens)) + ")" for c in clauses)

    def _but_not(self, expression: str, excluded: str) -> str:
        return f"({expression}) & !({excluded})"

    def _ranked(self, session: Session, base: str, params: dict[str, Any], exact: str, match: str | None,
                offset: int, limit: int) -> tuple[list[tuple[int, bool]], int]:
        """As :meth:`SearchIndex._ranked`, in one pass over the matches. A GIN index cannot check
        phrases or labels, so every count or window would check each candidate's ``tsv`` again:
        instead the ids of all matches come back once, newest first, with whether they match
        exactly, and only the windows are ranked."""
        flag = "TRUE" if match is None else "f.tsv @@ to_tsquery('simple'::regconfig, :x)"
        found = session.execute(text(f"SELECT {self.ID}, {flag} {base} ORDER BY {self.ID} DESC"),
                                {**params, "e": match or exact, "x": exact}).all()
        tiers = [[i for i, is_exact in found if is_exact], [i for i, is_exact in found if not is_exact]]
        rows: list[tuple[int, bool]] = []
        at = offset
        for number, (ids, expression) in enumerate(zip(tiers, (exact, match))):
            window, older = ids[:self.RANK_WINDOW], ids[self.RANK_WINDOW:]
            want = limit - len(rows)
            if want > 0 and at < len(window):
                rows += [(i, number == 0) for i in session.scalars(text(
                    f"SELECT {self.ID} FROM {self.SOURCE} WHERE {self.ID} = ANY(:ids) ORDER BY {self.RANK}, "
                    f"{self.ID} DESC LIMIT :limit OFFSET :offset"),
                    {"ids": window, "e": expression, "limit": want, "offset": at})]
            start = max(0, at - len(window))
            rows += [(i, number == 0) for i in older[start:start + limit - len(rows)]]
            at = max(0, at - len(ids))
        return rows, len(found)

    def _json_text(self, column: str, key: str) -> str:
        return f"({column} ->> '{key}')"


def sqlite_fts_statements(columns: tuple[str, ...]) -> list[str]:
    """The FTS5 table over ``columns`` of ``search_documents`` and the triggers that keep it in step
    (run by migrations 0002 and 0003 on SQLite; FTS5's own shadow tables have no model)."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({cols}, content='search_documents', "
        f"content_rowid='document_id', tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.document_id, {new}); END",
        f"CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.document_id, {old}); END",
        f"CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.document_id, {old}); "
        f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.document_id, {new}); END",
    ]


def postgres_tsv_statements() -> list[str]:
    """PostgreSQL's stored ``tsv`` column, each column's words labelled as
    ``PostgresSearchIndex.LABELS`` says, and its GIN index (migration 0003). Texts are cut at
    ``PG_TEXT_CHARS`` characters: a ``tsvector`` must stay under 1 MB."""
    columns: dict[str, list[str]] = {}
    for column, label in PostgresSearchIndex.LABELS.items():
        columns.setdefault(label, []).append(column)
    parts = []
    for label, names in sorted(columns.items()):
        joined = " || ' ' || ".join(names)
        parts.append(f"setweight(to_tsvector('simple'::regconfig, left({joined}, {PG_TEXT_CHARS})), '{label}')")
    # Storage MAIN keeps ``tsv`` in the row (the texts go to TOAST instead): matching reads it for
    # every candidate, and a TOAST fetch each time made searches about 40 % slower.
    return [f"ALTER TABLE search_documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({' || '.join(parts)}) STORED, "
            "ALTER COLUMN tsv SET STORAGE MAIN",
            "CREATE INDEX ix_search_documents_tsv ON search_documents USING gin (tsv)"]


def drop_sqlite_fts_statements() -> list[str]:
    """Undo :func:`sqlite_fts_statements`."""
    return [f"DROP TRIGGER IF EXISTS search_documents_{kind}" for kind in ("ai", "ad", "au")] \
        + [f"DROP TABLE IF EXISTS {FTS_TABLE}"]


def index_for(session_or_dialect: Session | str) -> SearchIndex:
    """The index of the session's engine: FTS5 on SQLite, ``tsvector`` on PostgreSQL."""
    name = session_or_dialect if isinstance(session_or_dialect, str) else session_or_dialect.get_bind().dialect.name
    return PostgresSearchIndex() if name == "postgresql" else SqliteSearchIndex()


def reindex_document(session: Session, document: Document | int) -> None:
    """(Re)index one document (an object, or a row id to read) inside the caller's transaction."""
    index = index_for(session)
    if isinstance(document, Document):
        session.flush()
        index.index_document(session, document)
    else:
        index.index_document_id(session, document)


# --- snippets -------------------------------------------------------------------

def highlight_spans(value: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where ``terms``' words occur in ``value`` (start, end in ``value``), found on the folded text;
    a word typed with marks must match those letters."""
    folded, index = fold_with_index(value)
    spans: list[tuple[int, int]] = []
    for term in terms:
        last = len(term.tokens) - 1
        for i, (token, folded_token, marked) in enumerate(zip(term.tokens, term.folded, term.marked)):
            tail = r"[^\W_]*" if term.prefix and i == last else ""
            pattern = re.compile(r"(?<![^\W_])" + re.escape(folded_token) + tail + r"(?![^\W_])")
            for m in pattern.finditer(folded):
                start, end = index[m.start()], index[m.end() - 1] + 1
                while end < len(value) and unicodedata.combining(value[end]):
                    end += 1
                original = unicodedata.normalize("NFC", value[start:end]).lower()
                if marked and not (original.startswith(token) if tail else original == token):
                    continue
                spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(value: str, terms: list[Term], width: int = SNIPPET_CHARS) -> tuple[str, int]:
    """An HTML snippet of ``value`` around its first match, matches in ``<mark>``; and the match count."""
    spans = highlight_spans(value, terms)
    if spans:
        start = max(0, spans[0][0] - width // 4)
        start = value.rfind(" ", 0, start) + 1 if start else 0
    else:
        start = 0
    end = min(len(value), start + width)
    if end < len(value):
        cut = value.rfind(" ", start, end)
        if cut > (spans[0][1] if spans else start):
            end = cut
    out, at = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out += [html.escape(value[at:s]), MARK_OPEN, html.escape(value[s:e]), MARK_CLOSE]
        at = e
    out.append(html.escape(value[at:end]))
    text_ = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + text_ + ("…" if end < len(value) else ""), len(spans)


def make_hit(document: Document, terms: list[Term], exact: bool) -> SearchHit:
    """The hit for ``document``: the snippet of the page with most matches, else of its fields."""
    best: tuple[int, int | None, str] = (0, None, "")
    for page in document.pages:
        snippet, count = highlight(page.text or "", terms)
        if count > best[0] or (not best[2] and snippet):
            best = (count, page.index, snippet)
    if best[0] == 0:
        meta = "; ".join(f"{k}: {v}" for k, v in (document.fields or {}).items())
        if document.dossier is not None:
            meta = "; ".join(filter(None, (document.dossier.code, document.dossier.applicant_name, meta)))
        snippet, count = highlight(meta, terms)
        if count or not best[2]:
            best = (count, None, snippet)
    return SearchHit(document.id, document.dossier.code if document.dossier else None, document.type,
                     document.file_name, best[1], best[2], exact)
