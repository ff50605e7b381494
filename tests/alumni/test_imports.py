"""Alumni imports through the pages: upload → preview (nothing written) → import, all or nothing;
bad rows listed by row and column; matching by email, profile URL and name + company; doubtful
rows resolved on the merge screen; the same file twice; who may see the pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from alumni.models import AlumniImport, Alumnus, ImportMatch
from people.models import Person, PersonEmail, SocialHandle
from tests.alumni.factories import AlumnusFactory
from tests.people.factories import CompanyFactory, PersonEmailFactory, PersonFactory, SocialHandleFactory

FIXTURES = Path(__file__).parent / "fixtures"
HRIS_HEADER = "first_name,last_name,email,department,role,start_date,end_date,exit_type,rehire_eligible,company,title,city,country,linkedin_url"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(client, pilot, kind: str, data: bytes, name: str = "file.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("alumni:import_create"), {"pilot": pilot.pk, "kind": kind, "file": file})


def preview(client, pilot, kind: str, data: bytes, name: str = "file.csv") -> AlumniImport:
    response = upload(client, pilot, kind, data, name)
    assert response.status_code == 302, response.content.decode()[:3000]
    imp = AlumniImport.objects.order_by("-pk").first()
    assert response["Location"] == reverse("alumni:import_detail", args=[imp.pk])
    return imp


def confirm(client, imp: AlumniImport) -> AlumniImport:
    response = client.post(reverse("alumni:import_confirm", args=[imp.pk]))
    assert response.status_code == 302
    imp.refresh_from_db()
    return imp


def counts(imp: AlumniImport) -> tuple[int, int, int, int]:
    return imp.created_count, imp.updated_count, imp.unchanged_count, imp.doubtful_count


@pytest.fixture
def hr(client_for, hr_lead):
    return client_for(hr_lead)


def test_a_linkedin_export_is_previewed_and_nothing_is_written(hr, hr_lead, pilot_b):
    imp = preview(hr, pilot_b, "linkedin", fixture("Connections.csv"), "Connections.csv")

    assert (imp.status, imp.kind, imp.file_name, imp.total_rows, imp.errors) == (
        "previewed",
        "linkedin",
        "Connections.csv",
        5,
        [],
    )
    assert len(imp.sha256) == 64 and imp.content.startswith("Notes:")
    assert counts(imp) == (5, 0, 0, 0)
    assert Person.objects.count() == 0 and Alumnus.objects.count() == 0
    page = hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()
    assert "5 rows read" in page and "Ελένη Παπαδοπούλου" in page and "健太 山田" in page
    assert 'data-would="created">5<' in page
    assert AuditEvent.objects.filter(verb="imports.previewed", target_id=str(imp.pk)).exists()


def test_confirming_a_small_file_imports_every_row_at_once(hr, hr_lead, pilot_b):
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv"), "Connections.csv"))

    assert imp.status == "done" and imp.processed_rows == 5 and counts(imp) == (5, 0, 0, 0)
    assert imp.content == ""  # the text is dropped once imported; the sha256 stays
    eleni = Person.objects.get(first_name="Ελένη")
    assert (eleni.source, eleni.company.name, eleni.title) == ("import", "Acme, Inc.", "Head of Data")
    assert f"Connections.csv (import {imp.pk})" == eleni.source_detail
    assert eleni.alumnus.pilot == pilot_b and eleni.alumnus.exit_type == "other"
    assert list(eleni.handles.values_list("venue_kind", "profile_url")) == [
        ("linkedin", "https://linkedin.com/in/eleni-papadopoulou-4a1b2c")
    ]
    assert PersonEmail.objects.get(email="kenta.yamada@mail.example").is_primary
    # Search text is kept right by the bulk path: "jose muller" finds José Müller.
    assert list(Person.objects.search("jose muller").values_list("last_name", flat=True)) == ["Müller"]
    assert list(Person.objects.search("Acme").values_list("first_name", flat=True)) == ["Ελένη"]
    assert AuditEvent.objects.filter(verb="imports.finished", target_id=str(imp.pk)).exists()


def test_an_hris_file_fills_the_alumnus_record(hr, pilot_b):
    confirm(hr, preview(hr, pilot_b, "hris", fixture("hris_leavers.csv"), "leavers.csv"))

    grace = Alumnus.objects.get(person__last_name="Hopper")
    assert (grace.former_department, grace.former_role, str(grace.started_on), str(grace.left_on)) == (
        "Advisory",
        "Senior consultant",
        "2016-04-01",
        "2023-06-30",
    )
    assert (grace.exit_type, grace.rehire_eligible, grace.pilot) == ("voluntary", True, pilot_b)
    assert (grace.person.source, grace.person.country, grace.person.city) == ("hris", "US", "Arlington")
    lukasz = Person.objects.get(first_name="Łukasz")
    assert (lukasz.company.name, lukasz.country, lukasz.alumnus.exit_type, lukasz.alumnus.rehire_eligible) == (
        "Nowak, Kowalski & Co",
        "PL",
        "eliminated",
        False,
    )
    assert Alumnus.objects.get(person__last_name="Hamilton").rehire_eligible is None


def test_bad_rows_are_listed_by_row_and_column_and_nothing_can_be_imported(hr, pilot_b):
    imp = preview(hr, pilot_b, "hris", fixture("hris_bad_rows.csv"), "bad.csv")

    assert {(e["row"], e["column"]) for e in imp.errors} >= {(3, "first_name"), (4, "end_date"), (5, "email")}
    assert imp.content == ""
    page = hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()
    assert "cannot be imported" in page and "Upload a corrected file" in page
    assert 'data-error-row="4"' in page and "end_date" in page and "The same person as row 2" in page

    response = hr.post(reverse("alumni:import_confirm", args=[imp.pk]), follow=True)

    assert "nothing can be imported" in response.content.decode()
    imp.refresh_from_db()
    assert imp.status == "previewed"
    assert Person.objects.count() == 0 and Alumnus.objects.count() == 0 and PersonEmail.objects.count() == 0


def test_rows_match_existing_people_by_email_in_any_case(hr, pilot_b):
    existing = PersonEmailFactory(email="Grace.Hopper@Mail.Example", person__first_name="G.", person__last_name="H.")
    imp = confirm(hr, preview(hr, pilot_b, "hris", fixture("hris_leavers.csv")))

    assert counts(imp) == (2, 1, 0, 0)
    person = existing.person
    person.refresh_from_db()
    assert (person.first_name, person.title, person.company.name) == ("G.", "CTO", "Navy Systems")  # names kept
    assert person.alumnus.former_role == "Senior consultant"
    assert not Person.objects.filter(last_name="Hopper").exists()
    assert person.handles.get().profile_url == "https://linkedin.com/in/grace-hopper"


def test_rows_match_existing_people_by_profile_url(hr, pilot_b):
    handle = SocialHandleFactory(profile_url="https://www.linkedin.com/in/eleni-papadopoulou-4a1b2c/")
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))

    assert counts(imp) == (4, 1, 0, 0)
    assert Alumnus.objects.get(person=handle.person).pilot == pilot_b
    assert SocialHandle.objects.filter(person=handle.person).count() == 1  # the same profile, not added twice


def test_rows_match_by_name_and_company_when_the_person_has_no_email(hr, pilot_b):
    navy = CompanyFactory(name="NAVY systems")
    person = PersonFactory(first_name="Grace", last_name="Hopper", company=navy)
    imp = confirm(hr, preview(hr, pilot_b, "hris", fixture("hris_leavers.csv")))

    assert counts(imp) == (2, 1, 0, 0)
    assert list(person.emails.values_list("email", "is_primary")) == [("grace.hopper@mail.example", True)]
    assert Person.objects.filter(first_name="Grace").count() == 1


def test_doubtful_rows_wait_and_are_merged_on_the_merge_screen(hr, hr_lead, pilot_b):
    engines = CompanyFactory(name="Analytical Engines")
    ada = PersonFactory(first_name="Ada", last_name="Lovelace", company=engines, title="Countess")
    jose = PersonFactory(first_name="José", last_name="Müller", company=CompanyFactory(name="Initech"))
    imp = preview(hr, pilot_b, "linkedin", fixture("Connections.csv"))
    assert counts(imp) == (3, 0, 0, 2)
    imp = confirm(hr, imp)

    assert counts(imp) == (3, 0, 0, 2) and imp.status == "done"
    matches = {m.row_number: m for m in ImportMatch.objects.filter(alumni_import=imp)}
    assert (matches[9].person, matches[9].reason) == (ada, "Same name and company; the row has no email to compare.")
    assert (matches[7].person, matches[7].reason) == (jose, "Same name, another company (Initech).")
    assert not Alumnus.objects.filter(person=ada).exists()
    screen = hr.get(reverse("alumni:import_matches", args=[imp.pk])).content.decode()
    assert "Merge into this person" in screen and "Countess" in screen and "Programmer" in screen
    assert AuditEvent.objects.filter(verb="imports.matches_viewed").count() == 1

    response = hr.post(reverse("alumni:import_match_resolve", args=[imp.pk, 9]), {"resolution": "merged"})

    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.title == "Programmer" and ada.alumnus.pilot == pilot_b
    assert ada.handles.get().profile_url == "https://linkedin.com/in/ada-lovelace"
    matches[9].refresh_from_db()
    assert (matches[9].resolution, matches[9].resolved_by) == ("merged", hr_lead)
    event = AuditEvent.objects.get(verb="imports.match_resolved")
    assert (event.person_id, event.data["resolution"]) == (ada.pk, "merged")

    hr.post(reverse("alumni:import_match_resolve", args=[imp.pk, 7]), {"resolution": "new"})

    assert Person.objects.filter(first_name="José", last_name="Müller").count() == 2
    new = Person.objects.filter(first_name="José").exclude(pk=jose.pk).get()
    assert new.alumnus.pilot == pilot_b and new.title == "Director, Strategy"
    imp.refresh_from_db()
    assert (imp.created_count, imp.updated_count) == (4, 1)
    assert "Nothing left to decide" in hr.get(reverse("alumni:import_matches", args=[imp.pk])).content.decode()


def test_a_doubtful_row_can_be_skipped_once(hr, pilot_b):
    PersonFactory(first_name="Ada", last_name="Lovelace")
    imp = confirm(hr, preview(hr, pilot_b, "linkedin", fixture("Connections.csv")))
    url = reverse("alumni:import_match_resolve", args=[imp.pk, 9])

    hr.post(url, {"resolution": "skipped"})
    again = hr.post(url, {"resolution": "merged"}, follow=True)

    assert "already resolved" in again.content.decode()
    assert ImportMatch.objects.get().resolution == "skipped"
    assert Person.objects.filter(first_name="Ada").count() == 1


def test_the_same_file_twice_is_refused_with_a_link_to_the_earlier_import(hr, pilot_b):
    data = fixture("Connections.csv")
    first = confirm(hr, preview(hr, pilot_b, "linkedin", data))
    people = Person.objects.count()

    response = upload(hr, pilot_b, "linkedin", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "already imported" in page and reverse("alumni:import_detail", args=[first.pk]) in page
    assert AlumniImport.objects.count() == 1 and Person.objects.count() == people


def test_the_same_rows_again_change_nothing(hr, pilot_b):
    data = fixture("hris_leavers.csv")
    confirm(hr, preview(hr, pilot_b, "hris", data))
    before = list(Person.objects.order_by("pk").values_list("pk", "updated_at", "search_text"))
    alumni_before = list(Alumnus.objects.order_by("pk").values_list("pk", "updated_at"))

    second = confirm(hr, preview(hr, pilot_b, "hris", data + b"\n"))  # re-saved: other bytes, same rows

    assert counts(second) == (0, 0, 3, 0)
    assert list(Person.objects.order_by("pk").values_list("pk", "updated_at", "search_text")) == before
    assert list(Alumnus.objects.order_by("pk").values_list("pk", "updated_at")) == alumni_before


def test_an_existing_alumnus_is_updated_and_keeps_its_pilot(hr, pilot_b, pilot_a):
    alumnus = AlumnusFactory(pilot=pilot_a, former_role="Intern", left_on=None, started_on=None)
    PersonEmailFactory(person=alumnus.person, email="m.hamilton@mail.example")
    imp = confirm(hr, preview(hr, pilot_b, "hris", fixture("hris_leavers.csv")))

    alumnus.refresh_from_db()
    assert counts(imp) == (2, 1, 0, 0)
    assert (alumnus.pilot, alumnus.former_role, alumnus.exit_type) == (pilot_a, "Lead engineer", "retired")


def test_a_preview_can_be_cancelled_and_then_not_imported(hr, pilot_b):
    imp = preview(hr, pilot_b, "hris", fixture("hris_leavers.csv"))

    hr.post(reverse("alumni:import_cancel", args=[imp.pk]))
    response = hr.post(reverse("alumni:import_confirm", args=[imp.pk]), follow=True)

    imp.refresh_from_db()
    assert imp.status == "cancelled" and imp.content == ""
    assert "only a previewed import can be started" in response.content.decode()
    assert Person.objects.count() == 0


def test_html_in_a_name_is_stored_as_text_and_escaped_on_the_pages(hr, pilot_b):
    text = HRIS_HEADER + "\n<script>alert(1)</script>,<b>Bold</b>,x@mail.example,,,,,,,,,,,\n"
    imp = preview(hr, pilot_b, "hris", text.encode())
    page = hr.get(reverse("alumni:import_detail", args=[imp.pk])).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    confirm(hr, imp)
    assert Person.objects.get().first_name == "<script>alert(1)</script>"


def test_a_file_over_the_size_bound_is_refused_on_the_form(hr, pilot_b, settings):
    settings.ALUMNI_IMPORT_MAX_BYTES = 100
    response = upload(hr, pilot_b, "linkedin", fixture("Connections.csv"))

    assert response.status_code == 400
    assert "at most 100 bytes can be imported" in response.content.decode()
    assert AlumniImport.objects.count() == 0


def test_a_file_in_another_encoding_is_refused_on_the_form(hr, pilot_b):
    data = (HRIS_HEADER + "\nRené,Österberg,r@mail.example,,,,,,,,,,,\n").encode("cp1252")
    response = upload(hr, pilot_b, "hris", data)

    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()
    assert AlumniImport.objects.count() == 0


def test_only_stage_2_pilots_are_offered(hr, pilot_a, pilot_b):
    response = upload(hr, pilot_a, "hris", fixture("hris_leavers.csv"))

    assert response.status_code == 400
    assert AlumniImport.objects.count() == 0
    form = hr.get(reverse("alumni:import_create")).context["form"]
    assert list(form.fields["pilot"].queryset) == [pilot_b]


def test_the_history_lists_imports_with_their_counts(hr, hr_lead, pilot_b):
    confirm(hr, preview(hr, pilot_b, "hris", fixture("hris_leavers.csv"), "leavers-2026.csv"))

    page = hr.get(reverse("alumni:import_list")).content.decode()

    assert "leavers-2026.csv" in page and "HRIS leavers file" in page and pilot_b.name in page
    assert "3 / 0 / 0 / 0" in page and str(hr_lead) in page


@pytest.mark.parametrize("who", ["contributor_b", "manager", "outsider"])
def test_only_hr_leads_see_the_import_pages(request, client_for, hr, pilot_b, sponsor_b, who):
    user = request.getfixturevalue(who)
    if who == "manager":
        sponsor_b.managers.add(user)
    imp = preview(hr, pilot_b, "linkedin", fixture("Connections.csv"))
    client = client_for(user)

    for name, args in [
        ("import_list", []),
        ("import_create", []),
        ("import_detail", [imp.pk]),
        ("import_progress", [imp.pk]),
        ("import_matches", [imp.pk]),
    ]:
        assert client.get(reverse(f"alumni:{name}", args=args)).status_code == 404, name
    for name, args in [
        ("import_confirm", [imp.pk]),
        ("import_cancel", [imp.pk]),
        ("import_resume", [imp.pk]),
        ("import_match_resolve", [imp.pk, 9]),
    ]:
        assert client.post(reverse(f"alumni:{name}", args=args)).status_code == 404, name
    assert upload(client, pilot_b, "linkedin", fixture("Connections.csv")).status_code == 404
    imp.refresh_from_db()
    assert imp.status == "previewed" and AlumniImport.objects.count() == 1
