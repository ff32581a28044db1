"""One package per agent: a pure core (no Kafka, no I/O) and a thin Faust wiring in ``agent.py``."""
