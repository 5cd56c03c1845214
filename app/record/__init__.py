"""The certified record: what each submitted version holds, frozen as rows.

Reviewers, department heads, the COI office, general counsel, rollups, dashboards and
exports read from here; a live draft belongs to its filer and their delegates alone.
"""
