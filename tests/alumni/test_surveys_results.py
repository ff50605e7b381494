"""Survey results: the response rate, per question (choice counts and shares, scale mean and
distribution, text answers for HR leads and the pilot's contributors only), per segment (a table
and a filter), the CSV of the counts (audited), who may see them, and bounded queries.

The world, computed by hand (default questions: C choice, S scale 1-5, T text):

    invite  segment    sent  answered  C                  S  T
    a1      Partners   yes   yes       Job leads          5  "Introduce me to Acme"
    a2      Partners   yes   yes       Job leads          3
    a3      Partners   yes   no
    b1      Clients    yes   yes       Contract work      4  "More events"
    b2      Clients    yes   no
    n1      (none)     yes   yes       Events in my city  2
    u1      Partners   no    no        (invited, email not sent yet: counts nowhere)

Everyone: 4 answered of 6 sent = 66.7 %. C: Job leads 2 of 4 = 50.0 %, Contract work 1 = 25.0 %,
Events in my city 1 = 25.0 %, the three other options 0. S: 2, 3, 4, 5 once each (25.0 % each,
1 never): mean (5 + 3 + 4 + 2) / 4 = 3.50. T: 2 answers.
Per segment (by rank, then no segment): Partners 2 of 3 = 66.7 %, S mean (5 + 3) / 2 = 4.00;
Clients 1 of 2 = 50.0 %, mean 4.00; No segment 1 of 1 = 100.0 %, mean 2.00.
Partners only: 2 of 3 = 66.7 %; C: Job leads 2 of 2 = 100.0 %; S mean 4.00; T: "Introduce me to Acme".
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from alumni.models import Survey
from alumni.selectors.surveys import survey_results
from alumni.services import surveys as services
from tests.alumni import surveys_world as world
from tests.alumni.factories import SegmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def results_world(hr_lead, pilot_b):
    survey = services.survey_create(actor=hr_lead, pilot=pilot_b)
    Survey.objects.filter(pk=survey.pk).update(status="sent", sent_at=timezone.now())
    survey.refresh_from_db()
    partners = SegmentFactory(pilot=pilot_b, name="Partners", rank=1)
    clients = SegmentFactory(pilot=pilot_b, name="Clients", rank=2)
    c, s, t = survey.questions.order_by("order")

    def person(segment, *, sent=True, **answers):
        row = world.invite(survey, world.alumnus(pilot_b, segment=segment), sent=sent)
        if answers:
            world.answer(row, {q.pk: answers[k] for k, q in (("c", c), ("s", s), ("t", t)) if k in answers})
        return row

    person(partners, c="Job leads", s="5", t="Introduce me to Acme")
    person(partners, c="Job leads", s="3")
    person(partners)
    person(clients, c="Contract work", s="4", t="More events")
    person(clients)
    person(None, c="Events in my city", s="2")
    person(partners, sent=False)
    return {"survey": survey, "partners": partners, "clients": clients, "c": c, "s": s, "t": t}


def results_url(survey, query=""):
    return reverse("alumni:survey_results", args=[survey.pk]) + query


def test_results_per_question_match_the_hand_computation(results_world):
    results = survey_results(results_world["survey"], with_text=True)

    assert (results.sent, results.answered, results.rate) == (6, 4, Decimal("66.7"))
    choice, scale, text = results.questions
    assert [(a.label, a.count, a.share) for a in choice.counts] == [
        ("Introductions to companies", 0, Decimal("0.0")),
        ("Job leads", 2, Decimal("50.0")),
        ("Contract work", 1, Decimal("25.0")),
        ("Advice from former colleagues", 0, Decimal("0.0")),
        ("Events in my city", 1, Decimal("25.0")),
        ("Nothing at the moment", 0, Decimal("0.0")),
    ]
    assert [(a.label, a.count) for a in scale.counts] == [("1", 0), ("2", 1), ("3", 1), ("4", 1), ("5", 1)]
    assert scale.mean == Decimal("3.50")
    assert (text.answers, sorted(text.texts)) == (2, ["Introduce me to Acme", "More events"])


def test_results_per_segment_match_the_hand_computation(results_world):
    results = survey_results(results_world["survey"])

    assert [(r.name, r.sent, r.answered, r.rate, r.means) for r in results.segments] == [
        ("Partners", 3, 2, Decimal("66.7"), [Decimal("4.00")]),
        ("Clients", 2, 1, Decimal("50.0"), [Decimal("4.00")]),
        ("No segment", 1, 1, Decimal("100.0"), [Decimal("2.00")]),
    ]
    assert results.questions[2].texts == []  # not asked for


def test_the_segment_filter_narrows_every_figure(client_for, hr_lead, results_world):
    partners = results_world["partners"]

    response = client_for(hr_lead).get(results_url(results_world["survey"], f"?segment={partners.pk}"))

    results = response.context["results"]
    assert response.status_code == 200
    assert (results.sent, results.answered, results.rate, results.segment_name) == (3, 2, Decimal("66.7"), "Partners")
    choice, scale, text = results.questions
    assert [(a.label, a.count, a.share) for a in choice.counts if a.count] == [("Job leads", 2, Decimal("100.0"))]
    assert scale.mean == Decimal("4.00")
    assert text.texts == ["Introduce me to Acme"]
    assert "Response rate in Partners" in response.content.decode()


def test_a_bad_segment_filter_shows_everyone(client_for, hr_lead, results_world):
    response = client_for(hr_lead).get(results_url(results_world["survey"], "?segment=99999999999999999999"))

    assert response.status_code == 200
    assert response.context["results"].sent == 6


def test_contributor_of_the_pilot_reads_the_text_answers_and_it_is_audited(client_for, contributor_b, results_world):
    page = client_for(contributor_b).get(results_url(results_world["survey"]))

    assert page.status_code == 200
    assert "Introduce me to Acme" in page.content.decode()
    assert AuditEvent.objects.filter(verb="survey.results_viewed", actor=contributor_b).count() == 1


def test_manager_sees_the_counts_never_the_text(client_for, manager, sponsor_b, results_world):
    sponsor_b.managers.add(manager)

    page = client_for(manager).get(results_url(results_world["survey"]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "66.7 %" in text and "Job leads" in text
    assert "Introduce me to Acme" not in text and "More events" not in text
    assert "only HR leads and the pilot's contributors read them" in text
    assert not AuditEvent.objects.filter(verb="survey.results_viewed").exists()


def test_manager_of_another_sponsor_and_contributor_of_another_pilot_get_404(
    client_for, manager, contributor_a, results_world
):
    survey = results_world["survey"]
    for user in (manager, contributor_a):
        assert client_for(user).get(results_url(survey)).status_code == 404
        assert client_for(user).get(reverse("alumni:survey_results_csv", args=[survey.pk])).status_code == 404


def test_csv_has_the_counts_not_the_text_and_is_audited(client_for, manager, sponsor_b, results_world):
    sponsor_b.managers.add(manager)
    survey = results_world["survey"]

    response = client_for(manager).get(reverse("alumni:survey_results_csv", args=[survey.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["segment", "question", "answer", "count", "share_percent"]
    assert ["Everyone", "Response rate", "4 answered of 6 sent", "4", "66.7"] in rows
    assert ["Everyone", "What would help you most right now?", "Job leads", "2", "50.0"] in rows
    assert ["Everyone", "How likely are you to recommend working with us? (1–5)", "mean", "3.50", ""] in rows
    assert ["Everyone", "Anything else we could do for you?", "(text answers)", "2", ""] in rows
    assert ["Clients", "Response rate", "1 answered of 2 sent", "1", "50.0"] in rows
    assert "Acme" not in response.content.decode()
    event = AuditEvent.objects.get(verb="survey.results_exported")
    assert (event.actor, event.target_id) == (manager, str(survey.pk))


def test_results_page_queries_are_bounded(client_for, hr_lead, pilot_b, results_world, django_assert_max_num_queries):
    client = client_for(hr_lead)
    client.get(results_url(results_world["survey"]))  # warm the session
    with django_assert_max_num_queries(20):
        small = client.get(results_url(results_world["survey"]))
    for _ in range(15):
        row = world.invite(results_world["survey"], world.alumnus(pilot_b, segment=SegmentFactory(pilot=pilot_b)))
        world.answer(row, {results_world["c"].pk: "Job leads", results_world["s"].pk: "1", results_world["t"].pk: "x"})
    with django_assert_max_num_queries(20):
        large = client.get(results_url(results_world["survey"]))

    assert small.status_code == large.status_code == 200
    assert large.context["results"].answered == 19


def test_list_counts_sent_and_answered(client_for, hr_lead, results_world, django_assert_max_num_queries):
    client = client_for(hr_lead)
    client.get(reverse("alumni:survey_list"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("alumni:survey_list"))

    row = page.context["surveys"][0]
    assert (row.question_count, row.invited, row.sent_count, row.answered_count) == (3, 7, 6, 4)
