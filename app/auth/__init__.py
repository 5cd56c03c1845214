"""Sign-in, sessions and the one place that decides who may do what."""
