"""Sign-in."""

from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from forms.base import CandorForm


class LoginForm(CandorForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(message="Enter your email address."), Length(max=254)],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(message="Enter your password."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Sign in")
