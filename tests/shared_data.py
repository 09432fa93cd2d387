"""Data built once for a whole test module (or package) instead of once per test.

Building the demo data set takes seconds. A module whose tests all use it builds it once, in a
transaction around the whole module that is rolled back at its end. Every test still runs in its
own transaction (pytest-django's, a savepoint inside the module's), so what one test writes the
next does not see, and nothing outlives the module.
"""

import contextlib

import pytest


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


def every_test_of_the_module_uses(request, fixture_name):
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
