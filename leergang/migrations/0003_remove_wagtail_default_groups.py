"""Remove what Wagtail's own migrations set up for a generic site: the groups "Editors" and
"Moderators" (with page permissions on the root, so anyone put in them could publish past the
"Leerstof review") and the workflow "Moderators approval". Our roles are the four groups of
``leergang.roles``; leerstof is reviewed through the workflow "Leerstof review"."""

from django.db import migrations

WAGTAIL_GROUPS = ["Editors", "Moderators"]
WAGTAIL_WORKFLOW = "Moderators approval"


def remove_defaults(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    for workflow in Workflow.objects.filter(name=WAGTAIL_WORKFLOW):
        task_ids = list(workflow.workflow_tasks.values_list("task_id", flat=True))
        workflow.delete()
        GroupApprovalTask.objects.filter(pk__in=task_ids, name=WAGTAIL_WORKFLOW).delete()
        Task.objects.filter(pk__in=task_ids, name=WAGTAIL_WORKFLOW).delete()
    Group.objects.filter(name__in=WAGTAIL_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("leergang", "0002_roles"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailcore", "0095_groupsitepermission"),
    ]
    operations = [migrations.RunPython(remove_defaults, migrations.RunPython.noop)]
