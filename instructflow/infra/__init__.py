"""Local broker, embedded stack, demo data."""
