"""Background jobs: long work (rollups, re-screening, imports, mail) outside the request."""
