"""The fixed part of the page tree: root → home page → /modules/ index."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    Collection,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import HomePage, ModuleIndexPage, PeerReviewTask


@transaction.atomic
def ensure_site_tree():
    """Create the home page, the module index and the default Site when missing; idempotent.

    Wagtail's own first migration leaves a placeholder "Welcome" page at the root; it is
    replaced by our home page.
    """
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:  # a test flush removes it
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        for placeholder in root.get_children().filter(content_type__model="page"):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Leergang Toegang",
                slug="home",
                intro="<p>Leer de Zoetermeerse werkwijze in de toegang tot jeugdhulp, in je eigen tempo.</p>",
            )
        )
    index = ModuleIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ModuleIndexPage(title="Modules", slug="modules"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = public_host_and_port()
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Leergang Toegang"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Leergang Toegang"
        site.save()
    ensure_review_workflow(home)
    return home, index


def public_host_and_port():
    """The host name and port of the site's public address (``WAGTAILADMIN_BASE_URL``)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname or "localhost", address.port or (443 if address.scheme == "https" else 80)


def sync_site_with_public_address():
    """Point the default Wagtail Site at the public address, so the page links Wagtail writes
    (the review mails' "view the page") open the site people use. Returns the site."""
    site = Site.objects.filter(is_default_site=True).first()
    hostname, port = public_host_and_port()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site


REVIEW_WORKFLOW = "Leerstofreview"
# The name before it was written as one word; a database that has it is renamed in place.
OLD_REVIEW_WORKFLOW_NAMES = ["Leerstof review"]
REVIEW_TASK = "Goedkeuring door een andere coördinator"
REVIEW_GROUPS = ["Coördinator", "Beheerder"]


@transaction.atomic
def ensure_review_workflow(home):
    """The moderation workflow "Leerstofreview" on the home page (so on every module and
    lesson): one task, approved by another coördinator (or a beheerder) than the one who
    submitted the change, before publishing. Idempotent;
    leaves a workflow a beheerder changed in the admin as it is, except that it must be active
    and assigned to the home page."""
    if not Workflow.objects.filter(name=REVIEW_WORKFLOW).exists():
        Workflow.objects.filter(name__in=OLD_REVIEW_WORKFLOW_NAMES).update(name=REVIEW_WORKFLOW)
    workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if not workflow.workflow_tasks.exists():
        task = PeerReviewTask.objects.filter(name=REVIEW_TASK).first()
        if task is None:
            task = PeerReviewTask.objects.create(name=REVIEW_TASK)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task = PeerReviewTask.objects.filter(name=REVIEW_TASK).first()
    if task is not None and not task.groups.exists():  # e.g. created before the role groups
        task.groups.add(*Group.objects.filter(name__in=REVIEW_GROUPS))
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow
