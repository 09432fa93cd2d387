from django.urls import path

from . import views

urlpatterns = [
    path(
        "team/kennistoename/<id:quiz_id>/",
        views.team_knowledge_gain_view,
        name="quizzes_team_knowledge_gain",
    ),
]
