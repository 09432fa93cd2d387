from django.urls import path

from . import admin_views

app_name = "practice_admin"

urlpatterns = [
    path("", admin_views.ScenarioIndexView.as_view(), name="index"),
    path("<int:page_id>/analyse/", admin_views.ScenarioAnalysisView.as_view(), name="analysis"),
]
