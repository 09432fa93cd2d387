import os

import pytest

from leergang.cache import kept
from tests.shared_data import ensure_roles, every_test_of_the_module_uses, module_transaction

# live_server + Playwright's sync API run Django code from an event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser journeys last (after pytest-django's own ordering): under pytest-xdist each
    worker then runs its journeys one after the other, so their demo is built once per worker."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: the database is rolled back after each test, so
    what a cache kept from an earlier test would describe rows that are gone."""
    from django.core.cache import cache

    cache.clear()
    kept.clear()
    yield
    cache.clear()
    kept.clear()


@pytest.fixture(autouse=True)
def _steady_session_clock(request, monkeypatch):
    """A query budget counts a page's own queries. The idle timeout saves the session at most
    every five minutes (``leergang.middleware``); on a slow machine a test that builds large
    data between logging in and measuring can cross that line and count the save. Tests that
    count queries with ``django_assert_num_queries`` keep the session's clock still."""
    if "django_assert_num_queries" in request.fixturenames:
        monkeypatch.setattr("leergang.middleware.REFRESH_SECONDS", 24 * 60 * 60)


@pytest.fixture
def site_tree(db):
    """The home page, /modules/ index and default Site (created when missing). After a
    transactional test's flush the tree is made again here, possibly after the ``roles``
    fixture found no root page to grant on: the grants are checked again (two queries)."""
    from modules.setup import ensure_site_tree

    tree = ensure_site_tree()
    ensure_roles()
    return tree


@pytest.fixture
def roles(db):
    """The role groups with their permissions, as `migrate` leaves them.

    The post_migrate handler synced them into the test database once; only a transactional
    test's flush removes the grants on the root page (and a flush with the groups gone), so
    they are synced again only then, not for every test.
    """
    return ensure_roles()


@pytest.fixture
def make_user(db, roles):
    """A user in a role (default Medewerker; ``None`` for none) with a staff profile:
    ``make_user("Teamleider", team=team, username="marieke", start_date=...)``."""
    from tests.leergang.factories import UserFactory

    def factory(role="Medewerker", team=None, username=None, **profile):
        fields = {"username": username} if username else {}
        profile_fields = {f"profile__{name}": value for name, value in {"team": team, **profile}.items()}
        return UserFactory(role=role, **fields, **profile_fields)

    return factory


@pytest.fixture
def demo_accounts(site_tree, roles):
    """Only the demo teams and accounts (password ``leergang-demo``): fast, for login tests."""
    from leergang.demo import create_demo_organisation

    create_demo_organisation()


# --- data built once per module (see tests/shared_data.py) ---------------------------------------


@pytest.fixture(scope="module")
def _demo_data_for_module(request, django_db_setup, django_db_blocker):
    from django.core.management import call_command

    every_test_of_the_module_uses(request, "_demo_data_for_module")
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            call_command("demo_data", verbosity=0)
            ensure_roles()
        yield


@pytest.fixture
def demo(_demo_data_for_module, db):
    """The full demo data set (as `make run` shows it), built once for the module that uses it;
    every test of such a module must use it (tests that need less go elsewhere)."""


@pytest.fixture(scope="module")
def _demo_sociale_kaart_for_module(request, django_db_setup, django_db_blocker):
    from django.core.management import call_command

    from leergang.demo import create_demo_organisation
    from modules.setup import ensure_site_tree

    every_test_of_the_module_uses(request, "_demo_sociale_kaart_for_module")
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            ensure_site_tree()
            ensure_roles()
            create_demo_organisation()
            call_command("demo_sociale_kaart", verbosity=0)
        yield


@pytest.fixture
def demo_sociale_kaart(_demo_sociale_kaart_for_module, db):
    """The demo accounts and the demo sociale kaart, without the leerstof; built once for the
    module that uses it (every test of that module must)."""
