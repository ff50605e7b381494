"""The upload form of an alumni import (which Stage 2 pilot, which kind of file, the file) and the
merge screen's decision on a doubtful row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from programs.models import Pilot

from ..imports import ImportFileError
from ..imports.reading import check_size, human_size, max_bytes, max_rows
from ..models import ImportKind, MatchResolution


class ImportUploadForm(forms.Form):
    pilot = forms.ModelChoiceField(
        queryset=Pilot.objects.none(),
        label="Pilot",
        help_text="The Stage 2 pilot whose alumni these people are.",
        error_messages={"invalid_choice": "Choose a Stage 2 pilot you run.", "required": "Choose a pilot."},
    )
    kind = forms.ChoiceField(
        choices=ImportKind.choices,
        label="Kind of file",
        widget=forms.RadioSelect,
        initial=ImportKind.HRIS,
        error_messages={"required": "Choose the kind of file."},
    )
    file = forms.FileField(
        label="File (CSV)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={"required": "Choose the file to upload.", "empty": "The file is empty."},
    )

    def __init__(self, *args: Any, pilots: QuerySet[Pilot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = pilots  # type: ignore[attr-defined]
        self.fields["file"].help_text = (
            f"UTF-8 CSV, at most {human_size(max_bytes())} and {max_rows():,} rows. "
            "Nothing is imported until you have seen the preview and confirmed it."
        )
        only = list(pilots[:2])
        if len(only) == 1:
            self.fields["pilot"].initial = only[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)  # from the declared size: a huge upload is never read
        except ImportFileError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


class MatchResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=[
            (MatchResolution.MERGED, "Merge into this person"),
            (MatchResolution.NEW, "Add as a new person"),
            (MatchResolution.SKIPPED, "Skip this row"),
        ],
        error_messages={"required": "Choose merge, new or skip.", "invalid_choice": "Choose merge, new or skip."},
    )
