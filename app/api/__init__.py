"""The JSON API (v1) for grants and HR systems, and the personal access tokens it uses."""
