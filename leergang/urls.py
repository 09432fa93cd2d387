from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_POST
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import LogoutView as AdminLogoutView
from wagtail.documents import urls as wagtaildocs_urls

from . import oidc, twofactor, views
from .forms import LoginForm, RateLimitedPasswordResetForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    # Sign-in with the organisation's account (OpenID Connect): a 404 unless configured.
    path("oidc/authenticate/", oidc.authenticate_view, name="oidc_authentication_init"),
    path("oidc/callback/", oidc.callback_view, name="oidc_authentication_callback"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=RateLimitedPasswordResetForm),
        name="password_reset",
    ),
    # Two-step verification for the admin (leergang.twofactor)
    path("accounts/tweestapsverificatie/", twofactor.verify, name="two_factor_verify"),
    path("accounts/tweestapsverificatie/instellen/", twofactor.setup, name="two_factor_setup"),
    path(
        "accounts/tweestapsverificatie/herstelcodes/",
        twofactor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("accounts/uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("team/uitnodigen/", views.invite_colleague, name="invite_colleague"),
    path("team/uitnodigingen/<id:invitation_id>/opnieuw/", views.resend_invitation, name="resend_invitation"),
    path(
        "team/uitnodigingen/<id:invitation_id>/intrekken/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    # Wagtail's admin logout also answers a GET (deleting the cookie, keeping the session): POST only.
    path("admin/logout/", require_POST(AdminLogoutView.as_view()), name="admin_logout_post_only"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# App URLs are collected here; each app owns its own urls.py.
urlpatterns += [
    path("", include("content.kaart.urls")),
    path("", include("modules.urls")),
    path("", include("quizzes.urls")),
    path("", include("practice.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving last: /, /modules/<module>/, /modules/<module>/<step>/
urlpatterns += [path("", include(wagtail_urls))]

handler500 = "leergang.views.server_error"
