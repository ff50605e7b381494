"""What the Stage 1 pages share: breadcrumbs under the Stage 1 page, and a candidate's page and
crumbs (the interview, video and pointer pages lead back to it)."""

from __future__ import annotations

from django.urls import reverse

from ..models import Candidate


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 1" (the recruiting home page)."""
    return [("Stage 1", reverse("recruiting:index")), *pairs]


def candidate_url(candidate: Candidate) -> str:
    return reverse("recruiting:candidate_detail", args=[candidate.pk])


def candidate_crumbs(candidate: Candidate) -> list[tuple[str, str]]:
    return crumbs(
        ("Candidates", reverse("recruiting:candidate_list")), (str(candidate.person), candidate_url(candidate))
    )
