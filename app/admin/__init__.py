"""Administration in the browser: people and roles, roster and watchlist uploads, re-screening
and the mail outbox. Admins only; every change is audited with its reason."""
