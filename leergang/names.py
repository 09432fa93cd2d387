"""People's names in Dutch alphabetical order.

In the Netherlands a surname is sorted without its tussenvoegsel: "Sanne de Vries" comes under
V, "Ilse van Dam" under D, "Kees van der Berg" under B. The tussenvoegsel only decides between
otherwise equal names. Accents do not change the letter a name is sorted under ("Özdemir" next
to "Ozturk").

Pure functions without database access, so a list that is already fetched is sorted in Python
and the number of queries does not change.
"""

from __future__ import annotations

import unicodedata

# Words that begin a Dutch (or, in Dutch use, a foreign) surname and are left out when sorting.
# They combine: "van der", "van 't", "in 't", "op de", "uit den", "de la" ...
TUSSENVOEGSELS = frozenset(
    """
    aan af auf bij d' da dal de del della den der des di do dos du het in l' la le les op over
    's 't te ten ter tho thoe uit uijt van von vom voor zu zum zur
    """.split()
)


def _fold(text: str) -> str:
    """Case and accents folded: "Çelik" → "celik"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def split_surname(last_name: str) -> tuple[str, str]:
    """(tussenvoegsel, surname proper): "van der Berg" → ("van der", "Berg"). A name that
    consists only of such words ("Van", "Ter") is a surname of its own."""
    words = (last_name or "").split()
    index = 0
    while index < len(words) - 1 and _fold(words[index]).replace("’", "'") in TUSSENVOEGSELS:
        index += 1
    return " ".join(words[:index]), " ".join(words[index:])


def surname_sort_key(first_name: str, last_name: str, username: str = "") -> tuple:
    """Sort key: surname without tussenvoegsel, then first name, then the tussenvoegsel, then
    the username (so the order is total and stable). People without a surname sort by their
    first name, or username, among the others."""
    tussenvoegsel, surname = split_surname(last_name)
    primary = _fold(surname) or _fold(first_name) or _fold(username)
    return (primary, _fold(first_name), _fold(tussenvoegsel), _fold(username))


def user_sort_key(user) -> tuple:
    return surname_sort_key(user.first_name, user.last_name, user.get_username())
