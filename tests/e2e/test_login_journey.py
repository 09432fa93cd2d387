import pytest

pytestmark = pytest.mark.e2e


def test_medewerker_logs_in_with_the_keyboard_and_lands_on_the_modules(page, demo_site):
    page.goto(demo_site + "/")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "medewerker")
    page.fill("#id_password", "leergang-demo")
    page.press("#id_password", "Enter")
    page.wait_for_url(demo_site + "/")
    assert page.get_by_role("navigation", name="Hoofdmenu").is_visible()
    assert page.locator("html").get_attribute("lang") == "nl"
    # The skip link is the first thing a keyboard user reaches, and it moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_coordinator_reaches_the_dutch_wagtail_admin(page, demo_site, login):
    login(demo_site, "coordinator")
    page.goto(demo_site + "/admin/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.url == demo_site + "/admin/"
    assert "Zoeken" in page.content() and "Uitloggen" in page.content()
