"""Notifications: an outbox of mail messages, their delivery, and filing reminders."""
