"""The synthesis agent: the Self-Instruct loop (seeds + accepted pool -> new candidate instances)."""
