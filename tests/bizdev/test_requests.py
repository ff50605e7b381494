"""bizdev.services.requests: the guardrail and conflict rules before one of ours is sent (refused →
nothing written; confirmed / disclosed → written with the check recorded and audited), the
audience checks, alumni's asks skipping the rules, edits running the rules again, responses and
the open → answered → closed → open cycle, who may change what, and the emails (consented alumni
only, once each)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import AuditEvent
from bizdev.models import GuardrailCheck, HelpRequest, HelpResponse
from bizdev.services import request_answers, request_links
from bizdev.services import requests as services
from core.errors import ConflictError, DomainError, ForbiddenError
from tests.alumni.factories import SegmentFactory
from tests.bizdev.factories import OpportunityFactory, ReferenceFactory
from tests.bizdev.test_requests_world import *  # noqa: F403  (the shared fixtures)
from tests.bizdev.test_requests_world import make_alumnus, ours
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def written():
    return (HelpRequest.objects.count(), GuardrailCheck.objects.count(), AuditEvent.objects.count())


def create(actor, pilot, **overrides):
    return services.help_request_create(actor=actor, **ours(pilot, **overrides))


# --- the guardrail ------------------------------------------------------------------------------


def test_a_guardrail_hit_without_confirmation_is_refused_with_the_hits(cleo, pilot3, segment, alma):
    before = written()
    with pytest.raises(DomainError) as refused:
        create(cleo, pilot3, segment=segment, body="Could you tell us their prices and the NDA terms?")
    error = refused.value
    assert error.code == "guardrail_unconfirmed"
    assert [h["term"] for h in error.fields["hits"]] == ["NDA", "price"]
    assert all(h["note"] for h in error.fields["hits"])
    assert "“NDA”" in error.message and error.fields["confirm_guardrail"] == [error.message]
    assert written() == before


def test_a_confirmed_hit_is_sent_with_the_check_recorded(cleo, pilot3, segment, alma):
    request = create(
        cleo, pilot3, segment=segment, body="Any idea of their pricing model?", confirm_guardrail=True, now=NOW
    )
    assert [h["term"] for h in request.guardrail_hits] == ["pricing"]
    assert (request.guardrail_confirmed_by, request.guardrail_confirmed_at) == (cleo, NOW)
    check = GuardrailCheck.objects.get(request=request)
    assert (check.confirmed, check.checked_by, [h["term"] for h in check.hits]) == (True, cleo, ["pricing"])
    verbs = set(AuditEvent.objects.filter(target_id=str(request.pk)).values_list("verb", flat=True))
    assert {"help_request.created", "help_request.guardrail_checked", "help_request.guardrail_confirmed"} <= verbs


def test_a_clean_request_records_a_check_without_hits(cleo, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment)
    check = GuardrailCheck.objects.get(request=request)
    assert (check.hits, check.confirmed) == ([], False)
    assert request.guardrail_confirmed_by is None and request.status == "open" and request.asked_by == cleo
    assert not AuditEvent.objects.filter(verb="help_request.guardrail_confirmed").exists()


# --- the conflict of interest ---------------------------------------------------------------------


def test_a_conflict_without_a_disclosure_is_refused_with_the_conflicts(cleo, pilot3, segment, deal, alma, rita, pete):
    before = written()
    for disclosure in ("", "Too short, sorry."):
        with pytest.raises(DomainError) as refused:
            create(cleo, pilot3, segment=segment, opportunity=deal, disclosure=disclosure)
        assert refused.value.code == "conflict_undisclosed"
        assert {c["alumnus_id"] for c in refused.value.fields["conflicts"]} == {rita.pk, pete.pk}
        assert "Rita Alumna works for Quarry & Finch" in refused.value.message
    assert written() == before


def test_a_disclosed_conflict_is_sent_and_the_disclosure_recorded(cleo, pilot3, segment, deal, alma, rita, pete):
    text = "Rita works at Quarry & Finch, a competitor: she need not answer."
    request = create(cleo, pilot3, segment=segment, opportunity=deal, disclosure=text, now=NOW)
    assert request.disclosure == text and (request.disclosed_by, request.disclosed_at) == (cleo, NOW)
    assert {c["alumnus_id"] for c in request.conflicts} == {rita.pk, pete.pk}
    event = AuditEvent.objects.get(verb="help_request.conflict_disclosed")
    assert set(event.data["conflicts"]) == {rita.pk, pete.pk} and event.actor == cleo


def test_a_guardrail_refusal_also_lists_the_conflicts_so_both_can_be_answered_at_once(
    cleo, pilot3, segment, deal, rita
):
    with pytest.raises(DomainError) as refused:
        create(cleo, pilot3, segment=segment, opportunity=deal, body="Their contract?")
    assert refused.value.code == "guardrail_unconfirmed"
    assert [c["alumnus_id"] for c in refused.value.fields["conflicts"]] == [rita.pk]


def test_chosen_alumni_without_a_competitor_need_no_disclosure(cleo, pilot3, deal, alma, rita):
    request = create(cleo, pilot3, audience="chosen", chosen_alumni=[alma], opportunity=deal)
    assert request.conflicts == [] and list(request.chosen_alumni.all()) == [alma]


# --- the private group ------------------------------------------------------------------------------


def test_the_group_needs_an_approved_policy(cleo, pilot3, group):
    with pytest.raises(DomainError) as refused:
        create(cleo, pilot3, audience="group", venue=group)
    assert refused.value.code == "no_policy" and not HelpRequest.objects.exists()


def test_the_policys_never_share_items_count_as_guardrail_hits(cleo, pilot3, group, policy):
    with pytest.raises(DomainError) as refused:
        create(cleo, pilot3, audience="group", venue=group, body="Which client names did they mention?")
    assert refused.value.code == "guardrail_unconfirmed"
    assert [h["term"] for h in refused.value.fields["hits"]] == ["Client names"]
    request = create(cleo, pilot3, audience="group", venue=group, body="Client names?", confirm_guardrail=True)
    assert request.venue == group and request.guardrail_confirmed_by == cleo


def test_a_group_reaching_a_competitor_needs_a_disclosure(cleo, pilot3, group, policy, rita, alma):
    from alumni.models import GroupMembership

    assert create(cleo, pilot3, audience="group", venue=group).conflicts == []  # rita only invited
    GroupMembership.objects.filter(alumnus=rita).update(status="joined")
    with pytest.raises(DomainError) as refused:
        create(cleo, pilot3, audience="group", venue=group)
    assert refused.value.code == "conflict_undisclosed"


def test_a_public_venue_or_another_pilots_group_is_refused(cleo, pilot3, policy, alma):
    from tests.programs.factories import VenueFactory

    public = VenueFactory(name="Public one")
    with pytest.raises(DomainError) as refused:
        create(cleo, pilot3, audience="group", venue=public)
    assert "venue" in refused.value.fields


# --- audience and links --------------------------------------------------------------------------


def test_audience_and_links_must_be_the_pilots(cleo, pilot3, segment, alma, pilot_a, deal):
    other_segment = SegmentFactory(pilot=pilot_a)  # another sponsor's
    stranger = make_alumnus(pilot_a, other_segment, "Stranger")
    other_deal = OpportunityFactory(pilot=PilotFactory(stage=3))
    other_ref = ReferenceFactory()
    cases = [
        ({"segment": other_segment}, "segment"),
        ({"audience": "chosen", "chosen_alumni": [stranger]}, "chosen_alumni"),
        ({"audience": "chosen", "chosen_alumni": []}, "chosen_alumni"),
        ({"audience": ""}, "audience"),
        ({"segment": segment, "opportunity": other_deal}, "opportunity"),
        ({"segment": segment, "references": [other_ref]}, "references"),
        ({"segment": segment, "title": "   "}, "title"),
        ({"segment": segment, "body": ""}, "body"),
        ({"segment": segment, "kind": "gossip"}, "kind"),
        ({"segment": segment, "direction": "sideways"}, "direction"),
    ]
    before = written()
    for overrides, field in cases:
        with pytest.raises(DomainError) as refused:
            create(cleo, pilot3, **overrides)
        assert field in refused.value.fields, overrides
    assert written() == before


def test_only_a_stage_3_pilot_of_ones_own(cleo, contributor_b, pilot_b, pilot3, segment):
    with pytest.raises(DomainError) as refused:
        create(contributor_b, pilot3, segment=segment)
    assert refused.value.fields["pilot"] == [services.MSG_PILOT]
    with pytest.raises(DomainError):
        create(contributor_b, pilot_b, segment=segment)  # a Stage 2 pilot


def test_an_alumnus_ask_entered_by_an_employee_skips_both_rules(cleo, pilot3, rita):
    ask = services.help_request_create(
        actor=cleo,
        pilot=pilot3,
        direction="alumni",
        kind="introduction",
        title="Intro to a buyer",
        body="Rita asks for an introduction; she mentions her contract and pricing.",
        alumnus=rita,
        audience="segment",
    )
    assert (ask.direction, ask.alumnus, ask.audience, ask.guardrail_hits, ask.conflicts) == ("alumni", rita, "", [], [])
    assert not GuardrailCheck.objects.exists()
    assert AuditEvent.objects.get(verb="help_request.created").person_id == rita.person_id


def test_an_alumnus_ask_needs_a_visible_alumnus(cleo, pilot3, pilot_a):
    stranger = make_alumnus(pilot_a, None, "Stranger")  # another sponsor's
    for alumnus in (None, stranger):
        with pytest.raises(DomainError) as refused:
            services.help_request_create(
                actor=cleo, pilot=pilot3, direction="alumni", kind="insight", title="T", body="B", alumnus=alumnus
            )
        assert "alumnus" in refused.value.fields


# --- edits ---------------------------------------------------------------------------------------


def test_an_edit_with_a_new_hit_needs_a_confirmation(cleo, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment)
    with pytest.raises(DomainError) as refused:
        services.help_request_update(actor=cleo, request=request, body="What is their margin?")
    assert refused.value.code == "guardrail_unconfirmed"
    request.refresh_from_db()
    assert "margin" not in request.body and GuardrailCheck.objects.count() == 1
    changed = services.help_request_update(
        actor=cleo, request=request, body="What is their margin?", confirm_guardrail=True
    )
    assert "body" in changed and GuardrailCheck.objects.count() == 2
    assert GuardrailCheck.objects.first().confirmed is True
    # The same hit again needs no new confirmation.
    services.help_request_update(actor=cleo, request=request, title="Orchard's margins, in general")
    assert HelpRequest.objects.get().title == "Orchard's margins, in general"


def test_an_edit_that_reaches_a_new_competitor_needs_the_disclosure_updated(cleo, pilot3, deal, alma, rita, pete):
    request = create(
        cleo,
        pilot3,
        audience="chosen",
        chosen_alumni=[alma, rita],
        opportunity=deal,
        disclosure="Rita works for a competitor of ours.",
    )
    with pytest.raises(DomainError) as refused:
        services.help_request_update(actor=cleo, request=request, chosen_alumni=[alma, rita, pete])
    assert refused.value.code == "conflict_undisclosed" and "Pete" in refused.value.message
    services.help_request_update(
        actor=cleo,
        request=request,
        chosen_alumni=[alma, rita, pete],
        disclosure="Rita and Pete work for competitors of ours or of Orchard.",
    )
    request.refresh_from_db()
    assert {c["alumnus_id"] for c in request.conflicts} == {rita.pk, pete.pk}
    assert request.chosen_alumni.count() == 3


def test_a_colleague_may_not_edit_close_or_reopen_but_may_answer(cleo, dan, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment)
    with pytest.raises(ForbiddenError):
        services.help_request_update(actor=dan, request=request, title="Mine now")
    with pytest.raises(ForbiddenError):
        request_answers.help_request_close(actor=dan, request=request)
    request_answers.help_response_add(actor=dan, request=request, body="I know someone there.", mark_answered=True)
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_at is not None


def test_another_pilots_contributor_may_not_answer(contributor_b, cleo, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment)
    with pytest.raises(ForbiddenError):
        request_answers.help_response_add(actor=contributor_b, request=request, body="Hi")
    assert not HelpResponse.objects.exists()


# --- responses and status --------------------------------------------------------------------------


def test_answered_is_set_the_first_time_and_kept_through_reopening(cleo, pilot3, rita):
    ask = services.help_request_create(
        actor=cleo,
        pilot=pilot3,
        direction="alumni",
        kind="insight",
        title="Market in Spain",
        body="What do you see?",
        alumnus=rita,
        now=NOW,
    )
    later = NOW + dt.timedelta(days=3)
    request_answers.help_request_mark_answered(actor=cleo, request=ask, now=later)
    assert (ask.status, ask.answered_at) == ("answered", later)
    with pytest.raises(ConflictError):
        request_answers.help_request_mark_answered(actor=cleo, request=ask, now=later)
    request_answers.help_request_close(actor=cleo, request=ask, now=later + dt.timedelta(days=1))
    with pytest.raises(ConflictError):
        request_answers.help_request_close(actor=cleo, request=ask)
    with pytest.raises(ConflictError):
        request_answers.help_response_add(actor=cleo, request=ask, body="Too late")
    request_answers.help_request_reopen(actor=cleo, request=ask)
    ask.refresh_from_db()
    assert (ask.status, ask.answered_at, ask.closed_at) == ("open", later, None)
    request_answers.help_request_mark_answered(actor=cleo, request=ask, now=later + dt.timedelta(days=9))
    ask.refresh_from_db()
    assert ask.answered_at == later  # first time only
    with pytest.raises(ConflictError):
        request_answers.help_request_reopen(actor=cleo, request=ask)


def test_a_response_logged_for_an_alumnus(cleo, pilot3, segment, alma, pilot_a):
    request = create(cleo, pilot3, segment=segment)
    response = request_answers.help_response_add(actor=cleo, request=request, body=" They expand north. ", alumnus=alma)
    assert (response.author, response.alumnus, response.body) == (cleo, alma, "They expand north.")
    assert AuditEvent.objects.get(verb="help_request.response_added").person_id == alma.person_id
    with pytest.raises(DomainError):
        request_answers.help_response_add(actor=cleo, request=request, body="   ")
    with pytest.raises(DomainError):
        request_answers.help_response_add(
            actor=cleo, request=request, body="x", alumnus=make_alumnus(pilot_a, None, "Zed")
        )
    assert HelpResponse.objects.count() == 1


# --- emails ---------------------------------------------------------------------------------------


def test_the_request_is_emailed_once_to_consenting_alumni_only(
    eager_celery, cleo, pilot3, segment, alma, django_capture_on_commit_callbacks
):
    make_alumnus(pilot3, segment, "Nico", email="nico@mail.example", consent=False)
    make_alumnus(pilot3, segment, "Dina", email="dina@mail.example", dnc=True)
    make_alumnus(pilot3, segment, "Noel")  # no email
    with django_capture_on_commit_callbacks(execute=True):
        request = create(cleo, pilot3, segment=segment, body="General <b>insight</b> on Orchard?")
    assert [m.to for m in mail.outbox] == [["alma@mail.example"]]
    message = mail.outbox[0]
    assert "Orchard's expansion" in message.subject and "General <b>insight</b>" in message.body
    assert "/bizdev/respond/" in message.body
    assert "General &lt;b&gt;insight&lt;/b&gt;" in message.alternatives[0][0]
    assert request_links.help_request_send(request_id=request.pk) == 0  # at most once per person
    event = AuditEvent.objects.get(verb="help_request.emailed")
    assert event.person_id == alma.person_id and event.actor is None


def test_consent_withdrawn_before_the_task_runs_means_no_email(cleo, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment)
    alma.person.consent_to_contact = False
    alma.person.consent_date = None
    alma.person.save()
    assert request_links.help_request_send(request_id=request.pk) == 0
    assert mail.outbox == []


def test_a_group_request_is_not_emailed_and_has_a_post_to_copy(cleo, pilot3, group, policy, alma):
    from bizdev.selectors.requests import group_post_text

    request = create(cleo, pilot3, audience="group", venue=group)
    assert request_links.help_request_send(request_id=request.pk) == 0
    post = group_post_text(request)
    assert post.startswith("Orchard's expansion") and "Reply here" in post


def test_a_closed_or_missing_request_sends_nothing(cleo, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment)
    request_answers.help_request_close(actor=cleo, request=request)
    assert request_links.help_request_send(request_id=request.pk) == 0
    assert request_links.help_request_send(request_id=10**9) == 0


def test_time_is_injectable(cleo, pilot3, segment, alma):
    request = create(cleo, pilot3, segment=segment, now=NOW)
    assert request.created_at == NOW and timezone.is_aware(request.created_at)


# --- found in review: the disclosure is sent too, re-sent disclosures, asks, late audience ----------


def test_the_disclosure_is_read_by_the_guardrail_as_it_is_sent_with_the_request(cleo, pilot3, deal, alma, rita):
    before = written()
    with pytest.raises(DomainError) as refused:
        create(
            cleo,
            pilot3,
            audience="chosen",
            chosen_alumni=[rita],
            opportunity=deal,
            disclosure="Rita works for a competitor; she could still send us their tender prices.",
        )
    assert refused.value.code == "guardrail_unconfirmed"
    assert {h["term"] for h in refused.value.fields["hits"]} >= {"tender"}
    assert written() == before


def test_an_api_style_edit_resending_the_old_disclosure_does_not_cover_a_new_competitor(
    cleo, pilot3, deal, alma, rita, pete
):
    old = "Rita works for a competitor of ours."
    request = create(cleo, pilot3, audience="chosen", chosen_alumni=[alma, rita], opportunity=deal, disclosure=old)
    with pytest.raises(DomainError) as refused:
        services.help_request_update(actor=cleo, request=request, chosen_alumni=[alma, rita, pete], disclosure=old)
    assert refused.value.code == "conflict_undisclosed" and "Pete" in refused.value.message
    assert request.chosen_alumni.count() == 2


def test_an_alumnus_ask_keeps_no_disclosure(cleo, pilot3, rita):
    ask = services.help_request_create(
        actor=cleo, pilot=pilot3, direction="alumni", alumnus=rita, kind="insight", title="Intro to a buyer?",
        body="Could you introduce me to a retail buyer?", disclosure="Some text that does not belong here.",
    )  # fmt: skip
    assert (ask.disclosure, ask.disclosed_by) == ("", None)


def test_an_answer_is_logged_only_for_the_requests_sponsors_alumni(cleo, pilot3, segment, alma, pilot_a):
    request = create(cleo, pilot3, segment=segment)
    MembershipFactory(pilot=pilot_a, user=cleo)  # cleo now reaches another sponsor's alumni too
    elsewhere = make_alumnus(pilot_a, None, "Elsa")
    with pytest.raises(DomainError):
        request_answers.help_response_add(actor=cleo, request=request, body="From Elsa", alumnus=elsewhere)
    assert not HelpResponse.objects.filter(alumnus=elsewhere).exists()


def test_alumni_who_join_the_audience_by_an_edit_are_emailed_and_nobody_twice(
    eager_celery, cleo, pilot3, deal, alma, django_capture_on_commit_callbacks
):
    nico = make_alumnus(pilot3, None, "Nico", email="nico@mail.example")
    with django_capture_on_commit_callbacks(execute=True):
        request = create(cleo, pilot3, audience="chosen", chosen_alumni=[alma])
    with django_capture_on_commit_callbacks(execute=True):
        services.help_request_update(actor=cleo, request=request, chosen_alumni=[alma, nico])
    assert sorted(m.to[0] for m in mail.outbox) == ["alma@mail.example", "nico@mail.example"]
