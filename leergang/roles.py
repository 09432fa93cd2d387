"""Roles are Django groups. Their permissions are declared here and synced after every migrate.

The groups themselves are created by a data migration (``0002_roles``); this module keeps
their permissions in step with the models of every app, so an app that adds a model only has
to name its permissions below.
"""

from django.apps import apps as global_apps

MEDEWERKER = "Medewerker"
TEAMLEIDER = "Teamleider"
COORDINATOR = "Coördinator"
BEHEERDER = "Beheerder"
ROLES = [MEDEWERKER, TEAMLEIDER, COORDINATOR, BEHEERDER]

# "app_label.codename", or "app_label.*" for every permission of an app. Names of apps or
# permissions that do not exist (yet) are skipped.
ROLE_PERMISSIONS = {
    MEDEWERKER: [],
    TEAMLEIDER: [],
    COORDINATOR: [
        "wagtailadmin.access_admin",
        "kaart.*",
        "modules.add_learningpath",
        "modules.change_learningpath",
        "modules.delete_learningpath",
        "modules.view_learningpath",
        "modules.view_learningpathmodule",
        "modules.add_modulechange",
        "modules.change_modulechange",
        "modules.delete_modulechange",
        "modules.view_modulechange",
        "modules.view_stepcompletion",
        "modules.view_modulecompletion",
        "modules.view_accreditationentry",
        "modules.view_certificate",
        "quizzes.view_quizattempt",
        "quizzes.view_questionresponse",
        "quizzes.add_extraattempt",
        "quizzes.view_extraattempt",
        "quizzes.delete_extraattempt",
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

# Wagtail page permissions on the root of the page tree.
PAGE_PERMISSIONS = {
    COORDINATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
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
    if sender is not None and sender.label != app_configs[-1].label:
        return  # run once, after every app has created its permissions
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


def user_roles(user):
    """Names of the role groups a user has (cached on the user object for the request)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True))
    return user._role_names


def is_coordinator(user):
    return user.is_authenticated and (user.is_superuser or bool(user_roles(user) & {COORDINATOR, BEHEERDER}))


def is_beheerder(user):
    return user.is_authenticated and (user.is_superuser or BEHEERDER in user_roles(user))


def is_team_lead(user):
    """Leads at least one team (team leadership is data, not a group)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_leads_teams"):
        user._leads_teams = user.led_teams.exists()
    return user._leads_teams
