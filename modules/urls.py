from django.urls import path

from . import search, views

# Search; progress, certificates and the team dashboard.
urlpatterns = [
    path("zoeken/", search.search, name="search"),
    path("voortgang/stap/<id:page_id>/afgerond/", views.mark_step_done, name="mark_step_done"),
    path("mijn-voortgang/", views.my_progress, name="my_progress"),
    path("mijn-voortgang/export", views.my_progress_export, name="my_progress_export"),
    path("mijn-voortgang/mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-voortgang/accreditatie.csv", views.accreditation_csv, name="accreditation_csv"),
    path("mijn-voortgang/registratie/", views.registration, name="registration"),
    path("mijn-voortgang/certificaat/<str:code>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("certificaat/", views.certificate_check, name="certificate_check"),
    path("certificaat/<str:code>/", views.verify_certificate, name="verify_certificate"),
    path("team/", views.team, name="team"),
    path("team/export.csv", views.team_export, name="team_export"),
    path("team/lid/<id:user_id>/", views.team_member, name="team_member"),
    path("team/lid/<id:user_id>/vertrek/", views.team_member_left, name="team_member_left"),
]
