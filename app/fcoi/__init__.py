"""PHS relatedness determinations, financial conflicts of interest and the NIH FCOI report."""
