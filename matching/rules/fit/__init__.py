"""One module per fit rule; each defines a judge function and its ``RULE`` registry entry."""
