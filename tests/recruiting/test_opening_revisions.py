"""An opening's description: revising adds revision n + 1 (a no-op is refused), the history says
who, when and why, and the diff between any two revisions shows the changed lines, escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from recruiting.models import JobOpening, OpeningRevision
from recruiting.selectors.openings import line_diff
from tests.recruiting.factories import OpeningFactory, RevisionFactory

pytestmark = pytest.mark.django_db

FIRST = "We build the data platform.\nYou will own the pipelines.\nWe work from Oslo."


@pytest.fixture
def opening(pilot_a, hr_lead):
    opening = OpeningFactory(pilot=pilot_a, title="Data engineer", status=JobOpening.Status.OPEN)
    RevisionFactory(opening=opening, number=1, text=FIRST, author=hr_lead, note="First version.")
    return opening


def _revise(client, opening, text, note=""):
    return client.post(reverse("recruiting:opening_revise", args=[opening.pk]), {"text": text, "note": note})


def test_revising_adds_the_next_revision_and_shows_what_changed(client_for, hr_lead, opening):
    new = "We build the data platform.\nYou will own the streaming pipelines.\nWe work from Oslo."
    response = _revise(client_for(hr_lead), opening, new, note="Streaming, as the team asked")
    diff_url = reverse("recruiting:opening_diff", args=[opening.pk])
    assert response.status_code == 302 and response["Location"] == f"{diff_url}?a=1&b=2"
    latest = opening.revisions.order_by("-number").first()
    assert (latest.number, latest.text, latest.author, latest.note) == (2, new, hr_lead, "Streaming, as the team asked")
    assert AuditEvent.objects.get(verb="opening.revised").data == {
        "revision": 2,
        "note": "Streaming, as the team asked",
    }

    detail = client_for(hr_lead).get(reverse("recruiting:opening_detail", args=[opening.pk]))
    assert detail.context["current"].number == 2
    page = detail.content.decode()
    assert "You will own the streaming pipelines." in page and "Streaming, as the team asked" in page


def test_the_form_starts_from_the_current_text(client_for, hr_lead, opening):
    form = client_for(hr_lead).get(reverse("recruiting:opening_revise", args=[opening.pk])).context["form"]
    assert form.initial["text"] == FIRST


def test_the_same_text_again_is_refused_and_nothing_is_written(client_for, hr_lead, opening):
    # Trailing spaces and Windows line ends are not a change either.
    response = _revise(client_for(hr_lead), opening, FIRST.replace("\n", "  \r\n") + "\r\n")
    assert response.status_code == 400
    assert "The description is the same as revision 1" in response.content.decode()
    assert opening.revisions.count() == 1
    assert not AuditEvent.objects.filter(verb="opening.revised").exists()


@pytest.mark.parametrize(("text", "message"), [("   ", "Write the description"), ("x" * 20001, "at most 20000")])
def test_empty_or_overlong_text_is_refused(client_for, hr_lead, opening, text, message):
    response = _revise(client_for(hr_lead), opening, text)
    assert response.status_code == 400 and message in response.content.decode()
    assert opening.revisions.count() == 1


def test_the_diff_shows_removed_and_added_lines_and_escapes_html(client_for, hr_lead, contributor_a, opening):
    OpeningRevision.objects.create(
        opening=opening, number=2, text="We build the data platform.\n<script>alert('x')</script>\nWe work from Oslo."
    )
    response = client_for(contributor_a).get(reverse("recruiting:opening_diff", args=[opening.pk]), {"a": 1, "b": 2})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert (
        '<ins><span aria-hidden="true">+ </span><span class="visually-hidden">Added: </span>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</ins>'
        in page
    )
    assert "Removed: </span>You will own the pipelines.</del>" in page
    assert "1 line added, 1 line removed" in page
    kinds = [(line.kind, line.text) for line in response.context["lines"]]
    assert ("same", "We build the data platform.") in kinds


def test_the_diff_defaults_to_the_last_two_revisions(client_for, hr_lead, opening):
    OpeningRevision.objects.create(opening=opening, number=2, text=FIRST + "\nSecond.")
    OpeningRevision.objects.create(opening=opening, number=3, text=FIRST + "\nThird.")
    response = client_for(hr_lead).get(reverse("recruiting:opening_diff", args=[opening.pk]))
    assert (response.context["old"].number, response.context["new"].number) == (2, 3)
    assert [(x.kind, x.text) for x in response.context["lines"] if x.kind != "same" and x.kind != "fold"] == [
        ("removed", "Second."),
        ("added", "Third."),
    ]


@pytest.mark.parametrize(
    ("params", "message"), [({"a": 1, "b": 7}, "There is no revision 7"), ({"a": "x", "b": 1}, "Enter a whole number.")]
)
def test_an_unknown_revision_number_answers_with_a_message(client_for, hr_lead, opening, params, message):
    response = client_for(hr_lead).get(reverse("recruiting:opening_diff", args=[opening.pk]), params)
    assert response.status_code == 200
    assert message in response.content.decode() and response.context["lines"] == []


def test_line_diff_folds_long_unchanged_runs():
    """20 lines, line 10 changed: 3 lines of context each side; the 9 lines before and the 10 after
    keep 3 next to the change: 6 and 7 are folded."""
    old = "\n".join(f"line {i}" for i in range(1, 21))
    new = old.replace("line 10", "line ten")
    lines = line_diff(old, new)
    assert [x.kind for x in lines] == [
        "fold",
        "same",
        "same",
        "same",
        "removed",
        "added",
        "same",
        "same",
        "same",
        "fold",
    ]
    assert (lines[0].text, lines[-1].text) == ("6 unchanged lines", "7 unchanged lines")
    assert (lines[4].a, lines[5].b) == (10, 10)


def test_contributors_read_the_history_and_diff_but_cannot_revise(client_for, contributor_a, opening):
    client = client_for(contributor_a)
    detail = client.get(reverse("recruiting:opening_detail", args=[opening.pk]))
    assert [r.number for r in detail.context["revisions"]] == [1]
    assert "First version." in detail.content.decode()
    assert client.get(reverse("recruiting:opening_revise", args=[opening.pk])).status_code == 403
    assert _revise(client, opening, "Mine now").status_code == 403
    assert opening.revisions.count() == 1
