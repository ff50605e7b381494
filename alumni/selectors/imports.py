"""Who may see alumni imports: HR leads only (alumni.access.can_manage). Everyone else — managers
and contributors included — gets a 404 on the pages (the API answers 403)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import User

from ..access import can_manage, work_pilots
from ..models import AlumniImport, MatchResolution


def visible_imports(user: User) -> QuerySet[AlumniImport]:
    """The imports an HR lead may open (every pilot's), with their pending doubtful rows counted;
    none for anyone else."""
    if not can_manage(user):
        return AlumniImport.objects.none()
    return (
        AlumniImport.objects.filter(pilot__in=work_pilots(user))
        .select_related("pilot", "created_by")
        .defer("content")
        .annotate(pending=Count("matches", filter=Q(matches__resolution=MatchResolution.PENDING)))
        .order_by("-created_at", "-id")
    )


def require_imports(user: User) -> None:
    if not can_manage(user):
        raise Http404


def get_import(user: User, pk: int) -> AlumniImport:
    """An import the user may open, with its file's text (404 otherwise)."""
    require_imports(user)
    try:
        return visible_imports(user).defer(None).get(pk=pk)
    except AlumniImport.DoesNotExist as exc:
        raise Http404 from exc
