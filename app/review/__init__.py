"""Review: the state machine, flag dispositions, management plans and comments."""
