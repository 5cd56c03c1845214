"""A demo institution for trying Candor out, built through the real operations."""
