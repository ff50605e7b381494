"""The engagement upload: a CSV of post_id (or url), likes, comments, shares, clicks. Every row is
checked first; one bad row refuses the whole file with the row and column named, and nothing is
changed. The file follows listening's upload rules (size cap, row cap, UTF-8 with BOM, CRLF)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import AuditEvent
from core.errors import ForbiddenError
from recruiting import services
from recruiting.models import SharedPost
from tests.programs.factories import VenueFactory
from tests.recruiting.factories import PostFactory


@pytest.fixture
def posts(pilot_a, contributor_a):
    venue = VenueFactory()
    first = PostFactory(pilot=pilot_a, venue=venue, author=contributor_a, url="https://x.example/1", likes=1)
    second = PostFactory(pilot=pilot_a, venue=venue, author=contributor_a, url="https://x.example/2", likes=2)
    return first, second


def upload(client, text, *, name="engagement.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(reverse("recruiting:post_upload"), {"file": SimpleUploadedFile(name, data, "text/csv")})


def counts(post):
    post.refresh_from_db()
    return (post.likes, post.comments, post.shares, post.clicks)


def test_upload_by_id_with_bom_and_crlf_updates_the_counts(client_for, contributor_a, posts):
    first, second = posts
    text = f"\ufeffpost_id,likes,comments,shares,clicks\r\n{first.pk},10,2,1,30\r\n{second.pk},2,0,0,0\r\n"
    response = upload(client_for(contributor_a), text)
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:post_list")
    assert counts(first) == (10, 2, 1, 30)
    assert counts(second) == (2, 0, 0, 0)  # unchanged: already these counts
    follow = client_for(contributor_a).get(response["Location"])
    event = AuditEvent.objects.get(verb="post.engagement_uploaded")
    assert event.data["updated"] == [first.pk] and event.data["rows"] == 2
    assert follow.status_code == 200


def test_the_page_says_how_many_posts_were_updated(client_for, contributor_a, posts):
    first, _second = posts
    response = upload(client_for(contributor_a), f"post_id,likes\n{first.pk},7\n")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Engagement updated for 1 post (1 row read, 0 already up to date)."]


def test_upload_by_url_and_an_empty_cell_keeps_the_count(client_for, contributor_a, posts):
    first, second = posts
    first.clicks = 9
    first.save()
    text = "url,likes,clicks\nhttps://x.example/1,11,\nhttps://x.example/2,22,5\n"
    assert upload(client_for(contributor_a), text).status_code == 302
    assert counts(first) == (11, 0, 0, 9)
    assert counts(second) == (22, 0, 0, 5)


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(client_for, contributor_a, posts):
    first, second = posts
    text = f"post_id,likes,comments,shares,clicks\n{first.pk},10,0,0,0\n{second.pk},3,0,0,0\n{first.pk + second.pk},12a,0,0,0\n"
    response = upload(client_for(contributor_a), text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Row 4, column likes: “12a” is not a whole number." in html
    assert f"Row 4, column post_id: “{first.pk + second.pk}” is not the id of a post you can update." in html
    assert "1 row(s) have problems; nothing was changed." in html
    assert counts(first)[0] == 1 and counts(second)[0] == 2  # nothing written
    assert not AuditEvent.objects.filter(verb="post.engagement_uploaded").exists()


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ("-3", "Row 2, column likes: “-3” is not a whole number."),
        ("10000001", "Row 2, column likes: “10000001” is out of range"),
        ("1.5", "Row 2, column likes: “1.5” is not a whole number."),
        ("9" * 5000, f"Row 2, column likes: “{'9' * 40}” is out of range"),  # past int()'s 4,300 digits
    ],
)
def test_counts_must_be_whole_numbers_in_range(contributor_a, posts, cells, words):
    first, _ = posts
    with pytest.raises(services.EngagementUploadError) as exc:
        services.post_engagement_upload(
            actor=contributor_a, data=f"post_id,likes\n{first.pk},{cells}\n".encode(), filename="e.csv"
        )
    assert words in exc.value.problems[0]
    assert counts(first)[0] == 1


def test_thousands_separators_are_read(contributor_a, posts):
    first, _ = posts
    data = f'post_id,likes\n{first.pk},"1,234"\n'.encode()
    services.post_engagement_upload(actor=contributor_a, data=data, filename="e.csv")
    assert counts(first)[0] == 1234


def test_contributor_cannot_update_a_colleagues_or_another_pilots_post(contributor_a, hr_lead, pilot_a, pilot_b):
    venue = VenueFactory()
    colleagues = PostFactory(pilot=pilot_a, venue=venue, author=hr_lead)
    foreign = PostFactory(pilot=pilot_b, venue=venue)
    data = f"post_id,likes\n{colleagues.pk},5\n{foreign.pk},5\n".encode()
    with pytest.raises(services.EngagementUploadError) as exc:
        services.post_engagement_upload(actor=contributor_a, data=data, filename="e.csv")
    assert [p.split(":")[0] for p in exc.value.problems] == ["Row 2, column post_id", "Row 3, column post_id"]
    # The HR lead may update both.
    services.post_engagement_upload(actor=hr_lead, data=data, filename="e.csv")
    assert SharedPost.objects.filter(likes=5).count() == 2


def test_the_same_post_twice_and_an_ambiguous_url_are_refused(contributor_a, posts, pilot_a):
    first, _second = posts
    PostFactory(pilot=pilot_a, venue=first.venue, author=contributor_a, url="https://x.example/2")
    data = f"post_id,likes\n{first.pk},1\n{first.pk},2\n".encode()
    with pytest.raises(services.EngagementUploadError) as exc:
        services.post_engagement_upload(actor=contributor_a, data=data, filename="e.csv")
    assert exc.value.problems == ["Row 3, column post_id: The same post is already on row 2."]
    with pytest.raises(services.EngagementUploadError) as exc:
        services.post_engagement_upload(
            actor=contributor_a, data=b"url,likes\nhttps://x.example/2,4\n", filename="e.csv"
        )
    assert "2 of your posts have the address" in exc.value.problems[0]


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"likes,comments\n1,2\n", "e.csv", "no post_id or url column"),
        (b"post_id,color\n1,red\n", "e.csv", "none of the columns likes"),
        (b"post_id,likes\n", "e.csv", "no rows"),
        (b'[{"post_id": 1, "likes": 2}]', "e.json", "as a CSV file"),
        (b"PK\x03\x04rest-of-a-workbook", "e.xlsx", "Excel workbook"),
        (b"", "e.csv", "empty"),
    ],
)
def test_files_that_are_not_an_engagement_csv_are_refused(contributor_a, posts, data, name, words):
    with pytest.raises(services.EngagementUploadError) as exc:
        services.post_engagement_upload(actor=contributor_a, data=data, filename=name)
    assert words in exc.value.message


def test_an_oversized_file_is_refused_before_it_is_read(client_for, contributor_a, posts, settings):
    settings.LISTENING_UPLOAD_MAX_BYTES = 100
    first, _ = posts
    text = "post_id,likes\n" + f"{first.pk},5\n" * 40
    response = upload(client_for(contributor_a), text)
    assert response.status_code == 400
    assert "the limit is 100 bytes" in " ".join(response.context["form"].errors["file"])
    assert counts(first)[0] == 1


def test_too_many_rows_are_refused(contributor_a, posts, settings):
    settings.LISTENING_UPLOAD_MAX_ROWS = 2
    first, second = posts
    data = f"post_id,likes\n{first.pk},5\n{second.pk},5\n{first.pk},6\n".encode()
    with pytest.raises(services.EngagementUploadError) as exc:
        services.post_engagement_upload(actor=contributor_a, data=data, filename="e.csv")
    assert "more than 2" in exc.value.message


def test_manager_may_not_upload(manager, posts):
    with pytest.raises(ForbiddenError):
        services.post_engagement_upload(actor=manager, data=b"post_id,likes\n1,1\n", filename="e.csv")


def test_upload_page_documents_the_columns_with_an_example(client_for, contributor_a):
    html = client_for(contributor_a).get(reverse("recruiting:post_upload")).content.decode()
    assert "post_id,likes,comments,shares,clicks" in html
    assert "url,likes,comments,shares,clicks" in html
