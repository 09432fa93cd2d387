"""Middleware of the learner site."""

from __future__ import annotations

import threading

from django.contrib.auth import SESSION_KEY

from leergang import generations
from leergang.menu import ACCESS_GENERATION

from . import progress_cache

#: How many host names (with port) a process remembers the Wagtail site of.
MAX_REMEMBERED_HOSTS = 16


class SiteFromStructureMiddleware:
    """Hands a request the Wagtail ``Site`` of its host and the site root paths as an earlier
    request in this process found them, while the site generation has not moved on (a saved
    site, page or view restriction moves it: :mod:`modules.signal_handlers`). Without this,
    every page asks the database for its site and the home page, and the cache for the root
    paths, before routing.

    It also reads every generation the page will need (the site's, the menu's and the person's)
    in one cache round trip (:func:`leergang.generations.current` keeps them for the request).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._remembered = {}  # (host, port) → (site generation, Site, site root paths)
        self._lock = threading.Lock()

    def __call__(self, request):
        keys = [progress_cache.SITE_GENERATION, ACCESS_GENERATION]
        user_id = request.session.get(SESSION_KEY)
        if user_id is not None:
            keys.append(progress_cache.person_generation_key(user_id))
        site_generation = generations.current(*keys)[0]

        host = (request._get_raw_host(), request.get_port())
        remembered = self._remembered.get(host)
        if remembered is not None and remembered[0] == site_generation:
            _generation, request._wagtail_site, root_paths = remembered
            if root_paths is not None:
                request._wagtail_cached_site_root_paths = root_paths
            return self.get_response(request)

        response = self.get_response(request)
        site = getattr(request, "_wagtail_site", None)
        if site is not None:
            with self._lock:
                if host not in self._remembered and len(self._remembered) >= MAX_REMEMBERED_HOSTS:
                    self._remembered.clear()
                self._remembered[host] = (
                    site_generation,
                    site,
                    getattr(request, "_wagtail_cached_site_root_paths", None),
                )
        return response
