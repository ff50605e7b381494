"""Candidate profile pages: HR leads manage them, the pilot's contributors read them, everyone else
gets a 404; links only to the pilot's or the program's families and searches; ranked by priority
then name; "Find them" opens the inbox on each search."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from listening.models import KeywordFamily, Search
from recruiting.models import CandidateProfile
from tests.recruiting.factories import OpeningFactory, ProfileFactory

pytestmark = pytest.mark.django_db

LIST = reverse("recruiting:profile_list")
CREATE = reverse("recruiting:profile_create")


@pytest.fixture
def links(pilot_a, pilot_b):
    """A family and a search of pilot_a, of the whole program, and of pilot_b."""
    return {
        "family_a": KeywordFamily.objects.create(name="data-eng", terms=["data engineer"], pilot=pilot_a),
        "family_all": KeywordFamily.objects.create(name="python", terms=["python"]),
        "family_b": KeywordFamily.objects.create(name="consulting", terms=["consultant"], pilot=pilot_b),
        "search_a": Search.objects.create(name="Nordic data engineers", query="@data-eng", pilot=pilot_a),
        "search_all": Search.objects.create(name="Pythonistas", query="@python"),
        "search_b": Search.objects.create(name="Consultants", query="@consulting", pilot=pilot_b),
    }


def _post(client, pilot_obj, **extra):
    data = {"pilot": pilot_obj.pk, "name": "Senior data engineers", "priority": 1, "description": ""}
    data.update(extra)
    return client.post(CREATE, data)


def test_hr_lead_adds_a_profile_linked_to_the_pilots_and_the_programs_searches(client_for, hr_lead, pilot_a, links):
    response = _post(
        client_for(hr_lead),
        pilot_a,
        families=[links["family_a"].pk, links["family_all"].pk],
        searches=[links["search_a"].pk, links["search_all"].pk],
        priority=2,
    )
    assert response.status_code == 302
    profile = CandidateProfile.objects.get()
    assert (profile.pilot, profile.name, profile.priority, profile.created_by) == (
        pilot_a,
        "Senior data engineers",
        2,
        hr_lead,
    )
    assert set(profile.families.all()) == {links["family_a"], links["family_all"]}
    assert set(profile.searches.all()) == {links["search_a"], links["search_all"]}
    event = AuditEvent.objects.get(verb="profile.created")
    assert event.data["searches"] == sorted([links["search_a"].pk, links["search_all"].pk])


def test_another_pilots_search_is_refused_with_a_message_and_nothing_is_written(client_for, hr_lead, pilot_a, links):
    response = _post(client_for(hr_lead), pilot_a, searches=[links["search_b"].pk])
    assert response.status_code == 400
    assert "Choose searches of the profile&#x27;s pilot or of the whole program." in response.content.decode()
    assert not CandidateProfile.objects.exists()


def test_the_service_refuses_another_pilots_search_too(hr_lead, pilot_a, links):
    """The API and any other caller get the same rule, naming the search."""
    from core.errors import DomainError
    from recruiting import services

    with pytest.raises(DomainError) as refused:
        services.profile_create(actor=hr_lead, pilot=pilot_a, name="X", searches=[links["search_b"]])
    assert "“Consultants” belong to another pilot" in refused.value.message
    assert refused.value.fields == {"searches": [refused.value.message]}
    assert not CandidateProfile.objects.exists()


def test_another_pilots_family_is_refused(client_for, hr_lead, pilot_a, links):
    response = _post(client_for(hr_lead), pilot_a, families=[links["family_b"].pk])
    assert response.status_code == 400
    assert "Choose keyword families of the profile&#x27;s pilot" in response.content.decode()
    assert not CandidateProfile.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"pilot": 999999}, "Choose one of the pilots in the list."),
        ({"name": "   "}, "This field is required."),
        ({"priority": 0}, "greater than or equal to 1"),
        ({"name": "x" * 151}, "at most 150 characters"),
    ],
)
def test_bad_input_answers_with_the_message_and_writes_nothing(client_for, hr_lead, pilot_a, extra, message):
    response = _post(client_for(hr_lead), pilot_a, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CandidateProfile.objects.exists()
    assert not AuditEvent.objects.filter(verb="profile.created").exists()


def test_a_second_profile_of_the_same_name_in_the_pilot_is_refused(client_for, hr_lead, pilot_a, pilot_b):
    ProfileFactory(pilot=pilot_a, name="Senior data engineers")
    response = _post(client_for(hr_lead), pilot_a, name="senior DATA engineers")
    assert response.status_code == 400
    assert "already has a profile called" in response.content.decode()
    assert _post(client_for(hr_lead), pilot_b).status_code == 302  # the same name in another pilot is fine
    assert CandidateProfile.objects.count() == 2


def test_the_list_ranks_by_priority_then_name_and_filters_by_pilot(client_for, contributor_a, pilot_a, pilot_b, links):
    ProfileFactory(pilot=pilot_a, name="Zed platform engineers", priority=1)
    ProfileFactory(pilot=pilot_a, name="Analysts", priority=2)
    ProfileFactory(pilot=pilot_a, name="Architects", priority=1)
    ProfileFactory(pilot=pilot_b, name="Consultants of pilot B", priority=1)
    response = client_for(contributor_a).get(LIST, {"pilot": pilot_a.pk})
    assert response.status_code == 200
    names = [row["profile"].name for row in response.context["rows"]]
    assert names == ["Architects", "Zed platform engineers", "Analysts"]
    page = response.content.decode()
    assert "Consultants of pilot B" not in page
    assert "Add a profile" not in page  # contributors read only


def test_find_them_links_to_the_inbox_filtered_to_each_search(client_for, hr_lead, pilot_a, links):
    profile = ProfileFactory(pilot=pilot_a)
    profile.searches.set([links["search_a"], links["search_all"]])
    page = client_for(hr_lead).get(LIST).content.decode()
    inbox = reverse("listening:index")
    assert f'href="{inbox}?search={links["search_a"].pk}&amp;status=all"' in page
    assert f'href="{inbox}?search={links["search_all"].pk}&amp;status=all"' in page
    # The link really filters the inbox to that search.
    inbox_page = client_for(hr_lead).get(inbox, {"search": links["search_a"].pk, "status": "all"})
    assert inbox_page.status_code == 200 and inbox_page.context["filters"].search == links["search_a"]


def test_editing_the_priority_reorders_and_is_audited_with_the_diff(client_for, hr_lead, pilot_a, links):
    first = ProfileFactory(pilot=pilot_a, name="Architects", priority=1)
    second = ProfileFactory(pilot=pilot_a, name="Backend engineers", priority=2)
    response = client_for(hr_lead).post(
        reverse("recruiting:profile_edit", args=[second.pk]),
        {"name": "Backend engineers", "priority": 1, "description": "", "searches": [links["search_a"].pk]},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.priority == 1
    names = [r["profile"].name for r in client_for(hr_lead).get(LIST).context["rows"]]
    assert names == ["Architects", "Backend engineers"]  # a tie: by name
    changes = AuditEvent.objects.get(verb="profile.changed").data["changes"]
    assert changes["priority"] == [2, 1] and changes["searches"] == [[], [links["search_a"].pk]]
    assert first.pk  # untouched


def test_deleting_a_profile_keeps_its_openings(client_for, hr_lead, pilot_a):
    profile = ProfileFactory(pilot=pilot_a)
    opening = OpeningFactory(pilot=pilot_a, profile=profile)
    url = reverse("recruiting:profile_delete", args=[profile.pk])
    assert "1 opening" in client_for(hr_lead).get(url).content.decode()
    assert client_for(hr_lead).post(url).status_code == 302
    opening.refresh_from_db()
    assert opening.profile is None and not CandidateProfile.objects.exists()
    assert AuditEvent.objects.get(verb="profile.deleted").data["openings"] == 1


def test_contributors_read_but_cannot_change_profiles(client_for, contributor_a, pilot_a):
    profile = ProfileFactory(pilot=pilot_a, priority=3)
    client = client_for(contributor_a)
    assert client.get(LIST).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert _post(client, pilot_a).status_code == 403
    edit = reverse("recruiting:profile_edit", args=[profile.pk])
    assert client.post(edit, {"name": "Mine", "priority": 1}).status_code == 403
    assert client.post(reverse("recruiting:profile_delete", args=[profile.pk])).status_code == 403
    profile.refresh_from_db()
    assert profile.priority == 3


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_people_outside_the_pilot_get_a_404(request, client_for, pilot_a, persona):
    profile = ProfileFactory(pilot=pilot_a)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("recruiting:profile_edit", args=[profile.pk])).status_code == 404
    assert client.post(reverse("recruiting:profile_delete", args=[profile.pk])).status_code == 404
    listed = client.get(LIST)
    if persona == "contributor_b":  # their own pilot's profiles only
        assert listed.status_code == 200 and profile.name not in listed.content.decode()
    else:
        assert listed.status_code == 404
    assert CandidateProfile.objects.filter(pk=profile.pk).exists()


def test_anonymous_users_are_sent_to_log_in(client_for):
    assert client_for(None).get(LIST).status_code == 302


def test_the_list_costs_the_same_queries_for_3_or_30_profiles(
    client_for, hr_lead, pilot_a, links, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            profile = ProfileFactory(pilot=pilot_a, priority=i % 3 + 1)
            profile.searches.set([links["search_a"], links["search_all"]])
            profile.families.set([links["family_a"]])
            OpeningFactory(pilot=pilot_a, profile=profile)

    client = client_for(hr_lead)
    make(3)
    client.get(LIST)  # warm the session and the content types
    with django_assert_max_num_queries(10):
        assert len(client.get(LIST).context["rows"]) == 3
    make(20)
    with django_assert_max_num_queries(10):
        assert len(client.get(LIST).context["rows"]) == 23
