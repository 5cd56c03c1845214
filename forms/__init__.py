"""One FlaskForm per user action; imports nothing from app/ but enums and validators."""
