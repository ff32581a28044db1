"""The composition root: the topology of steps, the worker process, its web routes, health, dashboards
and replay. It wires agents and sinks onto the stream framework (instructflow.streams)."""
