"""Foreign-funding reports for the institution: NSF foreign financial disclosure, Section 117."""
