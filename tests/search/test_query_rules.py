"""The query and snippet rules, for any text: nothing typed is read as FTS5's syntax, and a
snippet's only markup is the marks of the words found, balanced."""

import re

from hypothesis import given
from hypothesis import strategies as st

from devolution.search.rules.query import END, START, fts5_match, highlighted, plain
from devolution.search.rules.scope import PUBLIC, Scope, condition

TEXT = st.text(alphabet=st.sampled_from(list("ab <>&\"'*()-:^" + START + END)), max_size=60)


@given(TEXT)
def test_a_snippets_only_markup_is_balanced_marks(snippet):
    out = highlighted(snippet)
    bare = out.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare and '"' not in bare
    assert out.count("<mark>") == out.count("</mark>")
    assert re.fullmatch(r"([^<]|<mark>[^<]*</mark>)*", out)
    assert START not in plain(snippet) and END not in plain(snippet)


@given(st.text(max_size=80))
def test_every_term_of_an_fts5_query_is_a_quoted_word(words):
    match = fts5_match(words)
    assert all(re.fullmatch(r'"\w+"', term) for term in match.split()) if match else True


def test_a_scope_is_a_condition_over_ids_only():
    assert condition(PUBLIC) == ("e.public", [])
    assert condition(Scope(everything=True)) == ("1 = 1", [])
    where, params = condition(Scope(staff=True, boards=frozenset({3})))
    assert where == "e.public OR e.staff OR e.reader_board_id IN (%s)"
    assert params == [3]


def test_a_scopes_bids_are_the_bids_rules_query_with_its_parameters_bound():
    where, params = condition(Scope(bids=("SELECT id AS bid_id FROM b WHERE s = %s", ("x",))))
    assert where == (
        "e.public OR (e.kind = 'bid' AND e.ref IN "
        "(SELECT 'bid:' || CAST(v.bid_id AS VARCHAR(20)) FROM "
        "(SELECT id AS bid_id FROM b WHERE s = %s) v))"
    )
    assert params == ["x"]
