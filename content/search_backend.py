"""The project's search backend: Wagtail's database backend, plus prefix search.

Configured in ``WAGTAILSEARCH_BACKENDS`` instead of ``wagtail.search.backends.database``. It is
that backend (SQLite FTS5 or PostgreSQL, chosen by the database), with one addition: it
understands :class:`content.search.PrefixText`, where every term must match the start of a word.
Every other query behaves exactly as before. On a database without full-text support Wagtail's
fallback backend is used as it is; it matches substrings, which covers prefixes too.

Its search results can also read one page together with the number of results in all
(:meth:`CountingResultsMixin.page_with_total`): the database finds and ranks every match for
any page anyway, so a window count in the page's query replaces a second query that would find
them all again. :class:`content.search.SearchPaginator` uses it.
"""

from functools import cache, reduce

from django.db import connection
from django.db.models import Count, Window
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from modelsearch.index import RelatedFields, SearchField, get_indexed_models

from .search import PrefixText

#: The annotation that carries the number of all results on every row of a page.
TOTAL = "_search_total"


class CountingResultsMixin:
    """For the search results of the database backends: one page and the total in one query."""

    def _search_queryset(self):
        """The queryset of all results, best first (not sliced)."""
        raise NotImplementedError

    def page_with_total(self, start, stop):
        """The results ``start`` to ``stop`` (a list) and how many results there are in all, read
        with one query. The total is None when the page is past the last result (the query
        returned no row to read it from); asking :meth:`count` then costs a count query."""
        if self._count_cache is not None:  # counted already: a plain page
            return list(self[start:stop]), self._count_cache
        if self.start or self.stop is not None:
            raise ValueError("page_with_total() reads a page of all results, not of a slice of them")
        rows = list(self._search_queryset().annotate(**{TOTAL: Window(Count("*"))})[start:stop])
        if rows:
            self._count_cache = getattr(rows[0], TOTAL)
        elif not start:
            self._count_cache = 0
        return rows, self._count_cache


@cache
def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
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

    class SQLiteCountingResults(CountingResultsMixin, SQLiteSearchResults):
        def _search_queryset(self):
            config = self.query_compiler.get_config(self.backend)
            return self.query_compiler.search(config, None, None, score_field=self._score_field)

    class SQLitePrefixSearchBackend(SQLiteSearchBackend):
        query_compiler_class = SQLitePrefixQueryCompiler
        autocomplete_query_compiler_class = SQLiteQuoteSafeAutocompleteCompiler
        results_class = SQLiteCountingResults

    return SQLitePrefixSearchBackend


@cache
def _indexes_no_title(model):
    """Whether no object of ``model`` (or of an indexed model based on it) has a title in the
    search index: Wagtail's index puts the search fields called "title" there, also those of
    related objects."""

    def has_title(fields):
        return any(
            (isinstance(field, SearchField) and field.field_name == "title")
            or (isinstance(field, RelatedFields) and has_title(field.fields))
            for field in fields
        )

    models = [model] + [other for other in get_indexed_models() if issubclass(other, model)]
    return not any(has_title(indexed.get_search_fields()) for indexed in models)


@cache
def _postgres_backend_class():
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import (
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )
    from modelsearch.backends.database.postgres.query import Lexeme
    from modelsearch.query import Fuzzy, MatchAll, Not

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

        def get_index_vectors(self, search_query):
            # Wagtail matches "title || body" and adds the rank of both. A model that indexes no
            # field called "title" (the sociale kaart's entries) has an empty title in every
            # index entry, which matches nothing and ranks 0: matching and ranking its body
            # alone gives the same results in the same order, and the match can use the GIN
            # index on body (the concatenation is built for every row and uses no index).
            vectors = super().get_index_vectors(search_query)
            if _indexes_no_title(self.queryset.model):
                return [(vector, boost) for vector, boost in vectors if vector.name != "index_entries__title"]
            return vectors

        def search(self, config, start, stop, score_field=None, backend=None):
            if isinstance(self.query, (MatchAll, Not, Fuzzy)):
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            # As Wagtail's, but the matched document is only a condition, not a column of every
            # row read (a tsvector that nobody reads).
            search_query = self.build_tsquery(self.query, config=config)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            document = vectors[0][0]
            for vector, _boost in vectors[1:]:
                document = document._combine(vector, "||", False)
            queryset = self.queryset.alias(_vector_=document).filter(_vector_=search_query)
            return self._apply_ordering_and_scoring(queryset, rank_expression, start, stop, score_field)

    class PostgresCountingResults(CountingResultsMixin, PostgresSearchResults):
        def _search_queryset(self):
            config = self.query_compiler.get_config(self.backend)
            return self.query_compiler.search(
                config, None, None, score_field=self._score_field, backend=self.backend
            )

    class PostgresPrefixSearchBackend(PostgresSearchBackend):
        query_compiler_class = PostgresPrefixQueryCompiler
        results_class = PostgresCountingResults

    return PostgresPrefixSearchBackend


def SearchBackend(params):  # the name Wagtail looks up in a backend module
    backend = DatabaseSearchBackend(params)  # picks the implementation for the database
    for vendor, prefix_class in [("sqlite", _sqlite_backend_class), ("postgresql", _postgres_backend_class)]:
        if connection.vendor == vendor and type(backend) is prefix_class().__base__:
            return prefix_class()(params)
    return backend
