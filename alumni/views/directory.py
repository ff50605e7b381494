"""The alumni directory's pages: the list (search, filters, CSV), an alumnus's page (their time
with us, goodwill and its history, group memberships, the person's timeline), making someone an
alumnus, correcting the record and removing it.

Who (alumni.access): HR leads and contributors of a pilot see the alumni of the pilots they work
in; anyone else gets a 404 (managers included: they read counts, never names). Only HR leads
remove an alumnus record (alumni.services.directory.alumnus_delete). Reading the list, its CSV
and an alumnus's page is audited once per request.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.web import AuthedRequest
from core.web import delete_page, form_status, paginate, safe_next, submit
from metrics.exports import csv_response
from metrics.forms.ledger import PickerError
from people.access import can_use_directory
from people.services import DuplicatePersonError
from people.timeline import timeline_for
from recruiting.views.candidates import keep_error, looking_up, people_picker

from ..access import can_manage, get_alumnus, require_work, stage_pilots
from ..forms.directory import AlumnusCreateForm, AlumnusEditForm, AlumnusFilterForm, GoodwillForm, MembershipForm
from ..models import Alumnus
from ..selectors.directory import AlumniFilters, alumni_csv_rows, alumni_directory, alumnus_for_detail
from ..services import directory as services

TIMELINE_LIMIT = 50
PICKER_HELP = "Someone already in the directory: type part of their name, email or company, then pick them."
CSV_COLUMNS = (
    "Name",
    "Email",
    "Current company",
    "Current title",
    "City",
    "Country",
    "Pilot",
    "Segment",
    "Segment rank",
    "Former department",
    "Former role",
    "Started on",
    "Left on",
    "Exit",
    "Rehire eligible",
    "Goodwill",
    "Goodwill assessed on",
)


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 2" (when its page is mounted) and "Alumni"."""
    try:
        root = [("Stage 2", reverse("alumni:index"))]
    except NoReverseMatch:
        root = []
    return [*root, ("Alumni", reverse("alumni:alumnus_list")), *pairs]


