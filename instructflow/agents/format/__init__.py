"""The format agent: task records -> templated instruction instances (pure core)."""
