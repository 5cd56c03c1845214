"""Training completions (FCOI, research security, export control) and readiness to propose."""
