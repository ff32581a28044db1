"""Training-set export from the pool: filters, stage mix, trainer formats, dataset card, writer."""
