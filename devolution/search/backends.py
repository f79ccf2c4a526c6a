"""The database's own full-text search behind one interface (ADR 23): SQLite FTS5 with the
porter tokenizer in the embedded default, PostgreSQL full-text search (a tsvector column,
a GIN index, websearch_to_tsquery, ts_rank and ts_headline, 'english' config) in
production. Both stem English words, rank, and mark the words found in a snippet with
rules.query's markers, which the page turns into <mark> after escaping everything else.

A backend is asked for the entries matching words, among those a `where` (SQL over
search_entry, with its parameters: who may see it, the filters) lets through."""

from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from .rules.query import END, START, fts5_match

TABLE = "search_entry"
FTS = "search_entry_fts"
SNIPPET_WORDS = 24
# The most matches a search reads (ADR 23): the newest this many of those the reader may
# see are ranked and counted, so that a search costs the same at England's size as at
# London's whatever its words match (QUALITY P3). Past it the page says "more than" and
# asks for more words or a filter; ranking tens of thousands of matches to show twenty
# would grow with the data.
CANDIDATES = 100


@dataclass(frozen=True)
class Hit:
    id: int
    rank: float
    snippet: str  # plain text, the words found between START and END


class Backend(Protocol):
    def schema(self) -> list[str]: ...
    def write(self, ids: list[int]) -> None: ...
    def forget(self, ids: list[int]) -> None: ...
    def search(
        self, words: str, where: str, params: list[Any], limit: int, offset: int
    ) -> list[Hit]: ...
    def count(self, words: str, where: str, params: list[Any]) -> int:
        """How many entries match, up to CANDIDATES + 1 (more than CANDIDATES)."""
        ...


class SqliteBackend:
    """FTS5, a contentless table keyed by the entry's id (its rowid): bm25 ranks, the title
    weighing ten times the body, and snippet() cuts the words around those found."""

    def schema(self) -> list[str]:
        return [f"CREATE VIRTUAL TABLE {FTS} USING fts5(title, body, tokenize='porter unicode61')"]

    def write(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)  # noqa: S608
                cursor.execute(
                    f"INSERT INTO {FTS} (rowid, title, body) SELECT id, title, body "  # noqa: S608
                    f"FROM {TABLE} WHERE id IN ({marks})",
                    chunk,
                )

    def forget(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def _from(self, where: str) -> str:
        return f"FROM {FTS} JOIN {TABLE} e ON e.id = {FTS}.rowid WHERE {FTS} MATCH %s AND ({where})"

    def _candidates(self, where: str) -> str:
        """The newest CANDIDATES matches the reader may see with every word in the title,
        and the newest CANDIDATES with the words anywhere (FTS5 walks its matches in
        rowid order, so each stops at the last one needed), ranked: a match in the title
        first, then the newer. So what the words name (an organisation, a board) is found
        however many newer entries mention them. Not bm25: its weight of each word is how
        many entries of the whole index hold it, which FTS5 counts over every match of
        the word, however few rows are asked for (QUALITY P3)."""
        return (
            "SELECT id, MIN(rank) AS rank FROM ("  # noqa: S608 (names and numbers of ours)
            f"SELECT * FROM (SELECT e.id AS id, 0 AS rank {self._from(where)} "
            f"ORDER BY {FTS}.rowid DESC LIMIT {CANDIDATES}) UNION ALL "
            f"SELECT * FROM (SELECT e.id AS id, 1 AS rank {self._from(where)} "
            f"ORDER BY {FTS}.rowid DESC LIMIT {CANDIDATES})"
            f") GROUP BY id ORDER BY rank, id DESC LIMIT {CANDIDATES}"
        )

    def search(
        self, words: str, where: str, params: list[Any], limit: int, offset: int
    ) -> list[Hit]:
        """The page of the candidates, best first; snippet() cuts the page's rows only."""
        match = fts5_match(words)
        if not match:
            return []
        marks = [START, END, START, END]
        sql = (
            f"WITH page AS (SELECT id, rank FROM ({self._candidates(where)}) "  # noqa: S608
            "ORDER BY rank, id DESC LIMIT %s OFFSET %s) "
            f"SELECT page.id, page.rank, snippet({FTS}, 1, %s, %s, '…', {SNIPPET_WORDS}), "
            f"highlight({FTS}, 0, %s, %s) FROM {FTS} JOIN page ON page.id = {FTS}.rowid "
            f"WHERE {FTS} MATCH %s ORDER BY page.rank, page.id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [f"title : ({match})", *params, match, *params, limit, offset, *marks, match],
            )
            rows = cursor.fetchall()
        # A word found only in the title: the title, marked, is the snippet.
        return [
            Hit(id=i, rank=-rank, snippet=body if START in body else title or body)
            for i, rank, body, title in rows
        ]

    def count(self, words: str, where: str, params: list[Any]) -> int:
        match = fts5_match(words)
        if not match:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {self._from(where)} "  # noqa: S608
                f"LIMIT {CANDIDATES + 1})",
                [match, *params],
            )
            return int(cursor.fetchone()[0])


