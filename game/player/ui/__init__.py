"""The building blocks screens are made of: the scrollable Document and its controls, the one focus-and-hover model, setting rows, toasts."""
