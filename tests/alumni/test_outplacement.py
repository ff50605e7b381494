"""Outplacement pages: the alumni at a case's target companies, surfaced automatically and in the
right order; who may see and change a case; opening, closing and reopening one; every read audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from accounts.models import AuditEvent, Role
from alumni.models import Goodwill, OutplacementCase
from alumni.selectors.outplacement import alumni_at_targets
from alumni.services import outplacement as services
from core.errors import DomainError
from metrics.models import Introduction
from people.models import Company, Person
from programs.models import Membership
from tests.accounts.factories import UserFactory
from tests.alumni.factories import AlumnusFactory, OutplacementCaseFactory, SegmentFactory
from tests.people.factories import CompanyFactory, PersonFactory
from tests.programs.factories import MembershipFactory, PilotFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]
TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def _today():
    with freeze_time("2026-12-05 12:00:00"):
        yield


@pytest.fixture
def acme(db):
    return CompanyFactory(name="Acme")


@pytest.fixture
def globex(db):
    return CompanyFactory(name="Globex")


@pytest.fixture
def eve(db):
    return PersonFactory(first_name="Eve", last_name="Eliminated")


@pytest.fixture
def case(pilot_b, contributor_b, eve, acme, globex):
    case = OutplacementCaseFactory(pilot=pilot_b, person=eve, owner=contributor_b)
    case.target_companies.set([acme, globex])
    return case


@pytest.fixture
def colleague_b(pilot_b):
    """Another member of pilot_b, who owns no case."""
    user = UserFactory(full_name="Cleo Colleague", role=Role.CONTRIBUTOR)
    MembershipFactory(pilot=pilot_b, user=user, role=Membership.Role.CONTRIBUTOR)
    return user


@pytest.fixture
def manager_b(manager, sponsor_b):
    sponsor_b.managers.add(manager)
    return manager


def _alumnus(pilot, company, last_name, goodwill, segment=None):
    person = PersonFactory(first_name="Al", last_name=last_name, company=company)
    return AlumnusFactory(person=person, pilot=pilot, goodwill=goodwill, segment=segment)


def _names(alumni) -> list[str]:
    return [a.person.last_name for a in alumni]


# --- surfaced alumni -------------------------------------------------------------------------


def test_alumni_at_target_companies_warmest_first_then_segment_rank(
    client_for, contributor_b, case, pilot_b, acme, globex, django_assert_max_num_queries
):
    top, second = SegmentFactory(pilot=pilot_b, rank=1), SegmentFactory(pilot=pilot_b, rank=2)
    _alumnus(pilot_b, acme, "Hostile", Goodwill.HOSTILE, top)
    _alumnus(pilot_b, globex, "LovesRank2", Goodwill.LOVES, second)
    _alumnus(pilot_b, acme, "Unknown", Goodwill.UNKNOWN, top)
    _alumnus(pilot_b, acme, "LovesNoSegment", Goodwill.LOVES)
    _alumnus(pilot_b, globex, "LovesRank1", Goodwill.LOVES, top)
    _alumnus(pilot_b, acme, "Neutral", Goodwill.NEUTRAL)
    _alumnus(pilot_b, CompanyFactory(name="Initech"), "ElsewhereLoves", Goodwill.LOVES, top)
    with django_assert_max_num_queries(1):
        rows = list(alumni_at_targets(contributor_b, case))
    assert _names(rows) == ["LovesRank1", "LovesRank2", "LovesNoSegment", "Neutral", "Unknown", "Hostile"]

    response = client_for(contributor_b).get(reverse("alumni:outplacement_detail", args=[case.pk]))
    assert response.status_code == 200
    assert _names(response.context["alumni"]) == _names(rows)
    assert "ElsewhereLoves" not in response.content.decode()


def test_alumni_of_a_pilot_the_user_cannot_see_are_not_surfaced(client_for, contributor_b, hr_lead, case, acme):
    other_pilot = PilotFactory(name="Other alumni", stage=2)
    _alumnus(other_pilot, acme, "OtherPilot", Goodwill.LOVES)
    _alumnus(case.pilot, acme, "OwnPilot", Goodwill.POSITIVE)
    url = reverse("alumni:outplacement_detail", args=[case.pk])
    assert _names(client_for(contributor_b).get(url).context["alumni"]) == ["OwnPilot"]
    assert _names(client_for(hr_lead).get(url).context["alumni"]) == ["OtherPilot", "OwnPilot"]


def test_the_employee_themself_and_erased_people_are_not_surfaced(contributor_b, case, acme, eve):
    eve.company = acme
    eve.save(update_fields=["company"])
    AlumnusFactory(person=eve, pilot=case.pilot)
    erased = _alumnus(case.pilot, acme, "Erased", Goodwill.LOVES)
    Person.objects.filter(pk=erased.person_id).update(erased_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert list(alumni_at_targets(contributor_b, case)) == []


def test_introductions_for_the_employee_are_listed_with_a_prefilled_log_link(client_for, contributor_b, case, acme):
    Introduction.objects.create(
        made_by=contributor_b, on_behalf_of=case.person, on_behalf_kind="employee", to_company=acme,
        pilot=case.pilot, stage=2, date=TODAY,
    )  # fmt: skip
    response = client_for(contributor_b).get(reverse("alumni:outplacement_detail", args=[case.pk]))
    assert [i.to_company for i in response.context["introductions"]] == [acme]
    link = response.context["introduction_url"]
    assert link.startswith(reverse("metrics:introduction_create"))
    assert f"on_behalf_of={case.person_id}" in link and "on_behalf_kind=employee" in link and "next=" in link


# --- access ----------------------------------------------------------------------------------


PAGES = ["outplacement_detail", "outplacement_edit", "outplacement_close"]


@pytest.mark.parametrize("page", PAGES)
def test_hr_lead_and_owner_open_the_case_pages(client_for, hr_lead, contributor_b, case, page):
    url = reverse(f"alumni:{page}", args=[case.pk])
    assert client_for(hr_lead).get(url).status_code == 200
    assert client_for(contributor_b).get(url).status_code == 200


@pytest.mark.parametrize("page", [*PAGES, "outplacement_delete"])
@pytest.mark.parametrize("who", ["colleague_b", "manager_b", "outsider", "contributor_a"])
def test_anyone_but_hr_and_the_owner_gets_404(request, client_for, case, page, who):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse(f"alumni:{page}", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("who", ["colleague_b", "manager_b", "outsider"])
def test_the_list_is_404_for_whoever_owns_no_case(request, client_for, case, who):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("alumni:outplacement_list")).status_code == 404
    assert client_for(user).get(reverse("alumni:outplacement_create")).status_code == 404


def test_owner_lists_only_their_cases_and_may_neither_open_nor_delete(client_for, contributor_b, colleague_b, case):
    OutplacementCaseFactory(pilot=case.pilot, owner=colleague_b)
    client = client_for(contributor_b)
    response = client.get(reverse("alumni:outplacement_list"))
    assert response.status_code == 200
    assert list(response.context["cases"]) == [case]
    assert client.get(reverse("alumni:outplacement_create")).status_code == 403
    assert client.post(reverse("alumni:outplacement_delete", args=[case.pk])).status_code == 403
    assert OutplacementCase.objects.filter(pk=case.pk).exists()


def test_a_former_member_loses_the_cases_they_owned(client_for, contributor_b, case):
    Membership.objects.filter(user=contributor_b).delete()
    assert client_for(contributor_b).get(reverse("alumni:outplacement_detail", args=[case.pk])).status_code == 404


def test_list_counts_cases_by_status_and_filters(client_for, hr_lead, case):
    OutplacementCaseFactory(pilot=case.pilot, status="placed", outcome="Data analyst at Acme")
    OutplacementCaseFactory(pilot=case.pilot, status="placed", outcome="BI at Globex")
    response = client_for(hr_lead).get(reverse("alumni:outplacement_list"), {"status": "placed"})
    counts = {status: n for status, _label, n in response.context["counts"]}
    assert counts == {"open": 1, "placed": 2, "stayed": 0, "closed": 0}
    assert {c.status for c in response.context["cases"]} == {"placed"}


# --- audit of reads ----------------------------------------------------------------------------


def test_each_read_of_a_case_and_of_the_list_is_audited_once(client_for, contributor_b, case):
    client = client_for(contributor_b)
    client.get(reverse("alumni:outplacement_detail", args=[case.pk]))
    client.get(reverse("alumni:outplacement_detail", args=[case.pk]))
    client.get(reverse("alumni:outplacement_list"))
    viewed = AuditEvent.objects.filter(verb="outplacement.viewed")
    assert viewed.count() == 2
    assert {(e.actor_id, e.person_id, e.target_id) for e in viewed} == {
        (contributor_b.pk, case.person_id, str(case.pk))
    }
    assert AuditEvent.objects.filter(verb="outplacement.listed", actor=contributor_b).count() == 1


def test_a_refused_read_is_not_audited(client_for, colleague_b, case):
    client_for(colleague_b).get(reverse("alumni:outplacement_detail", args=[case.pk]))
    assert not AuditEvent.objects.filter(verb="outplacement.viewed").exists()


# --- opening a case ------------------------------------------------------------------------------


def _form(pilot, **values):
    data = {
        "pilot": pilot.pk,
        "current_role": "Analyst",
        "eliminated_on": "2027-01-31",
        "target_roles": "Data analyst",
        "target_companies": "",
        "owner": "",
    }
    data.update(values)
    return data


def test_hr_opens_a_case_for_someone_in_the_directory_with_existing_and_new_companies(
    client_for, hr_lead, pilot_b, contributor_b, eve, acme
):
    data = _form(pilot_b, person=eve.pk, owner=contributor_b.pk, target_companies="acme\nInitech, Inc.\n\nAcme")
    response = client_for(hr_lead).post(reverse("alumni:outplacement_create"), data)
    case = OutplacementCase.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("alumni:outplacement_detail", args=[case.pk])
    assert (case.person, case.owner, case.status, case.created_by) == (eve, contributor_b, "open", hr_lead)
    assert sorted(c.name for c in case.target_companies.all()) == ["Acme", "Initech, Inc."]
    assert Company.objects.filter(name__iexact="acme").count() == 1
    event = AuditEvent.objects.get(verb="outplacement.created")
    assert (event.person_id, event.target_id) == (eve.pk, str(case.pk))


def test_hr_opens_a_case_for_a_new_person(client_for, hr_lead, pilot_b):
    data = _form(pilot_b, person="", first_name="Nina", last_name="New", email="nina@mail.example")
    assert client_for(hr_lead).post(reverse("alumni:outplacement_create"), data).status_code == 302
    case = OutplacementCase.objects.get()
    assert (case.person.first_name, case.person.last_name) == ("Nina", "New")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"eliminated_on": "2028-01-01"}, "eliminated_on", services.MSG_ELIMINATED_FUTURE),
        ({"eliminated_on": "2015-01-01"}, "eliminated_on", services.MSG_ELIMINATED_PAST),
        ({"target_roles": "   "}, "target_roles", services.MSG_TARGET_ROLES),
        ({"person": ""}, "person", services.MSG_WHO),
    ],
)
def test_bad_case_input_rerenders_the_form_with_400(client_for, hr_lead, pilot_b, eve, values, field, message):
    data = _form(pilot_b, person=eve.pk)
    data.update(values)
    response = client_for(hr_lead).post(reverse("alumni:outplacement_create"), data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not OutplacementCase.objects.exists()


def test_the_owner_must_be_a_member_of_the_pilot(hr_lead, pilot_b, contributor_a, eve):
    with pytest.raises(DomainError) as caught:
        services.outplacement_create(
            actor=hr_lead, pilot=pilot_b, person=eve, eliminated_on=TODAY, target_roles="PM", owner=contributor_a
        )
    assert caught.value.fields == {"owner": [services.MSG_OWNER]}


def test_a_second_open_case_for_the_same_person_is_refused(client_for, hr_lead, case):
    data = _form(case.pilot, person=case.person_id)
    response = client_for(hr_lead).post(reverse("alumni:outplacement_create"), data)
    assert response.status_code == 400
    assert OutplacementCase.objects.count() == 1


def test_only_stage_2_pilots_take_cases(hr_lead, pilot_a, eve):
    with pytest.raises(DomainError) as caught:
        services.outplacement_create(actor=hr_lead, pilot=pilot_a, person=eve, eliminated_on=TODAY, target_roles="PM")
    assert "pilot" in caught.value.fields


# --- edit, close, reopen, delete -------------------------------------------------------------------


def test_owner_edits_the_case_but_cannot_reassign_it(client_for, contributor_b, case):
    url = reverse("alumni:outplacement_edit", args=[case.pk])
    form = client_for(contributor_b).get(url).context["form"]
    assert "owner" not in form.fields
    data = {
        "current_role": "Senior analyst",
        "eliminated_on": "2026-11-30",
        "target_roles": "PM",
        "target_companies": "Acme",
    }
    assert client_for(contributor_b).post(url, data).status_code == 302
    case.refresh_from_db()
    assert (case.current_role, case.target_roles, case.owner) == ("Senior analyst", "PM", contributor_b)
    assert [c.name for c in case.target_companies.all()] == ["Acme"]
    event = AuditEvent.objects.get(verb="outplacement.updated")
    assert set(event.data["changes"]) == {"current_role", "target_roles", "target_companies"}


def test_hr_cannot_hand_a_case_to_a_non_member(client_for, hr_lead, contributor_a, case):
    data = {"eliminated_on": "2026-11-30", "target_roles": "PM", "owner": contributor_a.pk}
    response = client_for(hr_lead).post(reverse("alumni:outplacement_edit", args=[case.pk]), data)
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.owner != contributor_a


def test_close_placed_needs_an_outcome_then_reopen_clears_it(client_for, contributor_b, case):
    client = client_for(contributor_b)
    url = reverse("alumni:outplacement_close", args=[case.pk])
    response = client.post(url, {"status": "placed", "outcome": "", "closed_on": "2026-12-01"})
    assert response.status_code == 400
    assert services.MSG_OUTCOME_PLACED in response.context["form"].errors["outcome"]
    response = client.post(url, {"status": "placed", "outcome": "BI developer at Acme", "closed_on": "2026-12-06"})
    assert response.status_code == 400
    assert services.MSG_CLOSED_FUTURE in response.context["form"].errors["closed_on"]

    assert client.post(url, {"status": "placed", "outcome": "BI developer at Acme", "closed_on": ""}).status_code == 400
    assert (
        client.post(url, {"status": "placed", "outcome": "BI developer at Acme", "closed_on": "2026-12-05"}).status_code
        == 302
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == ("placed", "BI developer at Acme", TODAY)

    client.post(reverse("alumni:outplacement_reopen", args=[case.pk]))
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == ("open", "", None)
    verbs = list(
        AuditEvent.objects.filter(verb__in=["outplacement.closed", "outplacement.reopened"]).values_list(
            "verb", flat=True
        )
    )
    assert sorted(verbs) == ["outplacement.closed", "outplacement.reopened"]


def test_reopening_an_open_case_is_refused_with_a_message(client_for, hr_lead, case):
    response = client_for(hr_lead).post(reverse("alumni:outplacement_reopen", args=[case.pk]), follow=True)
    assert services.MSG_NOT_CLOSED in response.content.decode()
    assert not AuditEvent.objects.filter(verb="outplacement.reopened").exists()


def test_hr_deletes_a_case_after_confirming(client_for, hr_lead, case):
    url = reverse("alumni:outplacement_delete", args=[case.pk])
    assert client_for(hr_lead).get(url).status_code == 200
    assert client_for(hr_lead).post(url).status_code == 302
    assert not OutplacementCase.objects.exists()
    assert AuditEvent.objects.get(verb="outplacement.deleted").person_id == case.person_id


def test_hr_gets_the_open_form_and_find_lists_matches_without_saving(client_for, hr_lead, pilot_b, eve):
    url = reverse("alumni:outplacement_create")
    assert client_for(hr_lead).get(url).status_code == 200
    response = client_for(hr_lead).post(url, {"pilot": pilot_b.pk, "person_search": "Eliminated", "_lookup": "person"})
    assert response.status_code == 200
    assert [option.pk for option in response.context["picker"].options] == [eve.pk]
    assert not OutplacementCase.objects.exists()
