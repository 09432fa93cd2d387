"""Path converters. ``<id:…>`` is a database id: digits only, at most nine of them, so an id
beyond what the database stores (``/team/lid/99999999999999999999/``) is a 404 like any
unknown id, not an overflow error. Registered by the app's ``ready()``."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,9}"  # below 2**31: fits an integer column on every database

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


def register():
    register_converter(IdConverter, "id")
