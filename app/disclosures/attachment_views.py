"""Attachment upload and download (being built)."""

from flask import Blueprint

bp = Blueprint("attachments", __name__)
