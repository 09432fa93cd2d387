"""Search helpers shared by the leerstof search and the sociale kaart.

What a person types is first made safe (:func:`clean_search_query`: one maximum length, search
syntax removed), then made forgiving: words match as prefixes, word forms share a stem.

A colleague types "schuld" and expects "Schuldhulpverlening"; types "mantelzorger" and expects
the entries about "mantelzorg". Two small, pure steps make that work on every database:

1. :func:`prefix_terms` turns the query into search terms: it drops a few very common Dutch
   words (when something else is left) and strips one common Dutch ending ("mantelzorger" →
   "mantelzorg", "opvoeding" → "opvoed", "schulden" → "schuld"). No dictionary, no database.
2. :class:`PrefixText` asks the search backend to match every term as the *start* of a word
   (``schuld*``), all terms required (or any, see ``operator``), best match first.
   ``content.search_backend`` implements it for SQLite (FTS5) and PostgreSQL; any other
   backend treats it as plain text of the words as typed, so nothing breaks when the backend
   is swapped.
"""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from modelsearch.query import PlainText

#: Endings stripped from a query word, longest first; only one is stripped per word.
SUFFIXES = ("heden", "ingen", "heid", "ing", "ers", "er", "en", "es", "s", "e")
#: What must be left of a word after stripping an ending (longer for -er/-ers: "moeder" stays).
MIN_STEM = 4
MIN_STEM_AFTER_ER = 5

#: Words too common to narrow a search; dropped unless nothing else is left.
STOP_WORDS = frozenset(
    """aan af al als bij dat de die dit door een en er het hun in is je jij kan me met mijn na
    naar niet of om onder op over te tot u uit van voor want wat wie zich zij zijn ze zo""".split()
)

#: The one maximum length of a search query, for every search box.
MAX_QUERY_LENGTH = 200

#: A word: letters and digits. In what people type, words may be joined by a hyphen or an
#: apostrophe ("ex-partner", "'s-Gravenhage"); for matching, those join marks separate words.
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
WRITTEN_WORD_RE = re.compile(r"[^\W_]+(?:['-][^\W_]+)*", re.UNICODE)


def clean_search_query(raw: str, max_length: int = MAX_QUERY_LENGTH) -> str:
    """``raw`` made safe for every search backend: its words (see :data:`WRITTEN_WORD_RE`)
    separated by single spaces, at most ``max_length`` characters; '' when nothing is left.

    The database backends hand each word to the database's full-text syntax (SQLite FTS5
    quotes it with ``"``; PostgreSQL parses it as a tsquery), so stray quotes or operators in
    what people type must never reach them as syntax."""
    return " ".join(WRITTEN_WORD_RE.findall(raw or ""))[:max_length].strip(" '-")


def stem(word):
    """One word, lower-cased, with one common Dutch ending stripped (see :data:`SUFFIXES`).
    Pure and cheap; a prefix match on the result also finds the longer forms."""
    word = word.lower()
    for suffix in SUFFIXES:
        if word.endswith(suffix):
            minimum = MIN_STEM_AFTER_ER if suffix in ("er", "ers") else MIN_STEM
            if len(word) - len(suffix) >= minimum:
                return word[: -len(suffix)]
    return word


def words(text):
    """The words of a query (letters and digits; hyphens and apostrophes separate words)."""
    return WORD_RE.findall(text or "")


def prefix_terms(text):
    """The search terms for ``text``: stemmed words, without duplicates, single letters and
    common words (unless nothing else is left)."""
    found = [word.lower() for word in words(text)]
    meaningful = [word for word in found if len(word) > 1 and word not in STOP_WORDS] or found
    terms = []
    for word in meaningful:
        term = stem(word)
        if term not in terms:
            terms.append(term)
    return terms


class PrefixText(PlainText):
    """Every term matches the start of a word in the entry; with ``operator="and"`` (default)
    all terms must match, with ``"or"`` at least one. Ranked by relevance.

    ``terms`` are what the prefix-aware backends search for; ``query_string`` keeps the words
    as typed, for backends that only know :class:`PlainText`."""

    def __init__(self, text, operator="and"):
        super().__init__(" ".join(words(text)), operator=operator)
        self.terms = prefix_terms(text)

    def __repr__(self):
        return f"<PrefixText {self.terms!r} operator={self.operator!r}>"


class SearchPaginator(Paginator):
    """Django's paginator that reads a page of search results *before* counting them: the
    database backends (``content.search_backend``) count all results in the page's own query,
    so there is no count query. Only a page past the last one needs one: it raises
    :class:`~django.core.paginator.EmptyPage` as Django's paginator does, and ``num_pages``
    then counts. Anything else (a queryset, another backend's results) is paginated as by
    Django's paginator."""

    def page(self, number):
        if not hasattr(self.object_list, "page_with_total") or self.orphans:
            return super().page(number)
        number = self.validate_number_low(number)
        bottom = (number - 1) * self.per_page
        entries, total = self.object_list.page_with_total(bottom, bottom + self.per_page)
        if total is None or (not entries and not (number == 1 and self.allow_empty_first_page)):
            raise EmptyPage(self.error_messages["no_results"])
        self.__dict__["count"] = total  # the cached property, known without a query
        return self._get_page(entries, number, self)

    def validate_number_low(self, number):
        """Django's checks of a page number, except the one against the last page (not known
        before the page is read)."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number
