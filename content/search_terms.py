"""What a person types into a search box, made safe for every search backend.

The database backends hand each word to the database's full-text syntax (SQLite FTS5 quotes
it with ``"``; PostgreSQL parses it as a tsquery), so stray quotes or operators in what people
type must not reach them as syntax. Letters, digits, hyphens and apostrophes stay; everything
else separates words.
"""

import re

MAX_QUERY_LENGTH = 200

_NOT_A_WORD = re.compile(r"[^\w\s'-]+")


def clean_search_query(raw: str, max_length: int = MAX_QUERY_LENGTH) -> str:
    """``raw`` with its whitespace collapsed and search syntax removed; '' when nothing is left."""
    text = _NOT_A_WORD.sub(" ", raw or "").replace("_", " ")
    words = [word.strip("'-") for word in text.split()]
    return " ".join(word for word in words if word)[:max_length].strip()
