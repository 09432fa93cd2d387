import contextlib
import os

import pytest

# live_server + Playwright's sync API run Django code from an event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture
def site_tree(db):
    """The home page, /modules/ index and default Site (recreated after a live_server flush)."""
    from modules.setup import ensure_site_tree

    return ensure_site_tree()


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


# --- data built once per module -----------------------------------------------------------------
#
# The demo data set takes seconds to build. A module whose tests all read it builds it once: in a
# transaction around the whole module that is rolled back at its end. Every test still runs in its
# own transaction (a savepoint inside it), so what a test writes is gone before the next one.


@contextlib.contextmanager
def module_transaction(django_db_blocker):
    """An outer transaction for a module's shared data, rolled back when the module is done."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # as Django's TestCase marks its own: durable blocks still work
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _every_test_of_the_module_uses(request, fixture_name):
    """Data shared by a module is seen by every test in it: refuse modules that mix."""
    others = [
        item.name
        for item in request.session.items
        if getattr(item, "module", None) is request.module and fixture_name not in item.fixturenames
    ]
    if others:
        pytest.fail(
            f"{request.module.__name__} shares {fixture_name} across the module, but {others} do not ask for "
            "it: move them to another module",
            pytrace=False,
        )


def ensure_roles():
    """Role grants on the root page, as after migrate (see the ``roles`` fixture)."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    from leergang.roles import ROLES, sync_role_permissions

    groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    if len(groups) < len(ROLES) or not GroupPagePermission.objects.filter(page__depth=1).exists():
        sync_role_permissions()
        groups = {g.name: g for g in Group.objects.filter(name__in=ROLES)}
    return groups


@pytest.fixture(scope="module")
def _demo_data_for_module(request, django_db_setup, django_db_blocker):
    from django.core.management import call_command

    _every_test_of_the_module_uses(request, "_demo_data_for_module")
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

    _every_test_of_the_module_uses(request, "_demo_sociale_kaart_for_module")
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
