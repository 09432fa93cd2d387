from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LeergangConfig(AppConfig):
    name = "leergang"
    verbose_name = _("Organisation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="leergang_sync_role_permissions")

        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_seen

        user_logged_in.connect(mark_session_seen, dispatch_uid="leergang_mark_session_seen")

        from . import converters

        converters.register()  # <id:…> in the apps' URLs

        from . import menu

        menu.connect()

        from . import auth

        auth.connect()
