from django.urls import path

from . import admin_views

app_name = "quizzes_admin"

urlpatterns = [
    path("", admin_views.QuizIndexView.as_view(), name="index"),
    path("<int:page_id>/analyse/", admin_views.QuizAnalysisView.as_view(), name="analysis"),
    path("<int:page_id>/analyse.csv", admin_views.quiz_analysis_csv, name="analysis_csv"),
    path("<int:page_id>/kennistoename/", admin_views.KnowledgeGainAdminView.as_view(), name="knowledge_gain"),
    path("<int:page_id>/gift/", admin_views.gift_export, name="gift_export"),
    path("<int:page_id>/gift-import/", admin_views.GiftImportView.as_view(), name="gift_import"),
]
