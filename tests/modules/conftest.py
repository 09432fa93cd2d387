"""Fixtures of the cache tests (test_caching, test_page_cache): the cache backend each test runs
against (local memory, and a real Redis), and a small module with lessons, a quiz and two people."""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache

from leergang.cache import kept

from .factories import LessonPageFactory, module_with_steps

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cache-tests"}}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway redis-server (no persistence) on a free loopback port, for the session."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (scripts/ensure-bench-tools.sh installs it as root)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{message}: under CI the Redis cache must be tested", pytrace=False)
        pytest.skip(message)
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        import redis

        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail("redis-server did not answer within five seconds", pytrace=False)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """The cache the test runs against, as the settings of that environment configure it."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "leergang.cache.RedisCache",
                "LOCATION": request.getfixturevalue("redis_url"),
                "KEY_PREFIX": "leergang-test",
                "TIMEOUT": 60,
            }
        }
    else:
        settings.CACHES = LOCMEM
    cache.clear()
    kept.clear()
    yield request.param
    cache.clear()
    kept.clear()


@pytest.fixture
def cache_world(site_tree, make_user):
    module, steps = module_with_steps(slug="giz", lessons=2, quiz=True)
    lesson = LessonPageFactory(
        parent=module, title="Gepubliceerde les", slug="gepubliceerd", text="Eerste versie."
    )
    return {
        "module": module,
        "lessons": [*steps[:2], lesson],
        "quiz": steps[2],
        "user": make_user(),
        "other": make_user(),
    }
