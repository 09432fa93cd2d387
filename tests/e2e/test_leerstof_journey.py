"""A medewerker reads a module: home → module → lesson → next → search, keyboard and no JS."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page):
    """No WCAG 2.1 A/AA violations that axe-core finds (skipped when axe-core is not installed)."""
    if not AXE.exists():
        return
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG)
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == [], page.url


def test_medewerker_reads_a_module_and_searches(page, demo_site, login):
    login(demo_site, "medewerker")
    assert page.url == demo_site + "/"

    modules = page.locator(".lt-module-card")
    assert modules.count() == 6
    giz_card = modules.filter(has_text="GIZ — Gezamenlijk Inschatten Zorgbehoeften")
    assert giz_card.locator(".lt-status").inner_text().strip() != ""
    assert_accessible(page)

    giz_card.get_by_role("link", name="GIZ — Gezamenlijk Inschatten Zorgbehoeften").click()
    page.wait_for_url(demo_site + "/modules/giz/")
    assert page.get_by_role("heading", name="Na deze module kun je").is_visible()
    assert_accessible(page)
    page.locator("a.lt-button-link").click()
    page.wait_for_url(re.compile(r".*/modules/giz/wat-is-giz/$"))

    steps = page.get_by_role("navigation", name="Stappen in deze module")
    assert (
        steps.locator('[aria-current="page"]').inner_text() == "Wat GIZ is en waarom Zoetermeer ervoor kiest"
    )
    assert page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Modules").is_visible()
    assert_accessible(page)

    # The worked answer of a casus is behind <details>: closed until the reader opens it.
    details = page.locator("details.lt-casus__answer").first
    assert details.get_attribute("open") is None
    details.locator("summary").focus()
    page.keyboard.press("Enter")
    assert details.get_attribute("open") is not None

    page.get_by_role("navigation", name="Vorige en volgende stap").get_by_role(
        "link", name=re.compile("Volgende")
    ).click()
    page.wait_for_url(re.compile(r".*/modules/giz/de-brede-blik/$"))
    assert page.locator("h1").inner_text() == "De brede blik: kind, ouders en omgeving"

    page.fill("#site-search", "GIZ")
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r".*/zoeken/\?q=GIZ$"))
    results = page.locator(".lt-search-result h2 a")
    assert "Wat GIZ is en waarom Zoetermeer ervoor kiest" in results.all_inner_texts()
    assert_accessible(page)
    results.filter(has_text="Het gesprek: samen inschatten, samen beslissen").click()
    page.wait_for_url(re.compile(r".*/modules/giz/het-gesprek/$"))


def test_lesson_pages_work_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/accounts/login/")
    page.fill("#id_username", "medewerker")
    page.fill("#id_password", "leergang-demo")
    page.click("main button[type=submit]")
    page.goto(demo_site + "/modules/toegang-zoetermeer/waarom-de-toegang-anders-moet/")
    page.locator("details.lt-casus__answer summary").first.click()
    assert page.locator("details.lt-casus__answer").first.get_attribute("open") is not None
    page.get_by_role("link", name=re.compile("Volgende")).click()
    assert page.locator("h1").inner_text() == "Wie doet wat: toegangspartners en verwijzers"
    context.close()
