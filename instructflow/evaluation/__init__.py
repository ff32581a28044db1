"""Labelled sets and measurements of the pipeline's quality claims (used by tests and bench/)."""
