"""Sponsored projects (proposals and awards) imported from the grants system."""
