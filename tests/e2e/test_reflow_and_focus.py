"""WCAG 2.1 AA in Chromium, for every page type and role: reflow at 320 px (1.4.10), a visible
focus indicator with 3:1 contrast (1.4.11, 2.4.7) and readable focused text (1.4.3), and axe
without serious or critical violations.

The contrast is computed in the page, from ``getComputedStyle``, with the WCAG formula: the
outline against the background behind it (the nearest opaque ancestor), and the text against the
element's own background.
"""

import pytest

pytestmark = pytest.mark.e2e

NARROW = {"width": 320, "height": 640}

# Computes, for the element that has focus, what a sighted keyboard user sees.
FOCUS_STYLE_JS = """
(el) => {
  function parse(value) {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function channel(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  function luminance(c) { return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b); }
  function contrast(a, b) {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  }
  function background(node) {
    for (let n = node; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a >= 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  }
  const style = getComputedStyle(el);
  const outline = parse(style.outlineColor);
  const width = parseFloat(style.outlineWidth) || 0;
  const visible = style.outlineStyle !== 'none' && width >= 2 && outline !== null && outline.a >= 0.5;
  const text = parse(style.color);
  return {
    focusVisible: el.matches(':focus-visible'),
    outlineWidth: width,
    outlineStyle: style.outlineStyle,
    outlineContrast: visible ? contrast(outline, background(el.parentElement)) : 0,
    textContrast: contrast(text, background(el)),
  };
}
"""


def focus_style(page, locator):
    locator.focus()
    return locator.evaluate(FOCUS_STYLE_JS)


def assert_strong_focus(page, locator, what, text=True):
    style = focus_style(page, locator)
    assert style["focusVisible"], what
    assert style["outlineContrast"] >= 3, (what, style)
    if text:
        assert style["textContrast"] >= 4.5, (what, style)


def scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def serious(axe):
    return [v for v in axe() if "(serious)" in v or "(critical)" in v]


def pages_for(role):
    """The URL of every page type the role can open, built from the demo data."""
    from content.kaart.models import Voorziening
    from modules.models import Certificate, ModulePage
    from practice.models import CaseDiscussion, ScenarioPage
    from quizzes.models import QuizAttempt, QuizPage

    certificate = Certificate.objects.order_by("pk").first()
    common_public = [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/bestaat-niet/",
        "/certificaat/",
        "/accounts/uitnodiging/onbekend/",
    ]
    if certificate is not None:
        common_public.append(f"/certificaat/{certificate.code}/")
    if role is None:
        return common_public
    module = ModulePage.objects.live().order_by("path").first()
    lesson = module.get_children().live().exclude(content_type__model="quizpage").first()
    quiz = QuizPage.objects.live().order_by("path").first()
    voorziening = Voorziening.objects.order_by("name").first()
    urls = [
        "/",
        module.url,
        lesson.url,
        quiz.url,
        "/zoeken/?q=gezinsplan",
        "/sociale-kaart/?leeftijd=14",
        "/sociale-kaart/",
        f"/sociale-kaart/{voorziening.slug}/",
        "/sociale-kaart/meldingen/",
        "/sociale-kaart/melden/",
        "/sociale-kaart/favorieten/",
        "/mijn-voortgang/",
        "/mijn-voortgang/registratie/",
        "/accounts/password_change/",
        "/mijn-voortgang/mijn-gegevens/",
        ScenarioPage.objects.live().order_by("path").first().url,
    ]
    attempt = QuizAttempt.objects.filter(user__username=role).select_related("quiz").first()
    if attempt is not None:
        urls.append(f"{attempt.quiz.url}poging/{attempt.attempt_number}/")
    if role == "medewerker":
        urls.append("/team/")  # the 403 page
    if role in ("teamleider", "coordinator"):
        from django.contrib.auth import get_user_model

        urls.append("/team/")
        member = get_user_model().objects.get(username="medewerker")
        urls.append(f"/team/lid/{member.pk}/")
        urls += ["/team/casusbesprekingen/", "/team/casusbesprekingen/nieuw/"]
        discussion = CaseDiscussion.objects.order_by("pk").first()
        urls.append(f"/team/casusbesprekingen/{discussion.pk}/")
    if role == "teamleider":
        urls.append("/team/uitnodigen/")
    return urls + common_public


@pytest.mark.parametrize("role", [None, "medewerker", "teamleider", "coordinator"])
def test_every_page_type_reflows_at_320_px_and_passes_axe(page, demo_site, login, axe, role):
    if role:
        login(demo_site, role)
    page.set_viewport_size(NARROW)
    wide, violations = [], []
    for url in pages_for(role):
        page.goto(demo_site + url)
        if scrolls_sideways(page):
            width = page.evaluate("document.documentElement.scrollWidth")
            wide.append((url, width))
        found = serious(axe)
        if found:
            violations.append((url, found))
    assert wide == []
    assert violations == []


