"""The runner's verdicts on the issue's targets (bench/run.py), from a result table."""

from bench import run
from bench.wrk import WrkResult


def row(page, share=50.0, p50=10.0, p95=20.0, errors=0):
    return {"page": page, "share_of_ceiling_pct": share, "p50_ms": p50, "p95_ms": p95, "errors": errors}


def mixed(errors=0):
    sockets = {"connect": 0, "read": 0, "write": 0, "timeout": errors}
    return WrkResult(100, 60.0, 1.7, 1, 2, 3, 4, 5, 0, sockets)


def verdicts(rows, mixed_run):
    return {t["target"]: t["pass"] for t in run.evaluate(rows, mixed_run)}


def fast_rows():
    return [row(page) for page in {page for _label, page, _how, _limit in run.TARGETS}]


def test_every_target_passes_when_every_page_is_fast_and_error_free():
    assert all(verdicts(fast_rows(), mixed()).values())


def test_each_kind_of_target_fails_on_its_own_number():
    rows = {r["page"]: r for r in fast_rows()}
    rows["lesson"]["share_of_ceiling_pct"] = 12.0  # above the floor, under the aim
    rows["team dashboard (200)"]["p95_ms"] = 300.0  # "under 300 ms": 300 is not under
    rows["admin quiz edit"]["p50_ms"] = 1200.0
    result = verdicts(list(rows.values()), mixed(errors=1))

    assert result["lesson at >= 15 % of the ceiling"] is False
    assert result["lesson at >= 10 % of the ceiling (floor)"] is True
    assert result["team dashboard (200 people) p95 < 300 ms"] is False
    assert result["admin quiz edit < 1 s server time"] is False
    assert result["admin lesson edit < 1 s server time"] is True
    assert result["zero errors at 50 connections for 60 s (mixed)"] is False  # a timeout is an error


def test_a_fast_page_with_errors_fails_and_a_missing_page_fails():
    rows = [r for r in fast_rows() if r["page"] != "kaart search"]
    next(r for r in rows if r["page"] == "quiz submit")["errors"] = 3
    result = verdicts(rows, mixed())

    assert result["quiz submit p95 < 150 ms"] is False
    assert result["kaart search (5,000 entries) p95 < 150 ms"] is False
    assert result["every page without errors"] is False


def test_quiz_submits_that_saved_no_attempt_fail_the_run():
    def check(saved, twice=0):
        submits = {"answers_302": 120, "attempts_saved": saved, "forms_sent_twice": twice, "connections": 4}
        return verdicts_with(submits)["every quiz submit saved a new attempt"]

    assert check(120) is True
    assert check(124) is True  # four forms were still on their way when wrk stopped counting
    assert check(125) is False
    # a redirect for a form handed in before ("already submitted") is a 302 without an attempt
    assert check(100, twice=20) is False
    assert check(120, twice=1) is False


def verdicts_with(submit_check):
    return {t["target"]: t["pass"] for t in run.evaluate(fast_rows(), mixed(), submit_check)}
