"""HTML pages of the people directory: people and companies.

Every view: log-in → people.access → form → people.services (through core.web.submit) → redirect
with a message. A refused change (DomainError) re-renders the form with status 400 and everything
the user typed; a ForbiddenError is the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.web import AuthedRequest
from core.errors import DomainError
from core.web import as_pk, delete_page, link_url, paginate, raise_if_forbidden, submit

from . import selectors, services
from .access import (
    can_clear_do_not_contact,
    can_delete_people,
    can_edit_company,
    can_edit_person,
    can_erase_people,
    can_export_people,
    get_company_for_user,
    get_person_for_user,
    require_directory,
)
from .countries import countries
from .forms import (
    CompanyFilterForm,
    CompanyForm,
    ConsentForm,
    DoNotContactForm,
    HandleFormSet,
    PersonFilterForm,
    PersonForm,
    handle_initial,
)
from .models import Person
from .timeline import timeline_for

TIMELINE_LIMIT = 50

# People ----------------------------------------------------------------------------------------


@login_required
def person_list(request: AuthedRequest) -> HttpResponse:
    require_directory(request.user)
    form = PersonFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.PersonFilters()
    people = selectors.person_directory(filters)
    if form.search_refused:
        people = people.none()
    page, query_string = paginate(request, people)
    return render(
        request,
        "people/person_list.html",
        {"form": form, "filters": filters, "page_obj": page, "people": page.object_list, "query_string": query_string},
        status=400 if form.search_refused else 200,
    )


def _person_form_page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    # Country names for the browser's suggestions under the Country field.
    context = {**context, "country_names": sorted(countries().values())}
    return render(request, "people/person_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthedRequest) -> HttpResponse:
    require_directory(request.user)
    if request.method != "POST":
        initial = {}
        if (company_pk := as_pk(request.GET.get("company"))) is not None:
            initial["company"] = company_pk
        form = PersonForm(initial=initial)
        return _person_form_page(request, {"form": form, "handles": HandleFormSet(prefix="handles")})

    form = PersonForm(request.POST)
    handles = HandleFormSet(request.POST, prefix="handles")
    context: dict[str, Any] = {"form": form, "handles": handles}
    if not (form.is_valid() and handles.is_valid()):
        return _person_form_page(request, context, status=400)
    data = form.person_data(handles=handles.handles())

    def create(cleaned: dict[str, Any]) -> Person:
        try:
            return services.person_create(actor=request.user, data=data, allow_same_name=cleaned["confirm_duplicate"])
        except services.DuplicatePersonError as e:
            # List the people it may be; "create anyway" only when nothing but the name matched.
            same_name_only = not services.find_duplicates(emails=data.emails, handles=data.handles)
            context.update(matches=e.matches, show_confirm=same_name_only)
            raise

    person = submit(request, form, create)
    if person is None:
        return _person_form_page(request, context, status=400)
    messages.success(request, f"{person.full_name} was added.")
    return redirect("people:person_detail", pk=person.pk)


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_detail(get_person_for_user(request.user, pk))
    services.person_viewed(actor=request.user, person=person, via="page")
    handles = [(h, link_url(h.profile_url)) for h in person.handles.all()]
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "handles": handles,
            "consent_events": list(selectors.consent_history(person)),
            "can_edit": can_edit_person(request.user, person),
            "can_delete": can_delete_people(request.user),
            "can_erase": can_erase_people(request.user) and person.erased_at is None,
            "can_export": can_export_people(request.user),
            "can_clear_do_not_contact": can_clear_do_not_contact(request.user),
            "consent_form": ConsentForm(),
            "do_not_contact_form": DoNotContactForm(),
            # Everything the program did with them that the user may see (people.timeline).
            "timeline": timeline_for(person, request.user, limit=TIMELINE_LIMIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = PersonForm(initial=PersonForm.initial_for(person), person=person)
        handles = HandleFormSet(prefix="handles", initial=handle_initial(person))
        return _person_form_page(request, {"form": form, "handles": handles, "person": person})

    form = PersonForm(request.POST, person=person)
    handles = HandleFormSet(request.POST, prefix="handles", initial=handle_initial(person))
    context: dict[str, Any] = {"form": form, "handles": handles, "person": person}
    if not (form.is_valid() and handles.is_valid()):
        return _person_form_page(request, context, status=400)

    def update(_: dict[str, Any]) -> Person:
        try:
            return services.person_update(
                actor=request.user, person=person, data=form.person_data(handles=handles.handles())
            )
        except services.DuplicatePersonError as e:
            context["matches"] = e.matches
            raise

    if submit(request, form, update) is None:
        return _person_form_page(request, context, status=400)
    messages.success(request, f"{person.full_name} was saved.")
    return redirect("people:person_detail", pk=person.pk)


def _contact_change(
    request: AuthedRequest,
    pk: int,
    form_class: type[ConsentForm] | type[DoNotContactForm],
    change: Callable[[Person, dict[str, Any]], object],
    invalid: str,
    done: Callable[[Person, dict[str, Any]], str],
) -> HttpResponse:
    """The person page's small consent forms: validate, call the service, say what happened (or
    why not) on the person page."""
    person = get_person_for_user(request.user, pk, write=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect("people:person_detail", pk=person.pk)
    try:
        change(person, form.cleaned_data)
    except DomainError as e:
        raise_if_forbidden(e)
        messages.error(request, e.message)
    else:
        messages.success(request, done(person, form.cleaned_data))
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def person_consent(request: AuthedRequest, pk: int) -> HttpResponse:
    """Record or withdraw consent (whoever may edit the person)."""
    return _contact_change(
        request,
        pk,
        ConsentForm,
        lambda person, d: services.person_set_consent(
            actor=request.user,
            person=person,
            consent=d["consent"],
            date=d["consent_date"],
            source=d["source"],
            note=d["note"],
        ),
        invalid="Choose whether to record or withdraw consent, with a valid date.",
        done=lambda person, d: (
            f"Consent recorded for {person.full_name}."
            if d["consent"]
            else f"Consent withdrawn for {person.full_name}."
        ),
    )


@login_required
@require_POST
def person_do_not_contact(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark a person "do not contact" (whoever may edit them) or clear it (HR leads, with a note)."""
    return _contact_change(
        request,
        pk,
        DoNotContactForm,
        lambda person, d: services.person_set_do_not_contact(
            actor=request.user,
            person=person,
            do_not_contact=d["do_not_contact"],
            date=d["date"],
            source=d["source"],
            note=d["note"],
        ),
        invalid="Choose whether to mark or clear “do not contact”, with a valid date.",
        done=lambda person, d: (
            f"{person.full_name} is marked “do not contact”."
            if d["do_not_contact"]
            else f"“Do not contact” was cleared for {person.full_name}."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET: what erasure does, and a confirm button. POST: erase (HR leads)."""
    person = get_person_for_user(request.user, pk)
    if not can_erase_people(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.person_erase(actor=request.user, person=person)
        except DomainError as e:
            raise_if_forbidden(e)
            messages.error(request, e.message)
        else:
            messages.success(request, f"Person #{person.pk}'s personal data was erased everywhere in the program.")
        return redirect("people:person_detail", pk=person.pk)
    if person.erased_at is not None:
        messages.error(request, services.MSG_ALREADY_ERASED.format(date=f"{person.erased_at:%d %b %Y}"))
        return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_confirm_erase.html", {"person": person})


@login_required
@require_GET
def person_export(request: AuthedRequest, pk: int) -> HttpResponse:
    """Everything the program holds about the person, as a JSON download (HR leads; audited)."""
    person = get_person_for_user(request.user, pk)
    if not can_export_people(request.user):
        raise PermissionDenied
    data = services.person_export(actor=request.user, person=person)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, delete=True)
    detail_url = reverse("people:person_detail", args=[person.pk])
    return delete_page(
        request,
        thing=person,
        delete=lambda: services.person_delete(actor=request.user, person=person),
        done=f"{person.full_name} was deleted.",
        list_url=reverse("people:person_list"),
        template="people/person_confirm_delete.html",
        refused_url=detail_url,
        cancel_url=detail_url,
    )


# Companies -------------------------------------------------------------------------------------


@login_required
def company_list(request: AuthedRequest) -> HttpResponse:
    require_directory(request.user)
    form = CompanyFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    q, relationship = data.get("q", ""), data.get("relationship", "")
    refused = form.is_bound and "q" in form.errors
    companies = selectors.company_directory(q=q, relationship=relationship)
    page, query_string = paginate(request, companies.none() if refused else companies)
    return render(
        request,
        "people/company_list.html",
        {
            "form": form,
            "filtered": bool(q or relationship) or refused,
            "page_obj": page,
            "companies": page.object_list,
            "query_string": query_string,
        },
        status=400 if refused else 200,
    )


def _company_form_page(request: HttpRequest, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
    return render(request, "people/company_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: AuthedRequest) -> HttpResponse:
    require_directory(request.user)
    if request.method != "POST":
        return _company_form_page(request, {"form": CompanyForm()})
    form = CompanyForm(request.POST)
    company = submit(request, form, lambda data: services.company_save(actor=request.user, **data))
    if company is None:
        return _company_form_page(request, {"form": form}, status=400)
    messages.success(request, f"{company.name} was added.")
    return redirect("people:company_detail", pk=company.pk)


@login_required
def company_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request.user, pk)
    page, query_string = paginate(request, selectors.company_people(company))
    return render(
        request,
        "people/company_detail.html",
        {
            "company": company,
            "page_obj": page,
            "people": page.object_list,
            "query_string": query_string,
            "can_edit": can_edit_company(request.user, company),
            "can_delete": can_delete_people(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request.user, pk, write=True)
    if request.method != "POST":
        form = CompanyForm(initial=CompanyForm.initial_for(company))
        return _company_form_page(request, {"form": form, "company": company})
    form = CompanyForm(request.POST)
    if submit(request, form, lambda data: services.company_save(actor=request.user, company=company, **data)) is None:
        return _company_form_page(request, {"form": form, "company": company}, status=400)
    messages.success(request, f"{company.name} was saved.")
    return redirect("people:company_detail", pk=company.pk)


@login_required
@require_http_methods(["GET", "POST"])
def company_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    company = get_company_for_user(request.user, pk, delete=True)
    detail_url = reverse("people:company_detail", args=[company.pk])
    return delete_page(
        request,
        thing=company,
        delete=lambda: services.company_delete(actor=request.user, company=company),
        done=f"{company.name} was deleted; its people keep their records without a company.",
        list_url=reverse("people:company_list"),
        template="people/company_confirm_delete.html",
        refused_url=detail_url,
        cancel_url=detail_url,
        people_count=Person.objects.filter(company=company).count() if request.method != "POST" else 0,
    )
