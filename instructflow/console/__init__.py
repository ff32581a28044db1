"""The annotation console: a web app on the pool worker's web server (stage 2 of the hybrid mix)."""
