"""Who may see and change what in recruiting: each rule written once, used by the pages, the API,
the CSV downloads, the charts and the services alike.

- HR leads run Stage 1: they manage profiles, openings and recruiting videos, decide on feedback
  and thank, and see and act on every pilot's pipeline.
- Contributors see and act on their own pilots' openings, candidates and shared posts: they refer,
  give feedback, log posts, move candidates and schedule interviews there. Candidates' contact
  details are shown to the pilot's members and HR leads only.
- Managers see figures and counts for the sponsors they manage (the Stage 1 page's counts, the ROI
  report), never a candidate's personal data.
Anything a user may not see is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from programs.access import visible_pilots, workable_pilots
from programs.models import Pilot

from .models import Candidate, JobOpening, SharedPost


def can_manage(user: User) -> bool:
    """May create and change profiles, openings, their descriptions and recruiting videos, decide
    on feedback and thank: HR leads."""
    return bool(user.is_authenticated and user.is_active and user.is_hr_lead)


def work_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots whose openings, candidates and posts the user may see and act on: every pilot for HR
    leads, a contributor's own pilots, none for managers."""
    return workable_pilots(user)


def can_work(user: User) -> bool:
    """May use the recruiting pages that name people (pipeline, referrals, posts): HR leads and
    contributors in at least one pilot."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or (user.is_contributor and work_pilots(user).exists()))


def require_work(user: User) -> None:
    """The pages that name people or plans (pipeline, referrals, posts, profiles, videos) exist only
    for ``can_work``: a 404 for anyone else, managers included, as for another pilot's objects."""
    if not can_work(user):
        raise Http404


def figure_pilots(user: User) -> QuerySet[Pilot]:
    """Pilots whose Stage 1 counts and figures the user may read (no personal data): HR leads all,
    contributors theirs, managers their sponsors'."""
    return visible_pilots(user)


def visible_openings(user: User) -> QuerySet[JobOpening]:
    """Openings the user may open (their page names candidates): those of ``work_pilots``."""
    return JobOpening.objects.filter(pilot__in=work_pilots(user)).select_related("pilot", "pilot__sponsor", "profile")


def visible_candidates(user: User) -> QuerySet[Candidate]:
    return Candidate.objects.filter(opening__pilot__in=work_pilots(user)).select_related(
        "opening", "opening__pilot", "person"
    )


def get_opening(user: User, pk: int) -> JobOpening:
    try:
        return visible_openings(user).get(pk=pk)
    except JobOpening.DoesNotExist as exc:
        raise Http404 from exc


def get_candidate(user: User, pk: int) -> Candidate:
    try:
        return visible_candidates(user).get(pk=pk)
    except Candidate.DoesNotExist as exc:
        raise Http404 from exc


def visible_posts(user: User) -> QuerySet[SharedPost]:
    """Shared posts the user may open (their pages name the people who responded): those of
    ``work_pilots``."""
    return SharedPost.objects.filter(pilot__in=work_pilots(user)).select_related("pilot", "venue", "author")


def get_post(user: User, pk: int) -> SharedPost:
    try:
        return visible_posts(user).get(pk=pk)
    except SharedPost.DoesNotExist as exc:
        raise Http404 from exc


def can_edit_post(user: User, post: SharedPost) -> bool:
    """May correct or delete ``post`` (and its responses): HR leads any; a contributor the posts
    they logged, in a pilot they still work in."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_hr_lead:
        return True
    return bool(post.author_id == user.pk and work_pilots(user).filter(pk=post.pilot_id).exists())


def can_read_resonance(user: User) -> bool:
    """May read "What resonates" (counts by kind of content and venue, no names): HR leads, and
    whoever sees at least one pilot's figures (``figure_pilots``: contributors theirs, managers
    their sponsors')."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_hr_lead or figure_pilots(user).exists())
