"""What the progress pages keep in Django's cache (local memory in development and tests, Redis
in production: ``leergang/settings/production.py``), and when it goes stale.

Two generations (counters kept in the cache) make every key: a shared **site** generation for
what is the same for everyone (the published modules and their steps, module changes, learning
paths), and one **person** generation per user for what is theirs (step and module completions,
certificates, attempts, profile, accreditation). Nothing is ever deleted: a change moves the
generation on, so the next read builds under a new key and old keys expire on their own.

- The site generation moves on when a page is saved, published, unpublished, moved or deleted,
  a view restriction changes, a module change, learning path or team is saved or deleted, or a
  path's teams change (the signal handlers in :mod:`modules.signal_handlers`).
- A person's generation moves on when one of their step completions, module completions,
  certificates, accreditation entries or their staff profile is saved or deleted, on erasure, and
  when an app above this one tells it (``progress_changed``; the quizzes do for every attempt).

How generations move on and what is never stored: :mod:`leergang.generations`.
"""

from __future__ import annotations

from leergang import generations as gens

#: How long a built structure or a person's facts stay when nothing changes (a day).
TIMEOUT = 60 * 60 * 24
SITE_GENERATION = "progress:site-gen"


#: The person generation is :mod:`leergang.generations`' (their account moves it on, too).
person_generation_key = gens.person_key


def generations(user_id=None) -> tuple[int, int | None]:
    """(site generation, person generation of ``user_id`` or None): one cache round trip."""
    if user_id is None:
        return gens.current(SITE_GENERATION)[0], None
    site, person = gens.current(SITE_GENERATION, person_generation_key(user_id))
    return site, person


def site_changed():
    """Published content, module changes, paths or teams changed: everyone's pages rebuild."""
    gens.bump(SITE_GENERATION)


def person_changed(user_id):
    """Something that makes up ``user_id``'s progress changed: their pages rebuild."""
    gens.person_changed(user_id)


def structure_key(site_generation) -> str:
    return f"progress:structure:{site_generation}"


def facts_key(user_id, person_generation, site_generation) -> str:
    return f"progress:facts:{user_id}:{person_generation}:{site_generation}"


def get(key, *, family=None):
    """From this process when it has it (:data:`leergang.cache.kept`), else from the cache."""
    return gens.get(key, family=family)


def put(key, value, *, family=None):
    """Keep ``value`` for :data:`TIMEOUT`, unless it was read inside a transaction."""
    gens.put(key, value, TIMEOUT, family=family)


#: The structure of the current site generation is kept per process; older ones are dropped.
STRUCTURE = "structure"
