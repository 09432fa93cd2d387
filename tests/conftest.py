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
    """Role groups with their permissions, as after `migrate` (a transactional test flushes them)."""
    from leergang.roles import ROLES, sync_role_permissions

    sync_role_permissions()
    from django.contrib.auth.models import Group

    return {g.name: g for g in Group.objects.filter(name__in=ROLES)}


@pytest.fixture
def make_user(db, roles):
    """Factory: a user with a role and (optionally) a team."""
    from leergang.models import StaffProfile, User

    counter = {"n": 0}

    def factory(role="Medewerker", team=None, username=None, **profile):
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"user{counter['n']}",
            password="pw-test-123",
            first_name=f"Naam{counter['n']}",
        )
        if role:
            user.groups.add(roles[role])
        StaffProfile.objects.create(user=user, team=team, **profile)
        return user

    return factory


@pytest.fixture
def demo_accounts(site_tree, roles):
    """Only the demo teams and accounts (password ``leergang-demo``): fast, for login tests."""
    from leergang.demo import create_demo_organisation

    create_demo_organisation()


@pytest.fixture
def demo_sociale_kaart(demo_accounts):
    """The demo accounts and the demo sociale kaart, without the leerstof."""
    from django.core.management import call_command

    call_command("demo_sociale_kaart", verbosity=0)


@pytest.fixture
def demo(db, django_db_blocker):
    """The full demo data set (as `make run` shows it)."""
    from django.core.management import call_command

    call_command("demo_data", verbosity=0)
