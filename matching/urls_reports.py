"""Pages of the program reports: one URL per report, one CSV per report table."""

from django.urls import re_path

from matching import views_reports as views
from matching.reports.registry import REPORTS

# Only the known reports resolve, so any other name is a plain 404.
REPORT = "(?P<report>" + "|".join(REPORTS) + ")"

urlpatterns = [
    re_path(
        rf"^programs/(?P<slug>[-\w]+)/reports/{REPORT}/$",
        views.report_page,
        name="program_report",
    ),
    re_path(
        rf"^programs/(?P<slug>[-\w]+)/reports/{REPORT}/(?P<table>[-\w]+)\.csv$",
        views.report_export,
        name="program_report_export",
    ),
]
