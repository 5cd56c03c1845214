"""General counsel's workspace: the contracts register and the audit log, read-only."""
