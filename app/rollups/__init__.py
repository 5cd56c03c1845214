"""Rollups: the department, institution and contracts workbooks, and who may download them."""
