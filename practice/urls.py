from django.urls import path

from . import views

app_name = "practice"

# Casusbesprekingen: the team lead's list and form; the attendee's answer from Mijn voortgang.
# (An oefengesprek is served by its page: /modules/<module>/<step>/.)
urlpatterns = [
    path("team/casusbesprekingen/", views.discussion_list, name="discussions"),
    path("team/casusbesprekingen/nieuw/", views.discussion_edit, name="discussion_add"),
    path("team/casusbesprekingen/<id:pk>/", views.discussion_edit, name="discussion_edit"),
    path("mijn-voortgang/casusbesprekingen/<id:pk>/", views.answer_attendance, name="answer_attendance"),
]
