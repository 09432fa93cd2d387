"""The learner's side: the lesson button, /mijn-voortgang/, the exports and certificates."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from modules import hooks as progress_hooks
from modules import progress
from modules.models import Certificate, ModuleCompletion, StepCompletion

from .factories import LearningPathFactory, module_with_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def index(site_tree):
    return site_tree[1]


@pytest.fixture
def learner(make_user):
    from leergang.models import Team

    team = Team.objects.create(name="JGH Noord", organisation="jgh")
    user = make_user(team=team, start_date=timezone.localdate() - datetime.timedelta(days=12))
    user.first_name, user.last_name = "Yusuf", "Bakker"
    user.save()
    return user


@pytest.fixture
def giz(index):
    return module_with_steps(index, "giz", title="GIZ", lessons=2)


def mark(client, page):
    return client.post(reverse("mark_step_done", args=[page.pk]), follow=True)


def test_a_lesson_shows_the_button_and_marking_it_goes_to_the_next_step(client, learner, giz):
    module, (les1, les2, quiz) = giz
    client.force_login(learner)
    html = client.get(les1.url).content.decode()
    assert "Markeer als afgerond" in html
    assert f'action="/voortgang/stap/{les1.pk}/afgerond/"' in html
    response = mark(client, les1)
    assert response.redirect_chain[-1][0] == les2.url
    assert "is afgerond" in response.content.decode()
    assert StepCompletion.objects.filter(user=learner, page=les1).count() == 1
    # done lessons say so instead of offering the button again
    html = client.get(les1.url).content.decode()
    assert "Markeer als afgerond" not in html and "Je hebt deze les afgerond" in html


def test_marking_twice_changes_nothing_and_says_so(client, learner, giz):
    module, (les1, *_rest) = giz
    client.force_login(learner)
    mark(client, les1)
    first = StepCompletion.objects.get(user=learner, page=les1).completed_at
    response = mark(client, les1)
    assert "had je al afgerond" in response.content.decode()
    assert StepCompletion.objects.get(user=learner, page=les1).completed_at == first


def test_the_button_needs_a_post_with_a_csrf_token(learner, giz):
    module, (les1, *_rest) = giz
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get(reverse("mark_step_done", args=[les1.pk])).status_code == 405
    assert client.post(reverse("mark_step_done", args=[les1.pk])).status_code == 403
    assert not StepCompletion.objects.exists()


def test_a_quiz_cannot_be_marked_done_by_hand_and_unknown_pages_are_404(client, learner, giz):
    module, (les1, les2, quiz) = giz
    client.force_login(learner)
    response = client.post(reverse("mark_step_done", args=[quiz.pk]))
    assert response.status_code == 302
    assert not StepCompletion.objects.exists()
    assert client.post(reverse("mark_step_done", args=[999999])).status_code == 404
    les1.unpublish()
    assert client.post(reverse("mark_step_done", args=[les1.pk])).status_code == 404


def test_finishing_the_last_lesson_completes_the_module_with_a_message(client, learner, index):
    module, (les1, les2) = module_with_steps(
        index, "toegang-zoetermeer", lessons=2, quiz=False, title="De toegang"
    )
    client.force_login(learner)
    mark(client, les1)
    response = mark(client, les2)
    assert response.redirect_chain[-1][0] == module.url
    html = response.content.decode()
    assert "Je hebt de module “De toegang” afgerond" in html and "Module afgerond" in html
    assert ModuleCompletion.objects.filter(user=learner, module=module).exists()
    certificate = Certificate.objects.get(user=learner, module=module)
    assert reverse("certificate_pdf", args=[certificate.code]) in html


def test_the_last_lesson_of_a_path_module_links_to_the_next_module(client, learner, index):
    first, (les1,) = module_with_steps(index, "toegang-zoetermeer", lessons=1, quiz=False, title="De toegang")
    following, _ = module_with_steps(index, "giz", lessons=1, quiz=False, title="GIZ")
    LearningPathFactory(modules=[first, following], organisation_types=["jgh"])
    client.force_login(learner)
    html = mark(client, les1).content.decode()
    assert "Volgende module van je leerpad:" in html
    assert f'href="{following.url}">GIZ</a>' in html


def test_home_shows_the_path_with_its_due_date_and_where_to_continue(client, learner, giz, index):
    module, (les1, les2, quiz) = giz
    LearningPathFactory(modules=[module], organisation_types=["jgh"])
    progress.complete_step(learner, les1)
    client.force_login(learner)
    html = client.get("/").content.decode()
    assert "Verder waar je gebleven was" in html
    assert f'href="{les2.url}"' in html
    due = learner.profile.start_date + datetime.timedelta(days=60)
    assert "Inwerkprogramma toegang" in html
    assert f"Afronden vóór {due.day}" in html
    assert "nog 48 dagen" in html


def test_my_progress_shows_status_best_score_certificates_and_accreditation(client, learner, giz):
    module, (les1, les2, quiz) = giz
    for step in (les1, les2):
        progress.complete_step(learner, step)
    progress.complete_step(learner, quiz, score=87)
    client.force_login(learner)
    response = client.get(reverse("my_progress"))
    html = response.content.decode()
    assert response.context["nav_section"] == "voortgang"
    assert "lt-status--afgerond" in html and "Afgerond (" in html
    assert "beste score 87%" in html
    certificate = Certificate.objects.get(user=learner)
    assert reverse("certificate_pdf", args=[certificate.code]) in html
    assert "Totaal: 1,5 uur" in html


def test_the_json_export_holds_all_of_a_persons_own_learning_data(client, learner, make_user, giz):
    module, steps = giz
    for step in steps:
        progress.complete_step(learner, step, score=90)
    other = make_user()
    progress.complete_step(other, steps[0])
    client.force_login(learner)
    response = client.get(reverse("my_progress_export"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["user"]["username"] == learner.username
    assert data["profile"]["team"] == "JGH Noord"
    assert len(data["step_completions"]) == 3  # not the other person's
    assert data["module_completions"][0]["module_title"] == "GIZ"
    assert data["accreditation"][0]["hours"] == "1.5"
    assert data["certificates"][0]["code"] == Certificate.objects.get(user=learner).code


def test_accreditation_csv_for_the_register(client, learner, giz):
    module, steps = giz
    profile = learner.profile
    profile.register, profile.registration_number = "skj", "100012345"
    profile.register_cycle_start = datetime.date(2024, 1, 1)
    profile.save()
    for step in steps:
        progress.complete_step(learner, step, score=90)
    client.force_login(learner)
    response = client.get(reverse("accreditation_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, row = text.lstrip("\ufeff").splitlines()[:2]
    assert header.split(";")[:3] == ["Naam", "Register", "Registratienummer"]
    cells = row.split(";")
    assert cells[0] == "Yusuf Bakker" and cells[2] == "100012345"
    assert cells[3] == "2024-01-01 – 2028-12-31"
    assert cells[6] == "1,5"


def test_registration_form_keeps_values_and_explains_mistakes_in_dutch(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("registration"),
        {"register": "", "registration_number": "1234<script>", "register_cycle_start": "2999-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "cijfers en letters" in html
    assert "kan niet in de toekomst liggen" in html
    assert 'value="1234&lt;script&gt;"' in html
    response = client.post(
        reverse("registration"),
        {"register": "skj", "registration_number": "100012345", "register_cycle_start": "2024-01-01"},
    )
    assert response.status_code == 302
    learner.profile.refresh_from_db()
    assert learner.profile.registration_number == "100012345"


def test_a_register_needs_a_registration_number_and_the_form_keeps_what_was_filled_in(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("registration"),
        {"register": "skj", "registration_number": "  ", "register_cycle_start": "2024-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul je registratienummer in" in html
    assert '<option value="skj" selected>' in html
    assert 'value="2024-01-01"' in html
    learner.profile.refresh_from_db()
    assert learner.profile.register == ""
    # and a number needs its register
    response = client.post(reverse("registration"), {"register": "", "registration_number": "100012345"})
    assert "Kies het register waar je registratienummer bij hoort" in response.content.decode()
    assert 'value="100012345"' in response.content.decode()
    # no register and no number is fine: not registered
    response = client.post(reverse("registration"), {"register": "", "registration_number": ""})
    assert response.status_code == 302


def test_my_progress_asks_for_a_missing_registration_number_instead_of_a_dash(client, learner):
    profile = learner.profile
    profile.register = "skj"  # saved before the form required a number
    profile.save()
    client.force_login(learner)
    html = client.get(reverse("my_progress")).content.decode()
    assert "je registratienummer ontbreekt nog" in html
    assert "registratienummer –" not in html


def test_only_the_owner_downloads_the_certificate_pdf(client, learner, make_user, giz):
    module, steps = giz
    for step in steps:
        progress.complete_step(learner, step, score=90)
    certificate = Certificate.objects.get(user=learner)
    client.force_login(learner)
    response = client.get(reverse("certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(make_user())
    assert client.get(reverse("certificate_pdf", args=[certificate.code])).status_code == 404


def certificate_text(**fields):
    from django.utils import translation

    from modules.certificates import certificate_lines

    values = {
        "full_name": "Yusuf Bakker",
        "module_title": "GIZ",
        "completed_on": datetime.date(2026, 3, 12),
        "hours": 1.5,
        "code": "ABCD-EFGH-JKLM-NPQR",
    }
    certificate = Certificate(**(values | fields))
    with translation.override("nl"):
        return [t for _style, t in certificate_lines(certificate, "https://x/certificaat/ABCD/") if t]


def test_the_certificate_text_names_person_module_date_hours_and_code():
    text = "\n".join(certificate_text())
    assert "Bewijs van deelname" in text
    assert "Yusuf Bakker" in text and "GIZ" in text and "12 maart 2026" in text
    assert "1,5 uur" in text and "ABCD-EFGH-JKLM-NPQR" in text


def test_the_certificate_reads_as_one_correct_dutch_sentence():
    lines = certificate_text(full_name="Yusuf Bakker", module_title="GIZ — Gezamenlijk Inschatten")
    start = lines.index("Hierbij verklaren wij dat")
    sentence = " ".join(lines[start : start + 5])
    assert sentence == (
        "Hierbij verklaren wij dat Yusuf Bakker de module “GIZ — Gezamenlijk Inschatten” "
        "op 12 maart 2026 heeft afgerond."
    )
    assert "Accreditatie-uren: 1,5 uur (netto leertijd)." in lines


def test_a_certificate_of_a_module_without_hours_has_no_hours_line_and_a_refresher_says_why_none():
    lines = certificate_text(hours=0)
    assert not [line for line in lines if "Accreditatie" in line or "uur" in line]
    assert "Hierbij verklaren wij dat" in lines
    lines = certificate_text(hours=0, is_refresher=True)
    assert "Deze afronding is een opfrissing van de module." in lines
    assert "Accreditatie-uren: 0 uur (een opfrissing levert geen nieuwe accreditatie-uren op)." in lines


def _main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_public_verification_page_shows_what_the_certificate_says_and_nothing_more(
    client, learner, giz, index
):
    module, steps = giz
    learner.email = "yusuf.bakker@zoetermeer.example"
    learner.save()
    for step in steps:
        progress.complete_step(learner, step, score=90)
    certificate = Certificate.objects.get(user=learner)
    anonymous = Client()
    response = anonymous.get(reverse("verify_certificate", args=[certificate.code.lower()]))
    assert response.status_code == 200
    main = _main(response.content.decode())
    assert "Yusuf Bakker" in main and "GIZ" in main
    assert f"met verificatiecode {certificate.code} is echt" in main
    assert "Accreditatie-uren" in main and "1,5 uur (netto leertijd)" in main
    assert learner.email not in main
    assert "90" not in main and "score" not in main  # no score, nothing else about the person
    response = anonymous.get(reverse("verify_certificate", args=["AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == 404
    assert "Bewijs van deelname onbekend" in response.content.decode()

    # a module without accreditation hours has no hours line
    other, other_steps = module_with_steps(
        index, "toegang-zoetermeer", title="De toegang", quiz=False, hours="0"
    )
    for step in other_steps:
        progress.complete_step(learner, step)
    certificate = Certificate.objects.get(user=learner, module=other)
    main = _main(anonymous.get(reverse("verify_certificate", args=[certificate.code])).content.decode())
    assert "De toegang" in main and "Accreditatie-uren" not in main and "0 uur" not in main


def test_the_public_check_page_finds_a_certificate_by_its_code_without_login(learner, giz):
    module, steps = giz
    for step in steps:
        progress.complete_step(learner, step, score=90)
    certificate = Certificate.objects.get(user=learner)
    anonymous = Client()
    url = reverse("certificate_check")
    response = anonymous.get(url)
    assert response.status_code == 200
    main = _main(response.content.decode())
    assert 'name="code"' in main and "Verificatiecode" in main and "geen account nodig" in main

    typed = certificate.code.replace("-", " ").lower()
    response = anonymous.get(url, {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("verify_certificate", args=[certificate.code])
    assert "Yusuf Bakker" in anonymous.get(url, {"code": typed}, follow=True).content.decode()

    response = anonymous.get(url, {"code": "AAAA-BBBB-CCCC-DDDD"})
    assert response.status_code == 200
    main = _main(response.content.decode())
    assert "We kennen geen bewijs van deelname met de code “AAAA-BBBB-CCCC-DDDD”" in main
    assert 'name="code"' in main and 'value="AAAA-BBBB-CCCC-DDDD"' in main


def test_the_json_export_adds_what_the_other_apps_export_without_replacing_ours(client, learner):
    def export_other_app_data(user):
        return {"other_app_rows": [{"user_id": user.pk}], "user": "replaced"}

    client.force_login(learner)
    with hooks.register_temporarily(progress_hooks.EXPORT_LEARNING_DATA, export_other_app_data):
        data = json.loads(client.get(reverse("my_progress_export")).content)
    assert data["other_app_rows"] == [{"user_id": learner.pk}]
    assert data["user"]["username"] == learner.username


def test_a_lesson_asked_for_by_a_refresher_offers_marking_it_again(client, learner, index):
    module, (les1, les2) = module_with_steps(
        index, "beter-samenspel", lessons=2, quiz=False, refresh_months=12
    )
    long_ago = timezone.now() - datetime.timedelta(days=400)
    for step in (les1, les2):
        progress.complete_step(learner, step, when=long_ago)
    client.force_login(learner)
    html = client.get(les1.url).content.decode()
    assert "Markeer opnieuw als afgerond" in html and "Opfrissen nodig" in html
    mark(client, les1)
    assert "Markeer opnieuw als afgerond" not in client.get(les1.url).content.decode()
    response = mark(client, les2)
    assert "Je hebt de module" in response.content.decode()
    assert ModuleCompletion.objects.filter(user=learner, module=module).count() == 2
    assert "Opfrissen nodig" not in client.get(reverse("my_progress")).content.decode()


def test_accreditation_csv_guards_formulas(client, learner, index):
    module, steps = module_with_steps(index, "formule", title="@SUM(A1) module")
    learner.first_name, learner.last_name = "=HYPERLINK(1)", ""
    learner.save()
    for step in steps:
        progress.complete_step(learner, step, score=90)
    client.force_login(learner)
    response = client.get(reverse("accreditation_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="accreditatie.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    row = text.lstrip("\ufeff").split("\r\n")[1].split(";")
    assert row[0] == "'=HYPERLINK(1)" and row[4] == "'@SUM(A1) module"
