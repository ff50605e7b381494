"""`manage.py load_demo`, Stage 2: the alumni pilot is not empty, through alumni.services."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from alumni.models import (
    AlumniRecommendation,
    AlumniSegment,
    Alumnus,
    CoachingSession,
    EventIntroduction,
    GoodwillChange,
    NetworkingEvent,
    OutplacementCase,
    SurveyInvite,
)
from metrics.models import Introduction
from metrics.report import build_report

pytestmark = pytest.mark.django_db


def run() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_alumni_pilot_has_a_few_hundred_alumni_in_ranked_segments():
    run()
    alumni = Alumnus.objects.filter(pilot__name="Consulting alumni network")

    assert alumni.count() >= 250
    segments = list(AlumniSegment.objects.filter(pilot__name="Consulting alumni network").order_by("rank"))
    assert [s.rank for s in segments] == [1, 2, 3]
    for segment in segments:
        assert alumni.filter(segment=segment).exists(), segment.name
    # The import went through the service: one audit event says so, with the file's rows.
    assert AuditEvent.objects.filter(verb="imports.finished").exists()
    # Names in several scripts were imported and are searchable folded.
    assert alumni.filter(person__first_name="Ελένη").exists()
    assert alumni.filter(person__search_text__contains="muller").exists()


def test_goodwill_has_history_and_a_bell_curve():
    run()
    levels = set(Alumnus.objects.exclude(goodwill="unknown").values_list("goodwill", flat=True))

    assert {"loves", "positive", "neutral", "negative", "hostile"} <= levels
    assert GoodwillChange.objects.count() > 150


def test_two_introductions_were_confirmed_by_the_alumnus_through_the_link():
    run()
    confirmed = Introduction.objects.filter(meaningful=True, confirmed_by__isnull=True, stage=2)

    assert confirmed.count() == 2
    assert all(intro.confirmed_at is not None for intro in confirmed)


def test_an_event_a_survey_with_answers_a_recommendation_outplacement_and_coaching():
    run()

    event = NetworkingEvent.objects.get(name="Berlin Consulting Meetup")
    assert event.recommended_by.exists() and event.attendees.count() == 2
    assert EventIntroduction.objects.filter(event=event).count() == 2
    invites = SurveyInvite.objects.filter(survey__title="How would you like us to help?")
    assert invites.filter(sent_at__isnull=False).count() > 10
    answered = invites.filter(answered_at__isnull=False).count()
    assert 0 < answered < invites.count()
    assert AlumniRecommendation.objects.filter(kind="contractor").count() == 1
    assert OutplacementCase.objects.count() == 1
    assert CoachingSession.objects.count() == 2


def test_stage_2_figures_and_page_are_not_empty(client_for):
    run()
    hr = User.objects.get(email="hr@demo.example")

    today = timezone.localdate()
    report = build_report(user=hr, start=today - dt.timedelta(days=364), end=today)
    figures = {f.key: f for f in report.stage_figures[2]}
    assert figures["alumni.introductions.meaningful"].value > 0
    assert figures["alumni.survey_response_rate"].value > 0
    assert figures["alumni.events"].value == 1

    page = client_for(hr).get(reverse("alumni:index"))
    assert page.status_code == 200
    assert page.context["can_manage"] is True