def alumnus_crumbs(alumnus: Alumnus, *pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs((alumnus.person.full_name, reverse("alumni:alumnus_detail", args=[alumnus.pk])), *pairs)


# --- the list ---------------------------------------------------------------------------------


def _filtered(request: AuthedRequest) -> tuple[AlumnusFilterForm, AlumniFilters]:
    form = AlumnusFilterForm(request.GET or None, user=request.user)
    return form, form.filters()


@login_required
@require_GET
def alumnus_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    form, filters = _filtered(request)
    alumni = alumni_directory(user, filters)
    if form.search_refused:
        alumni = alumni.none()
    page_obj, query_string = paginate(request, alumni)
    rows = list(page_obj.object_list)
    services.alumni_listed(
        actor=user, data={"filters": filters.audit_data(), "rows": page_obj.paginator.count, "page": page_obj.number}
    )
    return render(
        request,
        "alumni/directory/alumnus_list.html",
        {
            "filters": form,
            "filtered": filters.active,
            "page_obj": page_obj,
            "alumni": rows,
            "query_string": query_string,
            "csv_query": request.GET.urlencode(),
            "can_create": stage_pilots(user).exists(),
            "breadcrumbs": crumbs()[:-1],
        },
        status=400 if form.search_refused else 200,
    )


def _csv_row(a: Alumnus) -> list[Any]:
    person = a.person
    emails = sorted(person.emails.all(), key=lambda e: (not e.is_primary, e.email))
    return [
        person.full_name,
        emails[0].email if emails else "",
        person.company.name if person.company else "",
        person.title,
        person.city,
        person.country,
        a.pilot.name,
        a.segment.name if a.segment else "",
        a.segment.rank if a.segment else "",
        a.former_department,
        a.former_role,
        a.started_on.isoformat() if a.started_on else "",
        a.left_on.isoformat() if a.left_on else "",
        a.get_exit_type_display(),
        "" if a.rehire_eligible is None else ("yes" if a.rehire_eligible else "no"),
        a.get_goodwill_display(),
        a.goodwill_on.isoformat() if a.goodwill_on else "",
    ]


@login_required
@require_GET
def alumnus_csv(request: AuthedRequest) -> StreamingHttpResponse | HttpResponse:
    """The filtered list, every page of it, as CSV; audited once ("alumni.exported")."""
    user = request.user
    require_work(user)
    form, filters = _filtered(request)
    if form.search_refused:
        return redirect(f"{reverse('alumni:alumnus_list')}?{request.GET.urlencode()}")
    alumni = alumni_directory(user, filters)
    services.alumni_exported(actor=user, data={"filters": filters.audit_data(), "rows": alumni.count()})
    rows = (_csv_row(a) for a in alumni_csv_rows(alumni).iterator(chunk_size=2000))
    return csv_response(f"alumni-{timezone.localdate().isoformat()}.csv", CSV_COLUMNS, rows)


# --- an alumnus -------------------------------------------------------------------------------


def _detail(request: AuthedRequest, pk: int) -> Alumnus:
    require_work(request.user)
    alumnus = alumnus_for_detail(request.user, pk)
    if alumnus is None:
        raise Http404
    return alumnus


@login_required
@require_GET
def alumnus_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    alumnus = _detail(request, pk)
    services.alumnus_viewed(actor=user, alumnus=alumnus)
    return render(request, "alumni/directory/alumnus_detail.html", _detail_context(request, alumnus))


def _detail_context(request: AuthedRequest, alumnus: Alumnus, **extra: Any) -> dict[str, Any]:
    user = request.user
    history = list(alumnus.goodwill_changes.all())
    return {
        "alumnus": alumnus,
        "person": alumnus.person,
        "history": list(reversed(history)),
        "memberships": list(alumnus.group_memberships.all()),
        "timeline": timeline_for(alumnus.person, user, limit=TIMELINE_LIMIT),
        "can_open_person": can_use_directory(user),
        "can_delete": can_manage(user),
        "goodwill_form": extra.pop("goodwill_form", None) or GoodwillForm(),
        "membership_form": extra.pop("membership_form", None) or MembershipForm(),
        "breadcrumbs": crumbs(),
        **extra,
    }


@login_required
@require_POST
def alumnus_goodwill(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record a goodwill assessment (the form on the alumnus's page)."""
    alumnus = _detail(request, pk)
    form = GoodwillForm(request.POST)
    change = submit(request, form, lambda data: services.goodwill_record(actor=request.user, alumnus=alumnus, **data))
    if change is None:
        context = _detail_context(request, alumnus, goodwill_form=form, focus="goodwill")
        return render(request, "alumni/directory/alumnus_detail.html", context, status=400)
    if alumnus.goodwill_on == change.on and alumnus.goodwill == change.to_level:
        messages.success(request, f"Goodwill recorded: {change.get_to_level_display()} as of {change.on:%d %b %Y}.")
    else:
        messages.success(
            request,
            f"Assessment of {change.on:%d %b %Y} added to the history; a later one stays the current goodwill.",
        )
    return redirect("alumni:alumnus_detail", pk=alumnus.pk)


@login_required
@require_POST
def alumnus_membership(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record the alumnus's membership of a private group (the form on the alumnus's page)."""
    alumnus = _detail(request, pk)
    form = MembershipForm(request.POST)
    membership = submit(
        request, form, lambda data: services.group_membership_set(actor=request.user, alumnus=alumnus, **data)
    )
    if membership is None:
        context = _detail_context(request, alumnus, membership_form=form, focus="membership")
        return render(request, "alumni/directory/alumnus_detail.html", context, status=400)
    messages.success(request, f"{membership.venue.name}: {membership.get_status_display().lower()}.")
    return redirect("alumni:alumnus_detail", pk=alumnus.pk)


# --- make, correct, remove --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def alumnus_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    require_work(user)
    picker = people_picker(
        request, label="Who left", help=PICKER_HELP, required=False, nobody="Someone new: give their details below"
    )
    initial: dict[str, Any] = {}
    if len(only := list(stage_pilots(user)[:2])) == 1:
        initial["pilot"] = only[0].pk
    if looking_up(request):
        form = AlumnusCreateForm(initial={**initial, **request.POST.dict()}, user=user)
    else:
        form = AlumnusCreateForm(request.POST or None, initial=initial, user=user)
    caught: dict[str, Any] = {}

    def save(data: dict[str, Any]) -> Alumnus:
        return services.alumnus_create(
            actor=user,
            person=data["person"],
            new_person=form.new_person(),
            allow_same_name=data["confirm"],
            **form.record(),
        )

    alumnus = None if looking_up(request) else submit(request, form, keep_error(caught, save))
    if alumnus is not None:
        messages.success(request, f"{alumnus.person.full_name} is now an alumnus of {alumnus.pilot.name}.")
        return redirect("alumni:alumnus_detail", pk=alumnus.pk)
    error = caught.get("error")
    if form.is_bound and not looking_up(request):
        picker.errors = [PickerError(str(e)) for e in form.errors.get("person", [])]
    existing = error.alumnus if isinstance(error, services.DuplicateAlumnusError) else None
    return render(
        request,
        "alumni/directory/alumnus_form.html",
        {
            "form": form,
            "picker": picker,
            "creating": True,
            "has_pilots": stage_pilots(user).exists(),
            "existing": existing,
            "existing_visible": existing is not None and stage_pilots(user).filter(pk=existing.pilot_id).exists(),
            "duplicates": error.matches if isinstance(error, DuplicatePersonError) else [],
            "show_confirm": isinstance(error, DuplicatePersonError) and not error.matches,
            "title": "Add an alumnus",
            "cancel_url": safe_next(request) or reverse("alumni:alumnus_list"),
            "breadcrumbs": crumbs(),
        },
        status=200 if looking_up(request) else form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def alumnus_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    alumnus = get_alumnus(user, pk)
    form = AlumnusEditForm(request.POST or None, initial=AlumnusEditForm.initial_for(alumnus), user=user)
    saved = submit(request, form, lambda data: services.alumnus_update(actor=user, alumnus=alumnus, **form.record()))
    if saved is not None:
        messages.success(request, f"{alumnus.person.full_name}'s record was saved.")
        return redirect("alumni:alumnus_detail", pk=alumnus.pk)
    return render(
        request,
        "alumni/directory/alumnus_form.html",
        {
            "form": form,
            "alumnus": alumnus,
            "has_pilots": True,
            "title": f"Edit {alumnus.person.full_name}'s alumnus record",
            "cancel_url": reverse("alumni:alumnus_detail", args=[alumnus.pk]),
            "breadcrumbs": alumnus_crumbs(alumnus),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def alumnus_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_work(user)
    alumnus = get_alumnus(user, pk)
    detail_url = reverse("alumni:alumnus_detail", args=[alumnus.pk])
    if not can_manage(user):
        # Contributors see the alumnus, but removing the record is an HR lead's decision.
        raise PermissionDenied(services.MSG_DELETE_HR)
    name = alumnus.person.full_name
    return delete_page(
        request,
        thing=alumnus,
        delete=lambda: services.alumnus_delete(actor=user, alumnus=alumnus),
        done=f"{name} is no longer an alumnus; their person record stays in the directory.",
        list_url=reverse("alumni:alumnus_list"),
        list_label="Alumni",
        refused_url=detail_url,
        template="alumni/directory/alumnus_confirm_delete.html",
        cancel_url=detail_url,
        label=f"{name}'s alumnus record",
        breadcrumbs=alumnus_crumbs(alumnus),
    )


urlpatterns: list[URLPattern] = [
    path("people/", alumnus_list, name="alumnus_list"),
    path("people.csv", alumnus_csv, name="alumnus_csv"),
    path("people/new/", alumnus_create, name="alumnus_create"),
    path("people/<int:pk>/", alumnus_detail, name="alumnus_detail"),
    path("people/<int:pk>/edit/", alumnus_edit, name="alumnus_edit"),
    path("people/<int:pk>/delete/", alumnus_delete, name="alumnus_delete"),
    path("people/<int:pk>/goodwill/", alumnus_goodwill, name="alumnus_goodwill"),
    path("people/<int:pk>/membership/", alumnus_membership, name="alumnus_membership"),
]
