"""Which of the site menu's links a person sees (Team, Casusbesprekingen, Beheer): from the
cache, because every page draws the menu and working it out takes three queries (the person's
permissions, twice, and whether they lead a team).

The links only lead somewhere; every view checks the permission itself. The answer is kept per
person under an **access generation** that moves on whenever anyone's permissions or team leads
change (group membership, a person's or group's permissions, a team's leads, a group or team
deleted: :func:`connect`), and under the person's superuser and active flags, which arrive with
the user of the request anyway. Changes of that kind are rare; pages are drawn all the time.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import SimpleLazyObject

from . import generations

ACCESS_GENERATION = "menu:access-gen"
#: How long a person's links stay when nothing changes (a day).
TIMEOUT = 60 * 60 * 24
NOTHING = {"team": False, "case_discussions": False, "admin": False}


def links_for(user) -> dict:
    """{"team", "case_discussions", "admin"} → whether ``user``'s menu shows that link."""
    if not user.is_authenticated:
        return NOTHING
    (generation,) = generations.current(ACCESS_GENERATION)
    key = f"menu:{user.pk}:{generation}:{int(user.is_superuser)}:{int(user.is_active)}"
    links = generations.get(key)
    if links is None:
        leads = user.leads_a_team
        links = {
            "team": leads or user.has_perm("modules.view_all_progress"),
            "case_discussions": leads or user.has_perm("practice.record_case_discussions"),
            "admin": user.has_perm("wagtailadmin.access_admin"),
        }
        generations.put(key, links, TIMEOUT)
    return links


def menu(request):
    """Context processor: ``menu.team``, ``menu.case_discussions``, ``menu.admin``, worked out
    only when a template asks."""
    return {"menu": SimpleLazyObject(lambda: links_for(request.user))}


def access_changed(**kwargs):
    generations.bump(ACCESS_GENERATION)


def connect():
    from .models import Team

    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
        Team.leads.through,
    ):
        m2m_changed.connect(access_changed, sender=through, dispatch_uid=f"menu_access_{through.__name__}")
    for model in (Group, Permission, Team):
        post_save.connect(access_changed, sender=model, dispatch_uid=f"menu_access_saved_{model.__name__}")
        post_delete.connect(
            access_changed, sender=model, dispatch_uid=f"menu_access_deleted_{model.__name__}"
        )
