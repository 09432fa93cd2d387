"""What moves the generations of :mod:`modules.progress_cache` on: saved or deleted records
that progress is built from. Connected in ``ModulesConfig.ready``."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from leergang.models import Team

from . import progress_cache
from .models import (
    AccreditationEntry,
    Certificate,
    LearningPath,
    LearningPathModule,
    ModuleChange,
    ModuleCompletion,
    StepCompletion,
)

#: Records of one person: a change rebuilds that person's progress (their account, profile and
#: organisation login move the same generation on: :mod:`leergang.people`' signal handlers).
PERSON_MODELS = (StepCompletion, ModuleCompletion, Certificate, AccreditationEntry)
#: Records everyone's progress is measured against; and the Wagtail sites, which requests get
#: from the site generation (:class:`modules.middleware.SiteFromStructureMiddleware`).
SITE_MODELS = (ModuleChange, LearningPath, LearningPathModule, Team, PageViewRestriction, Site)


def _person_record_changed(sender, instance, **kwargs):
    progress_cache.person_changed(getattr(instance, "user_id", None))


def _site_record_changed(sender, **kwargs):
    progress_cache.site_changed()


def register_signal_handlers():
    for model in PERSON_MODELS:
        post_save.connect(
            _person_record_changed, sender=model, dispatch_uid=f"progress-person-save-{model.__name__}"
        )
        post_delete.connect(
            _person_record_changed, sender=model, dispatch_uid=f"progress-person-delete-{model.__name__}"
        )
    for model in SITE_MODELS:
        post_save.connect(
            _site_record_changed, sender=model, dispatch_uid=f"progress-site-save-{model.__name__}"
        )
        post_delete.connect(
            _site_record_changed, sender=model, dispatch_uid=f"progress-site-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _site_record_changed, sender=LearningPath.teams.through, dispatch_uid="progress-path-teams"
    )
    # Pages of every type (lessons, quizzes, scenarios, modules; each model on its own, so
    # deleting other records keeps Django's fast path).
    for model in [Page, *get_page_models()]:
        post_save.connect(
            _site_record_changed, sender=model, dispatch_uid=f"progress-page-save-{model._meta.label}"
        )
        post_delete.connect(
            _site_record_changed, sender=model, dispatch_uid=f"progress-page-delete-{model._meta.label}"
        )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_site_record_changed, dispatch_uid=f"progress-{id(signal)}")
