"""Roles are Django groups; this module only grants them permissions.

Every check in the code asks for a permission (``user.has_perm("app.codename")``, Django's
``permission_required`` or a Wagtail permission policy), never for a group. The permissions
are declared on the models they guard, in the app that owns the idea (``Meta.permissions``);
which role holds which is written down here and synced after every migrate, so an app that
adds a model or a permission only has to name it below. The groups themselves are created by
a data migration (``0002_roles``). Leading a team is data (``Team.leads``), not a role.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

MEDEWERKER = "Medewerker"
TEAMLEIDER = "Teamleider"
COORDINATOR = "Coördinator"
BEHEERDER = "Beheerder"
ROLES = [MEDEWERKER, TEAMLEIDER, COORDINATOR, BEHEERDER]


def _model_permissions(app_label, *model_names):
    return [
        f"{app_label}.{action}_{name}"
        for name in model_names
        for action in ("add", "change", "delete", "view")
    ]


# "app_label.codename", or "app_label.*" for every permission of an app, or "*" for all.
# Names of apps or permissions that do not exist (yet) are skipped.
ROLE_PERMISSIONS = {
    MEDEWERKER: [],
    TEAMLEIDER: [],  # a team lead sees the teams they lead: Team.leads, not a permission
    COORDINATOR: [
        "wagtailadmin.access_admin",
        # the sociale kaart: everything but the API tokens
        *_model_permissions(
            "kaart", "voorziening", "organisation", "category", "neighbourhood", "changereport"
        ),
        "kaart.publish_voorziening",
        "kaart.lock_voorziening",
        "kaart.unlock_voorziening",
        "kaart.check_voorziening",
        "kaart.import_voorziening",
        # leerstof goes live only through the "Leerstof review": no publish_page (below)
        *_model_permissions("modules", "learningpath", "modulechange"),
        "modules.view_learningpathmodule",
        "modules.view_all_progress",
        "quizzes.analyse_quizzes",
        "quizzes.add_extraattempt",
        "quizzes.view_extraattempt",
        "quizzes.delete_extraattempt",
        "practice.analyse_scenarios",
        "practice.record_case_discussions",
        "taggit.*",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "leergang.view_team",
        "leergang.view_staffprofile",
    ],
    BEHEERDER: ["*"],
}

# Wagtail page permissions on the root of the page tree. Coördinatoren hold no publish_page, so
# no route of the admin publishes their change: approving the "Leerstof review" does (by another
# coördinator or a beheerder, see modules.workflows). They take pages offline with "Offline
# halen" (modules), which asks for change_page.
PAGE_PERMISSIONS = {
    COORDINATOR: ["add_page", "change_page", "lock_page", "unlock_page"],
    BEHEERDER: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}

# Wagtail collection permissions (images, documents) on the root collection.
COLLECTION_PERMISSIONS = {
    COORDINATOR: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    BEHEERDER: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}


def _resolve(Permission, specs):
    if "*" in specs:
        return list(Permission.objects.all())
    wildcard_apps = [s.split(".")[0] for s in specs if s.endswith(".*")]
    exact = [tuple(s.split(".", 1)) for s in specs if not s.endswith(".*")]
    perms = list(Permission.objects.filter(content_type__app_label__in=wildcard_apps))
    if exact:
        by_key = {
            (p.content_type.app_label, p.codename): p
            for p in Permission.objects.filter(codename__in=[c for _, c in exact]).select_related(
                "content_type"
            )
        }
        perms += [by_key[key] for key in exact if key in by_key]
    return perms


def sync_role_permissions(sender=None, apps=None, using="default", **kwargs):
    """Give each role exactly the permissions declared above (idempotent)."""
    app_configs = [c for c in global_apps.get_app_configs() if c.models_module is not None]
    if sender is not None:
        if sender.label != app_configs[-1].label:
            return  # run once, after every app has created its permissions
        # This handler may run before auth's own one for the last app: create those now.
        create_permissions(sender, verbosity=0, using=using, apps=apps or global_apps)
    Group = global_apps.get_model("auth", "Group")
    Permission = global_apps.get_model("auth", "Permission")
    Page = global_apps.get_model("wagtailcore", "Page")
    Collection = global_apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = global_apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = global_apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    for name in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(_resolve(Permission, ROLE_PERMISSIONS[name]))
        if root_page is not None:
            wanted = list(
                Permission.objects.filter(
                    content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS.get(name, [])
                )
            )
            _set_exactly(GroupPagePermission.objects.using(using), group, wanted, page=root_page)
        if root_collection is not None:
            wanted = list(
                Permission.objects.filter(
                    content_type__app_label__in=["wagtailimages", "wagtaildocs"],
                    codename__in=COLLECTION_PERMISSIONS.get(name, []),
                )
            )
            _set_exactly(
                GroupCollectionPermission.objects.using(using), group, wanted, collection=root_collection
            )


def _set_exactly(manager, group, permissions, **on):
    """The group holds exactly ``permissions`` on the object in ``on`` (the root page or
    collection); grants on other pages or collections, made in the admin, are left alone."""
    manager.filter(group=group, **on).exclude(permission__in=permissions).delete()
    for permission in permissions:
        manager.get_or_create(group=group, permission=permission, **on)
