"""dedup agent."""
