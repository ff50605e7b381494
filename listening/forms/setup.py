"""Forms of the listening setup pages: keyword families, searches, sources and uploads.

They parse the input; listening.services checks the rules (query syntax, family terms, connector
config) and its refusals land on these fields. Field names equal the services' keyword names, except
a source's config: one optional field per (kind, key), named ``<kind>__<key>``, grouped by kind in
fieldsets, so the page works without JavaScript; the service's ``config.<key>`` errors are mapped back
onto them by ``SourceForm.config_field``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet

from programs.models import Pilot, Venue

from ..connectors import CONNECTORS, connector_choices
from ..connectors.bundled import available_feeds
from ..models import Purpose, Source
from ..query import MAX_QUERY_LENGTH
from ..validators import MAX_SEARCH_CHARS, max_search_words

QUERY_HELP = (
    "Operators in capitals: AND (or just a space), OR, NOT (or -word), NEAR/n (within n words). "
    "Use &quot;exact phrases&quot;, prefix* for every word starting with prefix, @family for a "
    "keyword family, and parentheses to group, e.g. "
    "(&quot;site reliability&quot; OR sre) AND @python-devs NOT recruiter."
)
TERMS_HELP = (
    "One term per line: a word, several words (matched as a phrase), a &quot;quoted phrase&quot; or "
    "a prefix* (matches every word that starts with it, at least 3 letters). Synonyms are simply "
    "more lines. Case and accents are ignored."
)


def _pilot_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Pilot.objects.order_by("name"),
        required=False,
        empty_label="The whole program",
        label="Pilot",
        help_text="Contributors see a pilot's searches only when they belong to the pilot.",
    )


class FamilyForm(forms.Form):
    name = forms.CharField(
        max_length=60,
        help_text="Written @name in searches: letters, digits, - and _ (e.g. python-devs).",
    )
    purpose = forms.ChoiceField(choices=Purpose.choices)
    description = forms.CharField(max_length=300, required=False)
    terms = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=TERMS_HELP,
    )
    pilot = _pilot_field()

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip().lstrip("@")

    def terms_list(self) -> list[str]:
        return [line.strip() for line in str(self.cleaned_data["terms"]).splitlines() if line.strip()]


class SourceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        source: Source = obj
        connector = CONNECTORS.get(source.kind)
        label = f"{source.name} ({connector.LABEL if connector else source.kind})"
        if not source.is_active:
            label += " — inactive"
        elif source.health == Source.Health.PAUSED:
            label += " — paused"
        return label


class SearchForm(forms.Form):
    name = forms.CharField(max_length=150)
    purpose = forms.ChoiceField(choices=Purpose.choices)
    query = forms.CharField(
        max_length=MAX_QUERY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "class": "query-input"}),
        help_text=QUERY_HELP,
    )
    sources = SourceChoiceField(
        queryset=Source.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # the service says "Choose at least one source"
    )
    pilot = _pilot_field()
    schedule_hours = forms.IntegerField(
        label="Run every N hours",
        required=False,
        min_value=1,
        max_value=720,
        help_text="Leave empty to run the search only by hand (Run now).",
    )
    is_active = forms.BooleanField(label="Active (scheduled runs and new matches)", required=False, initial=True)
    digest = forms.BooleanField(label="Email me new relevant conversations from this search", required=False)

    def __init__(self, *args: Any, sources: QuerySet[Source] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = sources if sources is not None else Source.objects.order_by("name")  # type: ignore[attr-defined]

    def clean_query(self) -> str:
        # One newline convention, so a refusal's column points at the text that is shown again.
        return str(self.cleaned_data["query"]).replace("\r\n", "\n").replace("\r", "\n").strip()


class TextSearchForm(forms.Form):
    """A setup list's text search (GET); ``label`` says what it looks in."""

    q = forms.CharField(required=False, max_length=MAX_SEARCH_CHARS, validators=[max_search_words])

    def __init__(self, data: Any = None, *, label: str) -> None:
        super().__init__(data)
        self.fields["q"].label = label

    def text(self) -> str:
        """The text to look for; "" when there is none or it was refused (the form shows why)."""
        return str(self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""


class SearchFilterForm(forms.Form):
    q = forms.CharField(
        label="Name or query contains", required=False, max_length=MAX_SEARCH_CHARS, validators=[max_search_words]
    )
    purpose = forms.ChoiceField(choices=[("", "Any purpose"), *Purpose.choices], required=False)


# --- sources ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConfigKey:
    key: str
    label: str
    help: str
    choices: tuple[tuple[str, str], ...] | None = None


LIMIT_HELP = "Posts per fetch, {low} to {high} (empty: {default})."

# Each kind's settings and what to type, from docs/listening-sources.md. Help texts are constants
# (they are rendered as HTML by partials/form_field.html).
CONFIG_KEYS: dict[str, list[ConfigKey]] = {
    "rss": [ConfigKey("url", "Feed address", "An RSS or Atom feed, e.g. https://example.com/feed.xml.")],
    "jsonfeed": [ConfigKey("url", "Feed address", "A JSON Feed, e.g. https://example.com/feed.json.")],
    "mastodon": [
        ConfigKey("instance", "Server", "The Mastodon server, e.g. https://mastodon.social."),
        ConfigKey("tag", "Hashtag", "Without #, e.g. hiring. Give a hashtag or an account, not both."),
        ConfigKey("account", "Account", "name or name@server, e.g. someone@mastodon.social."),
        ConfigKey("limit", "Posts per fetch", LIMIT_HELP.format(low=1, high=40, default=40)),
    ],
    "bluesky": [
        ConfigKey("query", "Search words", "What to search Bluesky for, e.g. python hiring."),
        ConfigKey("lang", "Language", "Optional language code, e.g. en or pt-BR."),
        ConfigKey("limit", "Posts per fetch", LIMIT_HELP.format(low=1, high=100, default=50)),
        ConfigKey("base_url", "API address", "Leave empty for the public API (https://public.api.bsky.app/xrpc)."),
    ],
    "reddit": [
        ConfigKey("subreddit", "Subreddit", "e.g. cscareerquestions (r/ allowed). A subreddit, a query, or both."),
        ConfigKey("query", "Search words", "Optional: search within the subreddit, or all of Reddit."),
        ConfigKey("limit", "Posts per fetch", LIMIT_HELP.format(low=1, high=100, default=50)),
        ConfigKey("base_url", "Server address", "Leave empty for https://www.reddit.com."),
    ],
    "hackernews": [
        ConfigKey("query", "Search words", "What to search Hacker News for, e.g. remote python."),
        ConfigKey(
            "tags",
            "Stories or comments",
            "Which items to read.",
            (("story,comment", "Stories and comments"), ("story", "Stories only"), ("comment", "Comments only")),
        ),
        ConfigKey("limit", "Posts per fetch", LIMIT_HELP.format(low=1, high=100, default=50)),
        ConfigKey("base_url", "API address", "Leave empty for https://hn.algolia.com/api/v1."),
    ],
    "youtube": [
        ConfigKey("channel_id", "Channel id", "Starts with UC (24 characters); a pasted channel address works too."),
        ConfigKey("feed_url", "Or the feed address", "Instead of a channel id: the channel's videos.xml feed."),
        ConfigKey("base_url", "Server address", "Leave empty for https://www.youtube.com."),
    ],
    "upload": [],
    "bundled": [ConfigKey("feed", "Shipped feed", "A feed that comes with the app, for demos without internet.")],
}

KIND_NOTES: dict[str, str] = {
    "upload": "Nothing to set: after saving, upload a CSV or JSON export (LinkedIn, X…) on the source's upload page.",
}


def config_field_name(kind: str, key: str) -> str:
    return f"{kind}__{key}"


@dataclass
class KindFieldset:
    kind: str
    label: str
    note: str
    fields: list[forms.BoundField]
    selected: bool


class SourceForm(forms.Form):
    name = forms.CharField(max_length=150)
    kind = forms.ChoiceField(label="Kind of source", choices=())
    venue = forms.ModelChoiceField(
        queryset=Venue.objects.order_by("name"),
        required=False,
        empty_label="No venue",
        help_text="The venue its conversations count towards in the venue ranking.",
    )
    is_active = forms.BooleanField(label="Active (read by search runs)", required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = connector_choices()  # type: ignore[attr-defined]
        for kind, keys in CONFIG_KEYS.items():
            if kind not in CONNECTORS:
                continue
            for spec in keys:
                field: forms.Field
                if spec.key == "feed" and kind == "bundled":
                    feeds = tuple((name, name) for name in available_feeds())
                    field = forms.ChoiceField(choices=(("", "Choose a feed"), *feeds), required=False)
                elif spec.choices:
                    field = forms.ChoiceField(choices=spec.choices, required=False)
                else:
                    field = forms.CharField(required=False, max_length=2000)
                field.label = spec.label
                field.help_text = spec.help
                self.fields[config_field_name(kind, spec.key)] = field

    @classmethod
    def initial_for(cls, source: Source) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "name": source.name,
            "kind": source.kind,
            "venue": source.venue_id,
            "is_active": source.is_active,
        }
        for key, value in (source.config or {}).items():
            initial[config_field_name(source.kind, key)] = "" if value is None else str(value)
        return initial

    def selected_kind(self) -> str:
        kind = self.data.get("kind", "") if self.is_bound else (self.initial.get("kind") or "")
        kinds = [k for k, _ in connector_choices()]
        return str(kind) if kind in kinds else (kinds[0] if kinds else "")

    def config(self) -> dict[str, Any]:
        """The selected kind's settings that were filled in (the connector fills its defaults)."""
        kind = self.cleaned_data["kind"]
        config: dict[str, Any] = {}
        for spec in CONFIG_KEYS.get(kind, []):
            value = str(self.cleaned_data.get(config_field_name(kind, spec.key)) or "").strip()
            if value:
                config[spec.key] = value
        return config

    def config_field(self, kind: str, key: str) -> str | None:
        name = config_field_name(kind, key)
        return name if name in self.fields else None

    def fieldsets(self, *, only_selected: bool = False) -> list[KindFieldset]:
        """One fieldset per kind, the selected kind first."""
        selected = self.selected_kind()
        sets = []
        for kind, label in connector_choices():
            if only_selected and kind != selected:
                continue
            fields = [self[config_field_name(kind, spec.key)] for spec in CONFIG_KEYS.get(kind, [])]
            note = KIND_NOTES.get(kind, "" if fields else "Nothing to set for this kind.")
            sets.append(KindFieldset(kind=kind, label=label, note=note, fields=fields, selected=kind == selected))
        sets.sort(key=lambda s: not s.selected)
        return sets


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        help_text="A .csv or .json export (at most 5 MB and 5,000 posts). Columns: text (required), "
        "id, url, author, author_handle, author_url, published_at, title, language.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.json,.js"}),
    )

    def clean_file(self) -> Any:
        """Refuse an oversized file before anything reads it into memory."""
        upload = self.cleaned_data["file"]
        limit = settings.LISTENING_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; the limit is {limit:,} bytes. Split the export and upload it in parts."
            )
        return upload


__all__ = [
    "CONFIG_KEYS",
    "FamilyForm",
    "KindFieldset",
    "SearchFilterForm",
    "SearchForm",
    "SourceForm",
    "UploadForm",
    "config_field_name",
]
