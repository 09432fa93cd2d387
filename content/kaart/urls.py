from django.urls import path, re_path

from . import api, hsds_api, views

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
    # HSDS 3.0, on the paths of its OpenAPI description (no trailing slash; one is accepted)
    path("api/hsds/", hsds_api.Meta.as_view(), name="hsds_meta"),
    path("api/hsds/profile", hsds_api.Profile.as_view(), name="hsds_profile"),
    path("api/hsds/openapi.json", hsds_api.OpenApi.as_view(), name="hsds_openapi"),
    *[
        pattern
        for name, (listing, detail) in {
            "services": (hsds_api.ServiceList, hsds_api.ServiceDetail),
            "organizations": (hsds_api.OrganizationList, hsds_api.OrganizationDetail),
            "taxonomies": (hsds_api.TaxonomyList, hsds_api.TaxonomyDetail),
            "taxonomy_terms": (hsds_api.TaxonomyTermList, hsds_api.TaxonomyTermDetail),
            "service_at_locations": (hsds_api.ServiceAtLocationList, hsds_api.ServiceAtLocationDetail),
        }.items()
        for pattern in (
            re_path(rf"^api/hsds/{name}/?$", listing.as_view(), name=f"hsds_{name}"),
            re_path(rf"^api/hsds/{name}/(?P<id>[^/]+)/?$", detail.as_view(), name=f"hsds_{name}_detail"),
        )
    ],
]
