"""The help request pages: the form shows the guidance; a guardrail hit re-shows the form with the
hits and a confirmation checkbox and writes nothing; a conflict shows each conflict and a
disclosure box; confirmed and disclosed requests are written with the check recorded. The request
page leads with the disclosure; answers, "answered", close and reopen; the list's filters and
preset; access (another pilot 404, manager 404, a colleague 403 on edit); HTML escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from bizdev.models import GuardrailCheck, HelpRequest, HelpResponse
from bizdev.services import requests as services
from metrics.models import Assist, AssistType
from tests.bizdev.factories import HelpRequestFactory
from tests.bizdev.test_requests_world import *  # noqa: F403  (the shared fixtures)
from tests.bizdev.test_requests_world import make_alumnus, ours

pytestmark = pytest.mark.django_db

CREATE = reverse("bizdev:request_create")


def post_ours(client, segment, **overrides):
    data = {
        "direction": "ours",
        "pilot": segment.pilot_id,
        "kind": "insight",
        "title": "Orchard's expansion",
        "body": "Can anyone give us some general insight?",
        "audience": "segment",
        "segment": segment.pk,
        **overrides,
    }
    return client.post(CREATE, data)


def test_the_form_shows_the_guidance_next_to_the_text(client_for, cleo, pilot3, segment):
    response = client_for(cleo).get(CREATE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Never ask for privileged information" in html and 'id="guidance"' in html
    assert "“price”" in html  # the terms it checks for
    assert 'name="confirm_guardrail"' not in html and 'name="alumnus"' not in html


def test_a_guardrail_hit_shows_the_hits_and_a_required_confirmation_and_writes_nothing(client_for, cleo, segment, alma):
    client = client_for(cleo)
    response = post_ours(client, segment, body="What are their prices under the NDA?")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Is this a request for privileged information?" in html
    assert "<strong>NDA</strong>" in html and "<strong>price</strong>" in html
    assert 'name="confirm_guardrail"' in html
    assert not HelpRequest.objects.exists() and not GuardrailCheck.objects.exists()
    response = post_ours(client, segment, body="What are their prices under the NDA?", confirm_guardrail="on")
    request = HelpRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("bizdev:request_detail", args=[request.pk])
    assert request.guardrail_confirmed_by == cleo and GuardrailCheck.objects.get().confirmed


def test_a_conflict_shows_each_conflict_and_needs_a_disclosure(client_for, cleo, segment, deal, alma, rita):
    client = client_for(cleo)
    response = post_ours(client, segment, opportunity=deal.pk)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Conflict of interest" in html and "Rita Alumna works for Quarry &amp; Finch" in html
    assert 'name="disclosure"' in html and not HelpRequest.objects.exists()
    text = "Rita works at Quarry & Finch, a competitor; <b>she</b> may skip this one."
    response = post_ours(client, segment, opportunity=deal.pk, disclosure=text)
    assert response.status_code == 302
    request = HelpRequest.objects.get()
    assert request.disclosure == text
    page = client.get(reverse("bizdev:request_detail", args=[request.pk])).content.decode()
    assert "Conflict of interest, disclosed" in page
    assert "&lt;b&gt;she&lt;/b&gt;" in page and "<b>she</b>" not in page


def test_the_disclosure_is_shown_to_a_colleague_too(client_for, cleo, dan, pilot3, segment, deal, rita):
    request = services.help_request_create(
        actor=cleo, **ours(pilot3, segment=segment, opportunity=deal, disclosure="Rita works for a competitor of ours.")
    )
    page = client_for(dan).get(reverse("bizdev:request_detail", args=[request.pk])).content.decode()
    assert "Rita works for a competitor of ours." in page and "Conflict of interest, disclosed" in page


def test_an_alumnus_ask_through_the_toggle(client_for, cleo, pilot3, rita):
    client = client_for(cleo)
    page = client.get(CREATE + "?direction=alumni").content.decode()
    assert 'name="alumnus"' in page and 'name="audience"' not in page
    response = client.post(
        CREATE,
        {
            "direction": "alumni",
            "pilot": pilot3.pk,
            "kind": "partnership",
            "title": "A partner in Spain",
            "body": "Rita asks about our contract terms for partners.",
            "alumnus": rita.pk,
        },
    )
    assert response.status_code == 302
    ask = HelpRequest.objects.get()
    assert (ask.direction, ask.alumnus, ask.via_link) == ("alumni", rita, False)


def test_bad_input_shows_clear_messages_and_writes_nothing(client_for, cleo, segment):
    response = post_ours(client_for(cleo), segment, title="", audience="chosen")
    html = response.content.decode()
    assert response.status_code == 400 and "This field is required." in html
    response = post_ours(client_for(cleo), segment, audience="chosen")
    assert services.MSG_CHOSEN in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_the_opportunity_is_preselected(client_for, cleo, deal):
    response = client_for(cleo).get(CREATE + f"?opportunity={deal.pk}")
    assert response.context["form"].initial["opportunity"] == deal.pk


def test_the_detail_page_shows_assists_and_a_log_link(client_for, cleo, pilot3, segment, alma):
    request = services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))
    Assist.objects.create(
        direction="received",
        employee=cleo,
        person=alma.person,
        assist_type=AssistType.objects.first(),
        points=3,
        reference_kind="help_request",
        reference_id=str(request.pk),
        reference_label=request.title,
        pilot=pilot3,
        stage=3,
    )
    response = client_for(cleo).get(reverse("bizdev:request_detail", args=[request.pk]))
    assert [a.person for a in response.context["assists"]] == [alma.person]
    assert AuditEvent.objects.filter(verb="help_request.viewed", target_id=str(request.pk)).exists()


def test_answer_mark_close_reopen_through_the_page(client_for, cleo, pilot3, segment, alma):
    request = services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))
    client = client_for(cleo)
    url = reverse("bizdev:request_response_add", args=[request.pk])
    assert client.post(url, {"body": ""}).status_code == 400
    client.post(url, {"body": "She says <i>yes</i>.", "alumnus": alma.pk, "mark_answered": "on"})
    request.refresh_from_db()
    assert request.status == "answered" and HelpResponse.objects.get().alumnus == alma
    page = client.get(reverse("bizdev:request_detail", args=[request.pk])).content.decode()
    assert "She says &lt;i&gt;yes&lt;/i&gt;." in page
    client.post(reverse("bizdev:request_close", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "closed"
    response = client.post(reverse("bizdev:request_close", args=[request.pk]), follow=True)
    assert services.MSG_ALREADY_CLOSED in response.content.decode()
    client.post(reverse("bizdev:request_reopen", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "open"


def test_the_group_request_page_shows_the_post_to_copy(client_for, cleo, pilot3, group, policy):
    request = services.help_request_create(actor=cleo, **ours(pilot3, audience="group", venue=group))
    page = client_for(cleo).get(reverse("bizdev:request_detail", args=[request.pk])).content.decode()
    assert "The post for the private group" in page and "Reply here or send me a message" in page


def test_edit_runs_the_rules_again(client_for, cleo, pilot3, segment, alma):
    request = services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))
    url = reverse("bizdev:request_edit", args=[request.pk])
    client = client_for(cleo)
    assert client.get(url).status_code == 200
    data = {
        "kind": "insight",
        "title": "Their tender",
        "body": "Who bid?",
        "audience": "segment",
        "segment": segment.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 400 and 'name="confirm_guardrail"' in response.content.decode()
    request.refresh_from_db()
    assert request.title == "Orchard's expansion"
    assert client.post(url, {**data, "confirm_guardrail": "on"}).status_code == 302
    request.refresh_from_db()
    assert request.title == "Their tender" and request.guardrail_confirmed_by == cleo


# --- the list -------------------------------------------------------------------------------------


def test_the_list_filters_and_the_alumni_preset(client_for, cleo, pilot3, segment, rita, alma):
    import datetime as dt

    older = HelpRequestFactory(
        pilot=pilot3,
        direction="alumni",
        alumnus=rita,
        audience="",
        title="Older ask",
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    newer = HelpRequestFactory(
        pilot=pilot3,
        direction="alumni",
        alumnus=alma,
        audience="",
        title="Newer ask",
        created_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
    )
    HelpRequestFactory(pilot=pilot3, direction="alumni", alumnus=alma, audience="", status="answered", title="Met ask")
    HelpRequestFactory(pilot=pilot3, title="<script>x</script> ours")
    client = client_for(cleo)
    response = client.get(reverse("bizdev:request_list") + "?preset=alumni_open")
    assert [item["req"] for item in response.context["items"]] == [older, newer]
    html = client.get(reverse("bizdev:request_list")).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt; ours" in html and "<script>x</script>" not in html
    response = client.get(reverse("bizdev:request_list") + "?direction=ours")
    assert [item["req"].title for item in response.context["items"]] == ["<script>x</script> ours"]
    assert AuditEvent.objects.filter(verb="help_requests.viewed").count() == 3


def test_the_list_takes_a_bounded_number_of_queries(
    client_for, cleo, pilot3, segment, alma, rita, django_assert_max_num_queries
):
    for n in range(30):
        HelpRequestFactory(
            pilot=pilot3,
            direction="alumni" if n % 2 else "ours",
            alumnus=rita if n % 2 else None,
            segment=segment,
            audience="" if n % 2 else "segment",
        )
    client = client_for(cleo)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("bizdev:request_list"))
    assert response.status_code == 200 and len(response.context["items"]) == 25


# --- access ---------------------------------------------------------------------------------------


@pytest.fixture
def request_of_cleo(cleo, pilot3, segment, alma):
    return services.help_request_create(actor=cleo, **ours(pilot3, segment=segment))


@pytest.mark.parametrize("name", ["bizdev:request_detail", "bizdev:request_edit"])
def test_another_pilots_contributor_and_a_manager_get_404(client_for, contributor_b, manager, request_of_cleo, name):
    url = reverse(name, args=[request_of_cleo.pk])
    assert client_for(contributor_b).get(url).status_code == 404
    assert client_for(manager).get(url).status_code == 404


def test_managers_and_outsiders_do_not_see_the_list_or_form(client_for, manager, outsider):
    for user in (manager, outsider):
        assert client_for(user).get(reverse("bizdev:request_list")).status_code == 404
        assert client_for(user).get(CREATE).status_code == 404


def test_a_colleague_may_read_and_answer_but_not_edit_or_close(client_for, dan, request_of_cleo):
    client = client_for(dan)
    assert client.get(reverse("bizdev:request_detail", args=[request_of_cleo.pk])).status_code == 200
    assert client.get(reverse("bizdev:request_edit", args=[request_of_cleo.pk])).status_code == 403
    assert client.post(reverse("bizdev:request_close", args=[request_of_cleo.pk])).status_code == 403
    request_of_cleo.refresh_from_db()
    assert request_of_cleo.status == "open"


def test_another_pilots_contributor_cannot_post_an_answer(client_for, contributor_b, request_of_cleo):
    url = reverse("bizdev:request_response_add", args=[request_of_cleo.pk])
    assert client_for(contributor_b).post(url, {"body": "Hi"}).status_code == 404
    assert not HelpResponse.objects.exists()


def test_the_hr_lead_sees_every_pilots_requests(client_for, hr_lead, request_of_cleo):
    response = client_for(hr_lead).get(reverse("bizdev:request_list"))
    assert [item["req"] for item in response.context["items"]] == [request_of_cleo]


def test_anonymous_is_sent_to_log_in(client, request_of_cleo):
    assert client.get(reverse("bizdev:request_detail", args=[request_of_cleo.pk])).status_code == 302


def test_another_sponsors_alumnus_is_not_offered(client_for, cleo, pilot_a):
    stranger = make_alumnus(pilot_a, None, "Stranger")
    form = client_for(cleo).get(CREATE).context["form"]
    assert stranger not in form.fields["chosen_alumni"].queryset
