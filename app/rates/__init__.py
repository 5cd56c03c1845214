"""Exchange rates: the Treasury Reporting Rates of Exchange, imported or shipped, and the
pure conversion of amounts to US dollars (`conversion`)."""
