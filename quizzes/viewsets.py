"""Admin screens of the quizzes app: extra attempts a coordinator grants one person (a snippet),
and a chooser to find that person by name among many."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from leergang.people import clean_query, search_people
from leergang.viewsets import PersonRowIndexView

from .models import ExtraAttempt, QuizPage

# Granting extra attempts is adding an ExtraAttempt: the snippet's own add permission, which
# Wagtail's snippet views check too.
GRANT_PERMISSION = "quizzes.add_extraattempt"


# -- choosing a person ------------------------------------------------------------------------


class PersonFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Name or user name"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name or user name")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = clean_query(self.cleaned_data.get("q"))
        if query:
            objects = search_people(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class _PersonChooserMixin:
    filter_form_class = PersonFilterForm
    per_page = 20

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(GRANT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("username", label=_("User name")),
            Column("team", label=_("Team"), accessor=lambda user: _team_name(user)),
        ]


def _team_name(user):
    profile = getattr(user, "profile", None)
    return profile.team.name if profile is not None and profile.team_id else "–"


class PersonChooseView(_PersonChooserMixin, chooser_views.ChooseView):
    pass


class PersonChooseResultsView(_PersonChooserMixin, chooser_views.ChooseResultsView):
    pass


class PersonChosenView(_PersonChooserMixin, chooser_views.ChosenView):
    pass


class PersonChooserViewSet(ChooserViewSet):
    """A modal to find a person by name (there may be tens of thousands). Used by the extra
    attempt form only: not registered as the widget of every user field."""

    model = get_user_model()
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    page_title = _("Choose a person")
    register_widget = False
    choose_view_class = PersonChooseView
    choose_results_view_class = PersonChooseResultsView
    chosen_view_class = PersonChosenView

    def get_object_list(self):
        return get_user_model().objects.filter(is_active=True).select_related("profile__team")


person_chooser_viewset = PersonChooserViewSet(
    "quiz_person_chooser", url_prefix="extra-pogingen/persoon-kiezen"
)


# -- extra attempts ---------------------------------------------------------------------------


class ExtraAttemptCreateView(CreateView):
    """Records who granted the attempt. ``?user=<id>&quiz=<id>`` (from the Quizanalyse) fills in
    the person and the quiz; ``?next=`` leads back there afterwards."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        for field, model in (("user", get_user_model()), ("quiz", QuizPage)):
            value = self.request.GET.get(field, "")
            if value.isdigit():
                found = model.objects.filter(pk=value).first()
                if found is not None:
                    setattr(instance, field, found)
        return instance

    def get_add_url(self):
        url = super().get_add_url()
        keep = {key: self.request.GET[key] for key in ("user", "quiz") if self.request.GET.get(key)}
        next_url = get_valid_next_url_from_request(self.request)
        if next_url:
            keep["next"] = next_url
        return f"{url}?{urlencode(keep)}" if keep else url

    def save_instance(self):
        self.form.instance.granted_by = self.request.user
        return super().save_instance()

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or super().get_success_url()

    def get_success_message(self, instance):
        return _("%(person)s has %(count)s extra attempt(s) at “%(quiz)s”.") % {
            "person": instance.user,
            "count": instance.count,
            "quiz": instance.quiz.title,
        }

    def get_success_buttons(self):
        return []  # a grant is not edited afterwards: delete it and grant again


class ExtraAttemptViewSet(SnippetViewSet):
    model = ExtraAttempt
    add_view_class = ExtraAttemptCreateView
    index_view_class = PersonRowIndexView
    icon = "plus"
    menu_label = _("Extra attempts")
    add_to_admin_menu = True
    menu_order = 251  # right after "Quizanalyse"
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["user", "quiz", "count", "reason", "granted_by", "granted_at"]
    list_filter = ["quiz"]
    search_fields = ["reason"]  # and the person's name, user name and e-mail address
    list_export = ["user", "quiz", "count", "reason", "granted_by", "granted_at"]
    export_filename = "extra-pogingen"
    ordering = ["-granted_at"]

    def get_queryset(self, request):
        return ExtraAttempt.objects.select_related("user", "quiz", "granted_by")

    @property
    def panels(self):
        return [
            FieldPanel("user", widget=person_chooser_viewset.widget_class),
            FieldPanel("quiz"),
            FieldPanel("count"),
            FieldPanel("reason"),
        ]
