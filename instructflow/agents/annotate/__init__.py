"""Stage 2 of the hybrid mix: real prompts selected for human answers (method (b) of DESIGN.md)."""
