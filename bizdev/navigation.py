"""The Stage 3 pages' navigation, in one place: the links of the Stage 3 nav (views and the
``{% stage3_nav %}`` tag) and the breadcrumbs under "Stage 3"."""

from __future__ import annotations

from django.urls import reverse


def stage_links(*, names: bool, manage: bool = False) -> list[tuple[str, str, str]]:
    """(label, url, what) of the other Stage 3 pages the reader may open; ``manage``: HR leads'
    settings pages too."""
    named = [
        ("Opportunities", "bizdev:opportunity_list", "the deals, their stage and cycle."),
        ("Pipeline board", "bizdev:opportunity_board", "the open deals by stage."),
        ("Help requests", "bizdev:request_list", "ours to alumni and alumni's own asks."),
        ("Reference conversations", "bizdev:reference_list", "in-group discussions to point alumni to."),
    ]
    links = [(label, reverse(name), what) for label, name, what in named] if names else []
    links.append(
        ("Sales-cycle velocity", reverse("bizdev:velocity"), "assisted vs unassisted deals against the baseline.")
    )
    if manage:
        links += [
            ("Competitors", reverse("bizdev:competitor_list"), "companies that trigger the conflict rule."),
            ("Guardrail terms", reverse("bizdev:guardrail_list"), "what never to ask alumni."),
        ]
    return [link for link in links if link[1]]


def crumbs(*pairs: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs under "Stage 3" (the Stage 3 page)."""
    return [("Stage 3", reverse("bizdev:index")), *pairs]
