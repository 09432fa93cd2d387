"""The demo kaart is a data file in the export format, loaded by the importer."""

import io

import pytest

from content.kaart import demo
from content.kaart.resources import write_export

pytestmark = pytest.mark.django_db


def test_the_demo_data_file_is_an_export_of_the_demo(demo_accounts):
    """The data file is in the export format, read by the importer: on the day it was written,
    the export of the demo is the file itself."""
    assert demo.create_demo_sociale_kaart(today=demo.WRITTEN_ON) == 56
    out = io.StringIO()
    write_export(out)
    assert out.getvalue().encode("utf-8") == demo.ENTRIES_FILE.read_bytes()
