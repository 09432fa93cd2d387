"""Password login for the people of the organisation: Django's ``ModelBackend``, refusing
people who have left (``StaffProfile.left_on`` on or before today). The check runs at every
login and for every request of an existing session (``get_user`` asks the same question, with
the profile fetched in the same query as the user), so access ends on the day itself, whether
or not a daily command has run."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from .models import has_left


class StaffBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not has_left(user)

    def get_user(self, user_id):
        User = get_user_model()
        user = User._default_manager.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