def test_the_demo_has_every_page_type_for_each_role(demo_site):
    """The reflow test is only as good as its list: it reaches a quiz result and a team member."""
    urls = pages_for("medewerker")
    assert any("/poging/" in url for url in urls)
    assert any(url.startswith("/certificaat/") for url in urls)
    assert any(url.startswith("/team/lid/") for url in pages_for("teamleider"))


def test_wide_tables_scroll_inside_their_own_focusable_region(page, demo_site, login):
    login(demo_site, "medewerker")
    page.set_viewport_size(NARROW)
    page.goto(demo_site + "/mijn-voortgang/")
    region = page.locator("div.table-scroll").first
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("tabindex") == "0"
    caption_id = region.get_attribute("aria-labelledby")
    assert page.locator(f"#{caption_id}").evaluate("el => el.tagName") == "CAPTION"
    assert_strong_focus(page, region, "table region", text=False)


def test_header_links_have_a_strong_readable_focus(page, demo_site, login):
    login(demo_site, "coordinator")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(demo_site + "/mijn-voortgang/")  # one link is aria-current
        header = page.locator("header")
        links = header.locator("a")
        assert links.count() >= 5
        for i in range(links.count()):
            link = links.nth(i)
            assert_strong_focus(page, link, (width, link.inner_text()))
        for button in header.locator("button").all():
            assert_strong_focus(page, button, (width, button.inner_text()))
        assert_strong_focus(page, header.locator("input[type=search]"), "header search", text=False)


def test_links_in_the_page_and_footer_have_a_strong_readable_focus(page, demo_site, login):
    login(demo_site, "medewerker")
    page.goto(demo_site + "/sociale-kaart/")
    for selector in ["main a.utrecht-link", "footer a", "a.utrecht-skip-link"]:
        assert_strong_focus(page, page.locator(selector).first, selector)


def test_form_controls_share_one_strong_focus_and_one_colour(page, demo_site, login):
    login(demo_site, "medewerker")
    page.goto(demo_site + "/sociale-kaart/")
    filters = page.locator(".lt-kaart__filters")
    controls = {
        "radio": filters.locator("input[type=radio]").first,
        "checkbox": filters.locator("input[type=checkbox]").first,
        "select": filters.locator("select").first,
        "text input": filters.locator("input[type=search], input[type=text], input[type=number]").first,
        "button": filters.locator("button").first,
    }
    for name, control in controls.items():
        assert_strong_focus(page, control, name, text=name in ("select", "button"))
    accent = {
        name: controls[name].evaluate("el => getComputedStyle(el).accentColor")
        for name in ("radio", "checkbox")
    }
    assert accent["radio"] == accent["checkbox"] != "auto", accent
    # A select looks like a select: it keeps the browser's drop-down arrow (or draws one).
    select = controls["select"].evaluate(
        "el => ({appearance: getComputedStyle(el).appearance, image: getComputedStyle(el).backgroundImage})"
    )
    assert select["appearance"] != "none" or select["image"] != "none", select


def test_quiz_radios_have_the_same_focus_as_checkboxes(page, demo_site, login):
    from quizzes.models import QuizPage

    login(demo_site, "nieuwe-medewerker")
    styles = {}
    for quiz in QuizPage.objects.live().order_by("path"):
        page.goto(demo_site + quiz.url)
        for kind in ("radio", "checkbox"):
            control = page.locator(f"main input[type={kind}]").first
            if kind not in styles and control.count():
                assert_strong_focus(page, control, kind, text=False)
                styles[kind] = focus_style(page, control)
                styles[kind]["accent"] = control.evaluate("el => getComputedStyle(el).accentColor")
        if len(styles) == 2:
            break
    assert set(styles) == {"radio", "checkbox"}
    assert styles["radio"]["outlineWidth"] == styles["checkbox"]["outlineWidth"]
    assert styles["radio"]["outlineStyle"] == styles["checkbox"]["outlineStyle"]
    assert styles["radio"]["accent"] == styles["checkbox"]["accent"] != "auto"


def test_long_dutch_words_hyphenate_in_titles(page, demo_site, login):
    login(demo_site, "medewerker")
    page.set_viewport_size(NARROW)
    page.goto(demo_site + "/sociale-kaart/?q=Jeugdverpleegkundige")
    assert page.evaluate("document.documentElement.lang") == "nl"
    hyphens = page.locator("main h1").evaluate("el => getComputedStyle(el).hyphens")
    assert hyphens == "auto"
    assert not scrolls_sideways(page)


@pytest.mark.parametrize("role", ["medewerker", "coordinator"])
def test_on_a_phone_the_header_is_compact(page, demo_site, login, role):
    """Issue 16: on a phone the header took about a quarter of the screen."""
    login(demo_site, role)
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(demo_site + "/sociale-kaart/")
    height = page.locator("header").evaluate("el => el.getBoundingClientRect().height")
    assert height <= 667 * 0.2, height
    assert page.locator("header form[role=search]").is_visible()
    assert page.locator("main h1").bounding_box()["y"] < 667 * 0.3
