"""An opening's board: a column per step with its cards (name, days at the step, the moves the
rules allow), moves in place with htmx (the board partial comes back, focus on the moved card) or
as a plain POST, who may see it, and a fixed number of queries however many candidates."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from recruiting import services
from recruiting.models import Candidate
from recruiting.pipeline import COLUMNS, label
from tests.people.factories import PersonFactory
from tests.recruiting.factories import OpeningFactory
from tests.recruiting.test_candidates import add


@pytest.fixture
def opening(pilot_a):
    return OpeningFactory(pilot=pilot_a, title="Data engineer")


def _column(html, step):
    """The HTML of one column of the board."""
    match = re.search(rf'<section class="board__column board__column--{step}".*?</section>', html, re.S)
    assert match, step
    return match.group(0)


def test_board_shows_a_column_per_step_with_cards_and_days_at_the_step(client_for, contributor_a, opening):
    ada = add(contributor_a, opening, PersonFactory(first_name="Ada", last_name="Lovelace"))
    bo = add(contributor_a, opening, PersonFactory(first_name="Bo", last_name="Diddley"))
    services.candidate_move(actor=contributor_a, candidate=bo, to="applied")
    Candidate.objects.filter(pk=ada.pk).update(step_changed_at=timezone.now() - dt.timedelta(days=4, hours=1))
    response = client_for(contributor_a).get(reverse("recruiting:opening_board", args=[opening.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 class="board__heading" id="column-(\w+)">', html)
    assert headings == list(COLUMNS)
    found, applied = _column(html, "found"), _column(html, "applied")
    assert "Ada Lovelace" in found and "4 days at this step" in found and "Bo Diddley" not in found
    assert "Bo Diddley" in applied and "0 days at this step" in applied
    assert "Nobody at this step." in _column(html, "offer")
    # Ada's control offers exactly the moves the pipeline allows from "found", in board order.
    options = re.findall(rf'<select id="move-{ada.pk}" name="to">(.*?)</select>', html, re.S)[0]
    assert re.findall(r'value="(\w+)"', options) == [
        "engaged",
        "applied",
        "video_interview",
        "onsite",
        "offer",
        "declined",
        "withdrew",
        "rejected",
    ]
    assert f'<label for="move-{ada.pk}" class="visually-hidden">Move Ada Lovelace to</label>' in html
    assert f'hx-post="{reverse("recruiting:candidate_move", args=[ada.pk])}"' in html
    assert "css/recruiting-board.css" in html


def test_htmx_move_returns_the_board_partial_with_the_card_moved_and_focused(client_for, contributor_a, opening):
    ada = add(contributor_a, opening, PersonFactory(first_name="Ada", last_name="Lovelace"))
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_move", args=[ada.pk]),
        {"to": "engaged", "next": reverse("recruiting:opening_board", args=[opening.pk])},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="board"' in html
    assert "Ada Lovelace" in _column(html, "engaged") and "Ada Lovelace" not in _column(html, "found")
    assert f'<select id="move-{ada.pk}" name="to" autofocus>' in html
    assert "Ada Lovelace moved to “Engaged”." in html and 'role="status"' in html
    assert Candidate.objects.get().step == "engaged"


def test_htmx_refused_move_returns_the_board_with_the_reason(client_for, contributor_a, opening):
    ada = add(contributor_a, opening, PersonFactory(first_name="Ada", last_name="Lovelace"))
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_move", args=[ada.pk]), {"to": "hired"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "move them to “Offer” first" in html
    assert "Ada Lovelace" in _column(html, "found")


def test_htmx_move_to_hired_from_offer_opens_the_hire_form(client_for, contributor_a, opening):
    ada = add(contributor_a, opening)
    services.candidate_move(actor=contributor_a, candidate=ada, to="offer")
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_move", args=[ada.pk]), {"to": "hired"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("recruiting:candidate_hire", args=[ada.pk])
    assert Candidate.objects.get().step == "offer"


def test_plain_post_moves_and_goes_back_to_the_board(client_for, contributor_a, opening):
    ada = add(contributor_a, opening)
    board_url = reverse("recruiting:opening_board", args=[opening.pk])
    response = client_for(contributor_a).post(
        reverse("recruiting:candidate_move", args=[ada.pk]), {"to": "declined", "next": board_url}
    )
    assert response.status_code == 302 and response["Location"] == board_url
    assert Candidate.objects.get().step == "declined"


@pytest.mark.parametrize("persona", ["contributor_b", "manager", "outsider"])
def test_board_of_another_pilot_is_404(request, client_for, hr_lead, opening, persona):
    add(hr_lead, opening, PersonFactory(first_name="Ada", last_name="Lovelace"))
    response = client_for(request.getfixturevalue(persona)).get(reverse("recruiting:opening_board", args=[opening.pk]))
    assert response.status_code == 404 and "Ada Lovelace" not in response.content.decode()


def test_board_uses_a_fixed_number_of_queries(client_for, contributor_a, opening, django_assert_max_num_queries):
    """3 candidates (one at an end, whose reopen step is read) against 30: the same queries."""
    client = client_for(contributor_a)
    url = reverse("recruiting:opening_board", args=[opening.pk])
    first = [add(contributor_a, opening) for _ in range(3)]
    services.candidate_move(actor=contributor_a, candidate=first[0], to="withdrew")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for i in range(27):
        more = add(contributor_a, opening)
        if i % 3 == 0:
            services.candidate_move(actor=contributor_a, candidate=more, to="rejected")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="board-card"') == 30
    # A rejected candidate's control offers only the way back to where they were.
    rejected = Candidate.objects.filter(step="rejected").first()
    options = re.findall(rf'<select id="move-{rejected.pk}" name="to">(.*?)</select>', response.content.decode(), re.S)
    assert re.findall(r'value="(\w+)"', options[0]) == ["found"]
    assert label("found") in options[0]


def test_htmx_move_answer_uses_a_fixed_number_of_queries(
    client_for, contributor_a, opening, django_assert_max_num_queries
):
    client = client_for(contributor_a)
    candidates = [add(contributor_a, opening) for _ in range(30)]
    client.get(reverse("recruiting:opening_board", args=[opening.pk]))
    with django_assert_max_num_queries(25):
        response = client.post(
            reverse("recruiting:candidate_move", args=[candidates[0].pk]), {"to": "engaged"}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200


def test_a_crowded_column_shows_the_longest_there_and_links_to_the_rest(
    client_for, contributor_a, opening, monkeypatch
):
    """5 at "Found" with a cap of 3: the 3 longest at the step show, the count says 5, and "2 more"
    links to the list filtered to the opening and step; a card just moved shows past the cap."""
    monkeypatch.setattr("recruiting.selectors.pipeline.COLUMN_CARDS", 3)
    start = timezone.now() - dt.timedelta(days=30)
    found = [add(contributor_a, opening, at=start + dt.timedelta(days=i)) for i in range(5)]
    client = client_for(contributor_a)

    html = client.get(reverse("recruiting:opening_board", args=[opening.pk])).content.decode()

    shown = [int(pk) for pk in re.findall(r'id="card-(\d+)"', html)]
    assert shown == [c.pk for c in found[:3]]
    more = reverse("recruiting:candidate_list") + f"?opening={opening.pk}&amp;step=found"
    assert f'<a href="{more}">2 more at this step</a>' in html
    assert re.search(r'id="column-found">Found <span class="badge badge--muted">5</span>', html)

    services.candidate_move(actor=contributor_a, candidate=found[0], to="engaged")
    answer = client.post(
        reverse("recruiting:candidate_move", args=[found[0].pk]), {"to": "found"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    # Back at "Found" they are the newest there, 5th of 5, and still shown: the card just moved.
    shown = [int(pk) for pk in re.findall(r'id="card-(\d+)"', answer)]
    assert shown == [found[1].pk, found[2].pk, found[3].pk, found[0].pk]
