"""instructflow: a stream-processing pipeline that builds instruction-tuning data.

The top-level folders of the design card live here so that every path is its import name:
``instructflow/schemas`` is ``instructflow.schemas``, and so on.
"""
