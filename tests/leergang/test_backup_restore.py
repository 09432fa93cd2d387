"""Backup and restore as ``docs/operations.md`` describes them: a ``pg_dump -Fc`` of a database
with the demo restored with ``pg_restore`` into an empty database holds every person's
progress, attempts and certificates and the whole sociale kaart (PostgreSQL only)."""

import glob
import os
import shutil
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

psycopg = pytest.importorskip("psycopg")
sql = pytest.importorskip("psycopg.sql")

pytestmark = [
    pytest.mark.django_db(transaction=True),  # pg_dump sees only committed data
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"),
]


def _pg_tool(name):
    """``name`` from the newest PostgreSQL under /usr/lib/postgresql, else from PATH."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    path = candidates[-1] if candidates else shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def _connection_args(name):
    settings = connection.settings_dict
    args = ["-h", settings["HOST"] or "localhost", "-U", settings["USER"], "-d", name]
    if settings["PORT"]:
        args += ["-p", str(settings["PORT"])]
    return args


def _env():
    env = dict(os.environ)
    if connection.settings_dict["PASSWORD"]:
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    return env


def _snapshot(cursor):
    """What must survive: per person their step and module completions, attempts and
    certificates; the sociale kaart's entries with their category and wijken; and the number of
    rows in every table."""
    queries = {
        "progress": """SELECT u.username, s.page_id, s.completed_at, s.score FROM modules_stepcompletion s
                       JOIN leergang_user u ON u.id = s.user_id ORDER BY 1, 2""",
        "modules": """SELECT u.username, m.module_id, m.completed_at FROM modules_modulecompletion m
                      JOIN leergang_user u ON u.id = m.user_id ORDER BY 1, 2, 3""",
        "attempts": """SELECT u.username, a.quiz_id, a.attempt_number, a.score, a.passed
                       FROM quizzes_quizattempt a
                       JOIN leergang_user u ON u.id = a.user_id ORDER BY 1, 2, 3""",
        "certificates": """SELECT u.username, c.code, c.full_name, c.module_title, c.completed_on, c.hours
                           FROM modules_certificate c JOIN leergang_user u ON u.id = c.user_id ORDER BY 2""",
        "kaart": """SELECT v.slug, v.name, v.live, c.name, v.description FROM kaart_voorziening v
                    JOIN kaart_category c ON c.id = v.category_id ORDER BY 1""",
        "wijken": """SELECT v.slug, n.name FROM kaart_voorziening_neighbourhoods vn
                     JOIN kaart_voorziening v ON v.id = vn.voorziening_id
                     JOIN kaart_neighbourhood n ON n.id = vn.neighbourhood_id ORDER BY 1, 2""",
    }
    snapshot = {}
    for key, query in queries.items():
        cursor.execute(query)
        snapshot[key] = cursor.fetchall()
    for model in apps.get_models(include_auto_created=True):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(model._meta.db_table)))
        snapshot[model._meta.db_table] = cursor.fetchone()[0]
    return snapshot


def _connect(name, **kwargs):
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"] or "localhost",
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=name,
        **kwargs,
    )


def _snapshot_of(name):
    with _connect(name) as db, db.cursor() as cursor:
        return _snapshot(cursor)


def test_a_pg_dump_restored_into_an_empty_database_holds_everything(tmp_path):
    call_command("demo_data", verbosity=0)
    source = connection.settings_dict["NAME"]
    before = _snapshot_of(source)
    people_with_progress = {row[0] for row in before["progress"]}
    assert len(people_with_progress) >= 5 and before["certificates"] and len(before["kaart"]) >= 50

    dump = tmp_path / "leergang.dump"
    subprocess.run(
        [_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(dump), *_connection_args(source)],
        check=True,
        env=_env(),
    )
    target = sql.Identifier(f"{source}_restored")
    with _connect(source, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(target))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(target))
    try:
        subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                *_connection_args(f"{source}_restored"),
                str(dump),
            ],
            check=True,
            env=_env(),
        )
        after = _snapshot_of(f"{source}_restored")
    finally:
        with _connect(source, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(target))
    for key, value in before.items():
        assert after[key] == value, key
