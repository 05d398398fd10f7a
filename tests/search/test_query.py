"""The query parser: what it accepts, what it rejects, and that it never fails otherwise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safe_archive.core.errors import QueryError
from safe_archive.core.query.query import FIELDS, Filter, Term, parse


def test_words_phrases_or_not_prefix() -> None:
    q = parse('rape OR assault "was thirteen" -joke teach*')
    assert q.groups == [[Term(("rape",)), Term(("assault",))], [Term(("was", "thirteen"))], [Term(("teach",), True)]]
    assert q.excluded == [Term(("joke",))]
    assert q.fts_expression() == '("rape" OR "assault") AND "was thirteen" AND "teach"*'


def test_filters_are_normalised() -> None:
    q = parse('author:@Some_One platform:Twitter lang:EN before:2021-05 after:2020 has:person '
              'status:Unreviewed label:Credit-Me tag:School collection:"my set" -tag:old')
    assert q.filters == [
        Filter("author", "Some_One"), Filter("platform", "twitter"), Filter("lang", "en"),
        Filter("before", "2021-05"), Filter("after", "2020"), Filter("has", "PERSON"),
        Filter("status", "unreviewed"), Filter("label", "credit-me"), Filter("tag", "School"),
        Filter("collection", "my set"), Filter("tag", "old", negated=True),
    ]
    assert not q.has_text


def test_punctuation_words_become_phrases() -> None:
    assert parse("don't-stop").groups == [[Term(("don", "t", "stop"))]]
    assert parse("10:30").groups == [[Term(("10", "30"))]]  # digits before a colon are not a filter


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-joke", "not excluded"),
        ('"unclosed', "not closed"),
        ("foo:bar", "that one is unknown"),
        ("tag:", "needs a value"),
        ("before:2021-13", "not a real date"),
        ("after:yesterday", "YYYY"),
        ("has:12", "entity type"),
        ("status:maybe", "status: must be one of"),
        ("label:famous", "label: must be one of"),
        ("OR rain", "OR must stand between"),
        ("rain OR", "OR must be followed"),
        ("rain OR tag:x", "OR can only join"),
        ("x" * 3000, "too long"),
        ("a\x00b", "NUL"),
        (" ".join(["w"] * 70), "too many words"),
    ],
)
def test_bad_queries_say_what_is_wrong(query: str, says: str) -> None:
    with pytest.raises(QueryError) as err:
        parse(query)
    assert says in str(err.value)


def test_errors_do_not_echo_the_query() -> None:
    with pytest.raises(QueryError) as err:
        parse("before:Quillfeather")
    assert "Quillfeather" not in str(err.value)


_pieces = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"', "OR", "-", "*", ":", "(", ")", "NEAR", "AND", "NOT", "^", "{", "}", "@", "'"]),
    st.builds(lambda f, v: f"{f}:{v}", st.sampled_from(FIELDS + ("foo",)), st.text(max_size=10)),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_pieces, max_size=10).map(" ".join))
def test_parser_raises_nothing_but_query_error(query: str) -> None:
    try:
        parsed = parse(query)
    except QueryError:
        return
    if parsed.has_text:
        assert parsed.fts_expression()


def test_a_quoted_word_with_a_colon_is_searched_not_a_filter() -> None:
    assert parse('"re: thread"').groups == [[Term(("re", "thread"))]]
    with pytest.raises(QueryError) as err:
        parse("quillfeather:yes")
    assert "quillfeather" not in str(err.value)
