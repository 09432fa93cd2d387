"""The project's search backend: Wagtail's database backend, plus prefix search.

Configured in ``WAGTAILSEARCH_BACKENDS`` instead of ``wagtail.search.backends.database``. It is
that backend (SQLite FTS5 or PostgreSQL, chosen by the database), with one addition: it
understands :class:`content.search.PrefixText`, where every term must match the start of a word.
Every other query behaves exactly as before. On a database without full-text support Wagtail's
fallback backend is used as it is; it matches substrings, which covers prefixes too.
"""

from functools import cache, reduce

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend

from .search import PrefixText


@cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )
    from modelsearch.query import Phrase, PlainText

    class QuoteSafeMixin:
        # FTS5 reads a double quote inside a term or phrase as syntax ('"' alone is an
        # "unterminated string", a database error). Doubled, it is a literal quote, which
        # the tokenizer drops: 'abc"' finds "abc", and '"' alone finds nothing.
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText) and '"' in query.query_string:
                query = PlainText(query.query_string.replace('"', '""'), operator=query.operator)
            if isinstance(query, Phrase):
                return SearchQueryExpression(
                    '"{}"'.format(query.query_string.replace('"', '""')), config=config
                )
            return super().build_search_query_content(query, config=config)

    class SQLitePrefixQueryCompiler(QuoteSafeMixin, SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PrefixText) and query.terms:
                # FTS5: "schuld"* AND "opvoed"* (quoted, so no input is read as syntax)
                combine = (lambda a, b: a & b) if query.operator == "and" else (lambda a, b: a | b)
                lexemes = reduce(combine, [Lexeme(term, prefix=True) for term in query.terms])
                return SearchQueryExpression(lexemes, config=config)
            return super().build_search_query_content(query, config=config)

    class SQLiteQuoteSafeAutocompleteCompiler(QuoteSafeMixin, SQLiteAutocompleteQueryCompiler):
        pass

    class SQLitePrefixSearchBackend(SQLiteSearchBackend):
        query_compiler_class = SQLitePrefixQueryCompiler
        autocomplete_query_compiler_class = SQLiteQuoteSafeAutocompleteCompiler

    return SQLitePrefixSearchBackend


@cache
def _postgres_backend_class():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from modelsearch.backends.database.postgres.query import Lexeme

    class PostgresPrefixQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PrefixText) and query.terms and not invert:
                # The index holds stemmed words (SEARCH_CONFIG, e.g. "dutch"). A term is looked
                # up both stemmed the same way ("puberpraat" → 'puberprat':*) and as typed
                # ("slaap" → 'slaap':*, where the stemmer would make 'slap').
                def either(term):
                    return SearchQuery(
                        Lexeme(term, prefix=True), search_type="raw", config=config
                    ) | SearchQuery(Lexeme(term, prefix=True), search_type="raw", config="simple")

                combine = (lambda a, b: a & b) if query.operator == "and" else (lambda a, b: a | b)
                return reduce(combine, [either(term) for term in query.terms])
            return super().build_tsquery_content(query, config=config, invert=invert)

    class PostgresPrefixSearchBackend(PostgresSearchBackend):
        query_compiler_class = PostgresPrefixQueryCompiler

    return PostgresPrefixSearchBackend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)  # picks the implementation for the database
    for vendor, prefix_class in [("sqlite", _sqlite_backend_class), ("postgresql", _postgres_backend_class)]:
        if connection.vendor == vendor and type(backend) is prefix_class().__base__:
            return prefix_class()(params)
    return backend
