"""Training-set export from the pool."""