class PostgresBackend:
    """A tsvector column (title weighted A, body B, 'english' config) with a GIN index;
    websearch_to_tsquery reads what a person types (quotes, "or", a minus) without ever
    failing on it; ts_rank orders; ts_headline cuts the snippet, for the page's rows only."""

    QUERY = "websearch_to_tsquery('english', %s)"

    def schema(self) -> list[str]:
        return [
            f"ALTER TABLE {TABLE} ADD COLUMN document tsvector",
            f"CREATE INDEX search_entry_document ON {TABLE} USING gin (document)",
        ]

    def write(self, ids: list[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {TABLE} SET document = "  # noqa: S608
                "setweight(to_tsvector('english', title), 'A') || "
                "setweight(to_tsvector('english', left(body, 500000)), 'B') "
                "WHERE id = ANY(%s)",
                [ids],
            )

    def forget(self, ids: list[int]) -> None:
        """The row goes with its entry: nothing else to forget."""

    def search(
        self, words: str, where: str, params: list[Any], limit: int, offset: int
    ) -> list[Hit]:
        options = (
            f"StartSel={START}, StopSel={END}, MaxWords={SNIPPET_WORDS}, MinWords=8, "
            "MaxFragments=2, FragmentDelimiter=' … '"
        )
        sql = (
            "SELECT page.id, page.rank, "  # noqa: S608
            "ts_headline('english', page.title || E'\\n' || left(page.body, 100000), "
            f"page.q, %s) FROM (SELECT c.id, c.title, c.body, c.q, ts_rank(c.document, c.q) "
            f"AS rank FROM ({self._candidates(where)}) c "
            "ORDER BY rank DESC, c.id LIMIT %s OFFSET %s) page ORDER BY page.rank DESC, page.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [options, words, *params, words, *params, limit, offset])
            return [Hit(id=i, rank=float(r), snippet=s) for i, r, s in cursor.fetchall()]

    def _candidates(self, where: str) -> str:
        """The newest CANDIDATES matches the reader may see with every word in the title,
        and the newest CANDIDATES with the words anywhere (as SqliteBackend's); ts_rank
        reads each row's own vector, so ranking them costs what they are, not the index."""
        arm = (
            f"SELECT e.id, e.title, e.body, e.document, q, {{arm}} AS arm "  # noqa: S608
            f"FROM {TABLE} e, {self.QUERY} q WHERE e.document @@ q AND ({where}) "
            f"{{title}}ORDER BY e.id DESC LIMIT {CANDIDATES}"
        )
        in_title = "AND to_tsvector('english', e.title) @@ q "
        return (
            "SELECT * FROM (SELECT DISTINCT ON (id) * FROM "  # noqa: S608
            f"(({arm.format(arm=0, title=in_title)}) UNION ALL ({arm.format(arm=1, title='')})) "
            f"found ORDER BY id, arm) best ORDER BY arm, id DESC LIMIT {CANDIDATES}"
        )

    def count(self, words: str, where: str, params: list[Any]) -> int:
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} e, {self.QUERY} q "  # noqa: S608
            f"WHERE e.document @@ q AND ({where}) LIMIT {CANDIDATES + 1}) matches"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [words, *params])
            return int(cursor.fetchone()[0])


def backend() -> Backend:
    """The backend of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SqliteBackend()
