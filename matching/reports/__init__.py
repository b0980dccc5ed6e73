"""Reports for program admins: pure aggregation over one program, one module per report.

Each report function takes a program and returns a `Report` (headline figures and
tables); pages, the API and the CSV exports all render those same tables. Nothing here
writes; opening and exporting are audited by the views.
"""
