"""One package per agent: a pure core (no Kafka, no I/O) and its Step in ``agent.py`` (typed values in,
routed emits out); streams/runtime.py turns a Step, or steps chained by app/topology.py, into a Faust agent."""
