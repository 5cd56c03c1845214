"""People and organisation: departments, persons and the roles they hold."""
