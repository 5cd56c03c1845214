"""Annual disclosure cycles: opening, editing, extending and closing them."""
