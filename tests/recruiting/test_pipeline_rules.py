"""Every pipeline rule (recruiting.pipeline) through the move form of the candidate page: allowed
and refused moves, reopening an end, "hired" only through the hire form, hired final while the
hire is on the ledger, and back to "offer" once the hire is deleted (metrics.services.hire_delete)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from metrics.services import hire_delete
from recruiting import services
from recruiting.models import Candidate, CandidateMove
from tests.recruiting.factories import OpeningFactory
from tests.recruiting.test_candidates import add


@pytest.fixture
def opening(pilot_a):
    return OpeningFactory(pilot=pilot_a, title="Data engineer")


@pytest.fixture
def candidate(contributor_a, opening):
    return add(contributor_a, opening, at=timezone.now() - dt.timedelta(days=20))


@pytest.fixture
def move(client_for, contributor_a):
    client = client_for(contributor_a)

    def post(candidate, to, note=""):
        """POST the move form; returns (response followed, the candidate's step afterwards)."""
        response = client.post(
            reverse("recruiting:candidate_move", args=[candidate.pk]), {"to": to, "note": note}, follow=True
        )
        candidate.refresh_from_db()
        return response, candidate.step

    return post


def _steps(candidate):
    return list(CandidateMove.objects.filter(candidate=candidate).values_list("from_step", "to_step"))


@pytest.mark.parametrize(
    ("path", "to"),
    [
        ([], "engaged"),  # the next step
        ([], "applied"),  # skipping steps forward
        ([], "offer"),  # straight to an offer
        (["applied"], "engaged"),  # one step back, to correct a mistake
        (["onsite"], "video_interview"),
        ([], "declined"),  # any active step to an end
        (["applied"], "withdrew"),
        (["offer"], "rejected"),
    ],
)
def test_allowed_moves_are_dated_by_whom_and_audited(move, contributor_a, candidate, path, to):
    for step in path:
        services.candidate_move(actor=contributor_a, candidate=candidate, to=step)
    before = candidate.step
    response, step = move(candidate, to, note="as agreed")
    assert step == to
    last = CandidateMove.objects.filter(candidate=candidate).latest("at", "id")
    assert (last.from_step, last.to_step, last.by, last.note) == (before, to, contributor_a, "as agreed")
    event = AuditEvent.objects.filter(verb="candidate.moved").latest("id")
    assert event.data["from"] == before and event.data["to"] == to and event.person_id == candidate.person_id
    assert "moved to" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "to", "words"),
    [
        (["applied"], "found", "cannot move to “Found”"),  # two steps back
        (["video_interview"], "engaged", "cannot move to “Engaged”"),
        ([], "found", "already at “Found”"),
        ([], "hired", "move them to “Offer” first"),  # nobody is hired without an offer
        (["engaged", "declined"], "applied", "cannot move to “Applied”"),  # reopen only to the step left
        (["engaged", "declined"], "rejected", "cannot move to “Rejected”"),  # end to end
        ([], "promoted", "is not a pipeline step"),
    ],
)
def test_refused_moves_say_why_and_write_nothing(move, contributor_a, candidate, path, to, words):
    for step in path:
        services.candidate_move(actor=contributor_a, candidate=candidate, to=step)
    before, moves = candidate.step, _steps(candidate)
    response, step = move(candidate, to)
    assert step == before and _steps(candidate) == moves
    html = response.content.decode()
    assert words in html or "Choose the step" in html


def test_an_end_reopens_to_the_step_the_candidate_left(move, contributor_a, candidate):
    services.candidate_move(actor=contributor_a, candidate=candidate, to="video_interview")
    services.candidate_move(actor=contributor_a, candidate=candidate, to="withdrew")
    _, step = move(candidate, "video_interview")
    assert step == "video_interview"
    assert _steps(candidate)[-2:] == [("video_interview", "withdrew"), ("withdrew", "video_interview")]


def test_a_move_dated_before_the_last_one_is_refused(contributor_a, candidate):
    with pytest.raises(DomainError) as caught:
        services.candidate_move(
            actor=contributor_a, candidate=candidate, to="engaged", at=timezone.now() - dt.timedelta(days=30)
        )
    assert "cannot be dated before the candidate's last move" in caught.value.message
    assert Candidate.objects.get().step == "found"


def test_hired_goes_through_the_hire_form_only(move, client_for, contributor_a, candidate):
    services.candidate_move(actor=contributor_a, candidate=candidate, to="offer")
    with pytest.raises(DomainError) as caught:
        services.candidate_move(actor=contributor_a, candidate=candidate, to="hired")
    assert "use “Record the hire”" in caught.value.message
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_move", args=[candidate.pk]), {"to": "hired"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("recruiting:candidate_hire", args=[candidate.pk])
    candidate.refresh_from_db()
    assert candidate.step == "offer" and candidate.hire is None


def _hire(actor, candidate):
    return services.candidate_hire(
        actor=actor, candidate=candidate, date=timezone.localdate(), cost_travel="100", warnings_confirmed=True
    )


def test_hired_is_final_while_the_hire_is_on_the_ledger_then_back_to_offer(move, contributor_a, candidate):
    services.candidate_move(actor=contributor_a, candidate=candidate, to="offer")
    hire = _hire(contributor_a, candidate)
    for to in ("offer", "rejected", "found"):
        response, step = move(candidate, to)
        assert step == "hired"
    assert "stays hired while the hire is on the ledger" in response.content.decode()

    hire_delete(actor=contributor_a, hire=hire)
    candidate.refresh_from_db()
    assert candidate.step == "hired" and candidate.hire is None  # the step is kept, the link is gone
    response, step = move(candidate, "rejected")
    assert step == "hired"
    _, step = move(candidate, "offer")
    assert step == "offer"
    _hire(contributor_a, candidate)  # and hired again, with a new hire
    candidate.refresh_from_db()
    assert candidate.step == "hired" and candidate.hire is not None


def test_a_move_raced_by_someone_else_is_refused(contributor_a, candidate):
    stale = Candidate.objects.get(pk=candidate.pk)
    services.candidate_move(actor=contributor_a, candidate=candidate, to="engaged")
    with pytest.raises(DomainError) as caught:
        services.candidate_move(actor=contributor_a, candidate=stale, to="applied")
    assert "Someone moved this candidate meanwhile" in caught.value.message
    assert Candidate.objects.get().step == "engaged"


@pytest.mark.parametrize(
    ("step", "offered_first"),
    [
        ("found", "engaged"),
        ("engaged", "applied"),  # not back to "found", the first option in board order
        ("offer", "hired"),
        ("withdrew", "found"),  # an end offers the step it was left from
    ],
)
def test_the_move_form_offers_the_next_step_first(client_for, contributor_a, candidate, step, offered_first):
    Candidate.objects.filter(pk=candidate.pk).update(step=step)
    if step == "withdrew":
        CandidateMove.objects.create(candidate=candidate, from_step="found", to_step="withdrew")
    page = client_for(contributor_a).get(reverse("recruiting:candidate_detail", args=[candidate.pk]))
    selected = [line for line in page.content.decode().splitlines() if 'name="to"' in line]
    assert selected and f'value="{offered_first}" selected' in selected[0]
