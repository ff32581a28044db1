"""score agent."""
