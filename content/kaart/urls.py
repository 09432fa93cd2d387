from django.urls import path

from . import api, views

app_name = "kaart"

urlpatterns = [
    path("sociale-kaart/", views.kaart_index, name="kaart_index"),
    path("sociale-kaart/favorieten/", views.favourites, name="favourites"),
    path("sociale-kaart/melden/", views.report_new, name="report_new"),
    path("sociale-kaart/meldingen/", views.my_reports, name="my_reports"),
    path("sociale-kaart/aanbieder/<str:token>/", views.provider_check, name="provider_check"),
    path(
        "sociale-kaart/aanbieder/<str:token>/<slug:slug>/bevestigen/",
        views.provider_confirm,
        name="provider_confirm",
    ),
    path(
        "sociale-kaart/aanbieder/<str:token>/<slug:slug>/wijziging/",
        views.provider_propose,
        name="provider_propose",
    ),
    path("sociale-kaart/<slug:slug>/", views.voorziening_detail, name="voorziening_detail"),
    path("sociale-kaart/<slug:slug>/melden/", views.report_change, name="report_change"),
    path("sociale-kaart/<slug:slug>/favoriet/", views.set_favourite, name="set_favourite"),
    path("api/sociale-kaart/", api.ServiceList.as_view(), name="api_services"),
    path("api/sociale-kaart/<slug:slug>/", api.ServiceDetail.as_view(), name="api_service"),
]
