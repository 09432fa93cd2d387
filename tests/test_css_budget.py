"""The site ships only the CSS it uses (issue 15): a size budget for what a page links, a rule
for every NL Design System class the templates use, no rule of our own for a class nobody uses,
and the committed NL Design System subset is what scripts/build_css.py makes of the npm packages."""

import gzip
import importlib.util
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
CODE_DIRS = ["templates", "leergang", "content", "modules", "quizzes", "practice"]
#: Bytes of CSS one page links, as stored and as sent (gzip; whitenoise compresses in production).
#: Before issue 15 a page linked 701 KB (60 KB gzipped); now about 197 KB (21 KB).
BUDGET, BUDGET_GZIP = 210_000, 24_000


def _build_css():
    spec = importlib.util.spec_from_file_location("build_css", ROOT / "scripts" / "build_css.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_text():
    return "\n".join(
        path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".html", ".py"} and "migrations" not in path.parts
    )


@pytest.fixture
def linked_css(client, db, site_tree):
    """The stylesheets the login page links (every page extends the same base template)."""
    response = client.get(reverse("login"))
    assert response.status_code == 200
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', response.content.decode())
    assert hrefs
    files = [finders.find(href.removeprefix(settings.STATIC_URL)) for href in hrefs]
    assert all(files), hrefs
    return {href: Path(found).read_bytes() for href, found in zip(hrefs, files, strict=True)}


def test_a_page_links_css_within_the_budget(linked_css):
    size = sum(len(css) for css in linked_css.values())
    sent = sum(len(gzip.compress(css, 9)) for css in linked_css.values())
    assert size <= BUDGET, f"{size:,} bytes of CSS: {list(linked_css)}"
    assert sent <= BUDGET_GZIP, f"{sent:,} bytes gzipped"


def test_every_nl_design_system_class_the_templates_use_has_a_rule(linked_css):
    exact, prefixes = _build_css().used_classes()
    assert "utrecht-button" in exact  # the scan finds the classes
    css = b"\n".join(linked_css.values()).decode()
    ruled = set(re.findall(r"\.(utrecht-[\w-]+)", css))
    assert sorted(exact - ruled) == []
    assert [prefix for prefix in prefixes if not any(name.startswith(prefix) for name in ruled)] == []


def test_every_class_of_our_own_stylesheet_is_used():
    """The reverse check for static/css/leergang.css: no rule for a class no template or code
    writes (a class written as ``lt-callout--{{ kind }}`` counts for its variants)."""
    own = re.sub(r"/\*.*?\*/", "", (ROOT / "static" / "css" / "leergang.css").read_text(), flags=re.S)
    text = code_text()
    dynamic = set(re.findall(r"(lt-[\w-]*-)\{", text))
    unused = sorted(
        name
        for name in set(re.findall(r"\.(lt-[\w-]+)", own))
        if not re.search(rf"{re.escape(name)}(?![\w-])", text) and not name.startswith(tuple(dynamic))
    )
    assert unused == []


def test_the_committed_subset_is_built_from_the_npm_packages():
    build_css = _build_css()
    if not build_css.SOURCES[0].exists():
        pytest.skip("node_modules is not installed (npm ci)")
    assert build_css.OUTPUT.read_text(encoding="utf-8") == build_css.build(), "run `make css`"
    assert (
        (build_css.OUTPUT.parent / "LICENSE.md")
        .read_text()
        .startswith((build_css.COMPONENTS / "LICENSE.md").read_text()[:200])
    )


def test_production_sends_static_files_with_hashed_names_gzipped_and_brotli_compressed(tmp_path):
    """whitenoise's storage (production settings) writes .gz and, with Brotli installed, .br
    beside every hashed file; the middleware sends the smallest the browser accepts."""
    from whitenoise.compress import Compressor

    production = (ROOT / "leergang" / "settings" / "production.py").read_text()
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in production
    css = tmp_path / "nlds.css"
    css.write_bytes((ROOT / "static" / "vendor" / "nlds.css").read_bytes())
    outputs = Compressor(quiet=True).compress(str(css))
    written = {Path(path).suffix: Path(path).stat().st_size for path in outputs}
    assert set(written) == {".gz", ".br"}
    assert written[".br"] < written[".gz"] < css.stat().st_size / 5
