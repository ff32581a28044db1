"""scrub agent."""
