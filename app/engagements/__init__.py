"""Elevated-risk review of proposed engagements, before they start."""
