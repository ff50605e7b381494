"""Recommending through the signed link (no account) and by hand: the person found by email, then
profile URL, else created once; for an opening a recruiting candidate with source alumni_referral
and the alumnus as referrer; someone already a candidate linked; contractors kept without a
candidate; a bad, expired, tampered or reused link refused with nothing written; the hire of such
a candidate reaching the ledger as an alumni referral."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accounts.models import AuditEvent
from alumni.models import AlumniRecommendation
from alumni.services import referrals as services
from core.links import link_token
from metrics.models import Hire
from people.models import Person, PersonEmail
from recruiting import services as recruiting
from recruiting.models import Candidate, JobOpening
from tests.alumni.factories import AlumnusFactory, SegmentFactory
from tests.people.factories import PersonEmailFactory, PersonFactory, SocialHandleFactory
from tests.recruiting.factories import CandidateFactory, OpeningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def segment(pilot_b):
    return SegmentFactory(pilot=pilot_b, name="Former consultants")


@pytest.fixture
def alumnus(segment):
    person = PersonFactory(
        first_name="Alma", last_name="Alumna", consent_to_contact=True, consent_date=dt.date(2025, 1, 1)
    )
    PersonEmailFactory(person=person, email="alma@mail.example")
    return AlumnusFactory(person=person, pilot=segment.pilot, segment=segment)


@pytest.fixture
def opening(pilot_b):
    return OpeningFactory(pilot=pilot_b, title="Senior consultant", location="Lyon")


@pytest.fixture
def shared(contributor_b, segment, opening):
    return services.share_create(
        actor=contributor_b, segment=segment, channel="email", message="Help <us>", opening=opening
    )


@pytest.fixture
def contract_call(contributor_b, segment):
    return services.share_create(actor=contributor_b, segment=segment, channel="email", message="Contractors!")


def url_for(share, alumnus, nonce=""):
    return reverse("alumni:recommend", args=[services.recommend_token(share, alumnus, nonce=nonce)])


def form(**overrides):
    data = {"name": "Rita Recommended", "email": "rita@mail.example", "profile_url": "", "why": "She <b>led</b> it."}
    return {**data, **overrides}


def written():
    return (Person.objects.count(), AlumniRecommendation.objects.count(), Candidate.objects.count())


def test_the_link_page_shows_the_opening_and_a_short_form(client, shared, alumnus):
    response = client.get(url_for(shared, alumnus))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Senior consultant" in html and "Lyon" in html and "Help &lt;us&gt;" in html
    assert "kind" not in response.context["form"].fields  # an opening: an employee, nothing to choose


def test_a_valid_link_records_person_recommendation_and_candidate(client, shared, alumnus, contributor_b):
    response = client.post(url_for(shared, alumnus), form(profile_url="linkedin.com/in/rita"))
    assert response.status_code == 200 and b"Thank you" in response.content
    rec = AlumniRecommendation.objects.select_related("person", "candidate").get()
    assert (rec.alumnus, rec.share, rec.opening, rec.kind, rec.via_link) == (
        alumnus,
        shared,
        shared.opening,
        "employee",
        True,
    )
    person = rec.person
    assert (person.first_name, person.last_name, person.source) == ("Rita", "Recommended", "referral")
    assert person.source_detail == "Recommended by Alma Alumna (alumni link)"
    assert list(person.emails.values_list("email", flat=True)) == ["rita@mail.example"]
    assert person.handles.get().profile_url == "https://linkedin.com/in/rita"
    candidate = rec.candidate
    assert (candidate.source, candidate.referred_by_person, candidate.person) == (
        "alumni_referral",
        alumnus.person,
        person,
    )
    assert candidate.step == "found" and candidate.opening == shared.opening
    event = AuditEvent.objects.get(verb="alumni.recommendation_created")
    assert event.actor is None and event.person_id == alumnus.person_id and event.data["via_link"] is True
    again = response.context["again_url"]
    assert again != url_for(shared, alumnus) and again.startswith("/alumni/recommend/")
    second = client.post(again, form(name="Sam Second", email="sam@mail.example"))
    assert second.status_code == 200 and AlumniRecommendation.objects.count() == 2


def test_a_reused_link_is_refused_and_writes_nothing(client, shared, alumnus):
    link = url_for(shared, alumnus)
    client.post(link, form())
    before = written()
    response = client.post(link, form(name="Other One", email="other@mail.example"))
    assert response.status_code == 410 and b"Already recorded" in response.content
    assert written() == before


def test_an_expired_link_is_refused_and_writes_nothing(client, shared, alumnus):
    with freeze_time(timezone.now() - dt.timedelta(days=31)):
        link = url_for(shared, alumnus)
    before = written()
    assert client.get(link).status_code == 410
    response = client.post(link, form())
    assert response.status_code == 410 and b"expired" in response.content
    assert written() == before


def test_a_tampered_link_is_refused_and_writes_nothing(client, shared, alumnus):
    token = services.recommend_token(shared, alumnus)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    before = written()
    response = client.post(reverse("alumni:recommend", args=[tampered]), form())
    assert response.status_code == 400 and b"not valid" in response.content
    other_purpose = reverse("alumni:recommend", args=[link_token("alumni.survey", {"s": shared.pk, "a": alumnus.pk})])
    assert client.post(other_purpose, form()).status_code == 400
    assert written() == before


def test_an_existing_email_is_the_same_person(client, shared, alumnus):
    rita = PersonFactory(first_name="Rita", last_name="Known")
    PersonEmailFactory(person=rita, email="Rita@Mail.example")
    people = Person.objects.count()
    client.post(url_for(shared, alumnus), form(name="R. Someone"))
    assert Person.objects.count() == people
    assert AlumniRecommendation.objects.get().person == rita
    assert PersonEmail.objects.filter(email__iexact="rita@mail.example").count() == 1


def test_a_profile_url_finds_the_person_when_the_email_does_not(client, shared, alumnus):
    handle = SocialHandleFactory(profile_url="https://www.linkedin.com/in/rita-r/")
    client.post(url_for(shared, alumnus), form(email="new@mail.example", profile_url="https://linkedin.com/in/rita-r"))
    assert AlumniRecommendation.objects.get().person == handle.person


def test_already_a_candidate_is_linked_and_thanked_anyway(client, shared, alumnus, opening):
    rita = PersonFactory(first_name="Rita")
    PersonEmailFactory(person=rita, email="rita@mail.example")
    existing = CandidateFactory(opening=opening, person=rita, source=Candidate.Source.JOB_AD)
    response = client.post(url_for(shared, alumnus), form())
    assert response.status_code == 200 and b"already on our list" in response.content
    rec = AlumniRecommendation.objects.get()
    assert rec.candidate == existing and Candidate.objects.count() == 1
    existing.refresh_from_db()
    assert existing.source == "job_ad"  # the candidacy is kept as it was


def test_a_contractor_call_records_no_candidate(client, contract_call, alumnus):
    link = url_for(contract_call, alumnus)
    page = client.get(link)
    assert "kind" in page.context["form"].fields
    assert client.post(link, form()).status_code == 400  # the kind is required
    response = client.post(link, form(kind="consultant"))
    assert response.status_code == 200
    rec = AlumniRecommendation.objects.get()
    assert (rec.kind, rec.opening, rec.candidate) == ("consultant", None, None)
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"name": ""},
        {"email": "not-an-email"},
        {"why": ""},
        {"why": "x" * 1001},
        {"profile_url": "javascript:alert(1)"},
    ],
)
def test_bad_input_is_the_form_again_with_400_and_nothing_written(client, shared, alumnus, bad):
    link = url_for(shared, alumnus)
    before = written()
    response = client.post(link, form(**bad))
    assert response.status_code == 400 and response.context["form"].errors
    assert written() == before
    assert client.post(link, form()).status_code == 200  # the link was not used up


def test_a_refusal_by_the_service_leaves_the_link_unused(client, shared, alumnus):
    erased = PersonFactory(first_name="Gone", erased_at=timezone.now())
    PersonEmailFactory(person=erased, email="gone@mail.example")
    link = url_for(shared, alumnus)
    response = client.post(link, form(email="gone@mail.example"))
    assert response.status_code == 400
    assert not AlumniRecommendation.objects.exists()
    assert client.post(link, form()).status_code == 200


def test_a_filled_opening_closes_the_link(client, shared, alumnus, opening):
    JobOpening.objects.filter(pk=opening.pk).update(status=JobOpening.Status.FILLED)
    link = url_for(shared, alumnus)
    assert client.get(link).status_code == 410
    assert client.post(link, form()).status_code == 410
    assert not AlumniRecommendation.objects.exists()


# --- by hand -------------------------------------------------------------------------------------


def test_a_contributor_records_a_recommendation_by_hand(client_for, contributor_b, alumnus, opening):
    data = {"alumnus": alumnus.pk, "opening": opening.pk, "kind": "employee", "name": "Nora New", "why": "Great."}
    response = client_for(contributor_b).post(reverse("alumni:recommendation_create"), data)
    assert response.status_code == 302
    rec = AlumniRecommendation.objects.get()
    assert (rec.via_link, rec.recorded_by, rec.candidate.source) == (False, contributor_b, "alumni_referral")
    assert rec.candidate.referred_by_person == alumnus.person and rec.candidate.created_by == contributor_b


def test_the_hand_form_refuses_a_kind_that_does_not_fit(client_for, contributor_b, alumnus, opening):
    client = client_for(contributor_b)
    data = {"alumnus": alumnus.pk, "opening": opening.pk, "kind": "contractor", "name": "Nora New", "why": "Great."}
    response = client.post(reverse("alumni:recommendation_create"), data)
    assert response.status_code == 400 and response.context["form"].errors["kind"]
    data = {"alumnus": alumnus.pk, "kind": "employee", "name": "Nora New", "why": "Great."}
    assert client.post(reverse("alumni:recommendation_create"), data).status_code == 400
    assert not AlumniRecommendation.objects.exists() and not Person.objects.filter(first_name="Nora").exists()


def test_another_pilots_alumnus_cannot_be_chosen(client_for, contributor_a, contributor_b, pilot_a, opening):
    other = AlumnusFactory(pilot=SegmentFactory().pilot)
    data = {"alumnus": other.pk, "kind": "contractor", "name": "Nora New", "why": "Great."}
    response = client_for(contributor_b).post(reverse("alumni:recommendation_create"), data)
    assert response.status_code == 400 and "alumnus" in response.context["form"].errors
    assert client_for(contributor_a).get(reverse("alumni:recommendation_create")).status_code == 404


# --- list ----------------------------------------------------------------------------------------


def test_the_list_shows_what_became_of_each_and_escapes_why(client_for, contributor_b, client, shared, alumnus):
    client.post(url_for(shared, alumnus), form(why="<script>alert(1)</script>"))
    response = client_for(contributor_b).get(reverse("alumni:recommendation_list"))
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "At “Found”" in html and "Thank Alma" in html
    assert AuditEvent.objects.filter(verb="alumni.recommendations_listed", actor=contributor_b).count() == 1
    detail = client_for(contributor_b).get(reverse("alumni:share_detail", args=[shared.pk])).content.decode()
    assert (
        "&lt;script&gt;" in detail
        and reverse("recruiting:candidate_detail", args=[Candidate.objects.get().pk]) in detail
    )


def test_the_list_filters_and_hides_other_pilots(
    client_for, contributor_a, contributor_b, manager, sponsor_b, client, shared, contract_call, alumnus
):
    client.post(url_for(shared, alumnus), form())
    client.post(
        url_for(contract_call, alumnus), form(name="Carl Contractor", email="carl@mail.example", kind="contractor")
    )
    page = client_for(contributor_b)
    kinds = page.get(reverse("alumni:recommendation_list"), {"kind": "contractor"}).context["recommendations"]
    assert [r.person.first_name for r in kinds] == ["Carl"]
    by_alumnus = page.get(reverse("alumni:recommendation_list"), {"alumnus": "alma"}).context["recommendations"]
    assert len(by_alumnus) == 2
    nobody = page.get(reverse("alumni:recommendation_list"), {"date_from": "2000-01-01", "date_to": "2000-01-02"})
    assert nobody.context["recommendations"] == []
    assert client_for(contributor_a).get(reverse("alumni:recommendation_list")).context["recommendations"] == []
    sponsor_b.managers.add(manager)
    assert client_for(manager).get(reverse("alumni:recommendation_list")).status_code == 404


# --- the hire -------------------------------------------------------------------------------------


def test_hiring_an_alumni_referral_books_an_alumni_referral_hire(client, client_for, contributor_b, shared, alumnus):
    client.post(url_for(shared, alumnus), form())
    candidate = Candidate.objects.get()
    recruiting.candidate_move(actor=contributor_b, candidate=candidate, to="offer")
    hire = recruiting.candidate_hire(actor=contributor_b, candidate=candidate, date=timezone.localdate())
    assert Hire.objects.get() == hire and hire.source == "alumni_referral"
    candidate.refresh_from_db()
    assert candidate.step == "hired" and candidate.hire == hire
    html = client_for(contributor_b).get(reverse("alumni:recommendation_list")).content.decode()
    assert "Hired" in html and reverse("metrics:celebrate", args=[hire.win.pk]) in html


def test_the_list_reads_in_a_constant_number_of_queries(
    client_for, contributor_b, client, shared, alumnus, django_assert_max_num_queries
):
    for n in range(6):
        client.post(url_for(shared, alumnus, nonce=str(n)), form(name=f"Rita {n}", email=f"rita{n}@mail.example"))
    assert AlumniRecommendation.objects.count() == 6
    page = client_for(contributor_b)
    page.get(reverse("alumni:recommendation_list"))  # warm the session and the user
    with django_assert_max_num_queries(13):  # session, user, access, count, audit, rows, candidates, filters…
        response = page.get(reverse("alumni:recommendation_list"))
    assert len(response.context["recommendations"]) == 6
