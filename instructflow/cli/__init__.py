"""The command line: `instructflow ...` (typer). The outermost layer: it may import everything below."""
