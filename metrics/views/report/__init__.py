"""The ROI report pages: the report (metrics:index), its chart data (metrics:report_data), a CSV
of any of its tables (metrics:report_csv) and a pilot compared with another one, its previous
period or the average of the pilots the user may see (metrics:compare).

Everyone signed in may open them; metrics.report.build_report narrows every figure to the pilots
the user may see (HR leads all, managers their sponsors', contributors their own), so a user who
sees no pilot gets an empty state, not a refusal. A pilot the user may not see is a 404 on the
compare page. Baselines and the figures read from them follow metrics.access.

How the package is cut (each module one concern):
- ``scope``: the filters (period, stage, sponsor, pilot) read once per request, for page, CSV and JSON;
- ``format``: how a value of each kind (money, pct, days, decimal, int, ...) is written on the
  page, in a CSV cell and in the chart data;
- ``table``: the small table model: a ``TableSpec`` lists ``Column``s (label, kind, how a row item
  gives the cell's value) and where its rows come from; ``spec.build(report)`` is a ``Table`` that
  renders as HTML (``view``) and as CSV (``csv_rows``), so page and CSV cannot disagree;
- ``tables/<key>.py``: one spec per table (headline, stages, pilots, sources, costs, baselines,
  months, stage_figures), ``tables.TABLES`` their keys;
- ``changes``: a figure against the previous period's (the cards and the charts' captions);
- ``cards``: the headline figures as cards; ``charts``: one chart per measure (small multiples,
  one unit per axis), each a column of a table; ``data``: the charts' JSON; ``export``: the CSV
  response;
- ``views``: the report, its data and its CSV, thin; ``compare``: a pilot against another pilot,
  its previous period or the average of the pilots the user may see.

To add a table: write ``tables/<key>.py`` with a ``SPEC`` and list it in ``tables/__init__.py``;
to show it, include ``metrics/partials/report_table.html`` with ``table=tables.<key>``.
Building the report runs a fixed number of queries, so the page does too, whatever the ledger's size.
"""

from __future__ import annotations

from django.urls import URLPattern, path

from .compare import compare
from .views import report_csv, report_data, report_index

urlpatterns: list[URLPattern] = [
    path("", report_index, name="index"),
    path("report/data.json", report_data, name="report_data"),
    path("report.csv", report_csv, name="report_csv"),
    path("compare/", compare, name="compare"),
]
