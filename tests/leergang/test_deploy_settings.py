"""The scale-out switches of the production settings (docs/deploy.md): PgBouncer, media on S3,
search on OpenSearch/Elasticsearch. Each is off unless its environment variable is set."""

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured

BASE_ENV = {
    "SECRET_KEY": "x7Gq2-production-like-secret-with-enough-length-and-variety-9Kd3pLm0Zr",
    "ALLOWED_HOSTS": "leergang.example.nl",
    "DATABASE_URL": "postgres://leergang:geheim@db.internal:6432/leergang",
}
SWITCHES = ["DATABASE_POOLER", "MEDIA_S3_BUCKET", "MEDIA_S3_ENDPOINT_URL", "SEARCH_URL", "SEARCH_BACKEND"]


@pytest.fixture
def production(monkeypatch):
    """The production settings as a dict, read with the given environment."""

    def load(**env):
        for name in SWITCHES:
            monkeypatch.delenv(name, raising=False)
        for name, value in {**BASE_ENV, **env}.items():
            monkeypatch.setenv(name, value)
        return runpy.run_module("leergang.settings.production", run_name="production_settings")

    return load


def test_without_switches_the_app_keeps_its_connections_local_files_and_database_search(production):
    settings = production()
    database = settings["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 600
    assert not database.get("DISABLE_SERVER_SIDE_CURSORS")
    assert settings["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert settings["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "content.search_backend"


def test_behind_pgbouncer_django_holds_no_connection_and_no_server_side_cursor(production):
    database = production(DATABASE_POOLER="pgbouncer")["DATABASES"]["default"]
    assert database["CONN_MAX_AGE"] == 0
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["PORT"] == 6432  # the pooler's address, from DATABASE_URL


def test_media_on_s3_compatible_storage_is_private_with_signed_links(production):
    storages = production(MEDIA_S3_BUCKET="leergang-media", MEDIA_S3_ENDPOINT_URL="https://s3.example.nl")[
        "STORAGES"
    ]
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storages["default"]["OPTIONS"]
    assert options["bucket_name"] == "leergang-media"
    assert options["endpoint_url"] == "https://s3.example.nl"
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert "access_key" not in options and "secret_key" not in options  # boto3 reads those itself
    assert storages["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_search_on_opensearch_or_elasticsearch_is_a_settings_switch(production):
    from importlib.util import find_spec

    backend = production(SEARCH_URL="https://search1.internal:9200, https://search2.internal:9200")[
        "WAGTAILSEARCH_BACKENDS"
    ]["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["https://search1.internal:9200", "https://search2.internal:9200"]
    assert backend["INDEX"] == "leergang"
    elastic = production(SEARCH_URL="http://es:9200", SEARCH_BACKEND="elasticsearch8")
    assert elastic["WAGTAILSEARCH_BACKENDS"]["default"]["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    # Every name offered is a backend module of Wagtail (using it needs the cluster's client).
    for name in elastic["SEARCH_BACKENDS"]:
        assert find_spec(f"wagtail.search.backends.{name}") is not None, name


def test_an_unknown_search_backend_is_refused_at_start(production):
    with pytest.raises(ImproperlyConfigured, match="SEARCH_BACKEND"):
        production(SEARCH_URL="http://es:9200", SEARCH_BACKEND="solr")
