"""Publishing leerstof after the "Leerstofreview" (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

Coördinatoren hold no ``publish_page``: no route of the admin (edit view, bulk actions, the
admin API, copy, revisions, scheduling) lets them make a change live. Approving the review is
what publishes, so the publish at the end of an approved workflow skips the approver's publish
permission: the workflow itself (every task approved, by someone other than the person who
submitted the change, see ``PeerReviewTask``) is the permission.
"""


def publish_approved(workflow_state, user=None):
    """Publish the latest revision of the object whose workflow was just approved."""
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
