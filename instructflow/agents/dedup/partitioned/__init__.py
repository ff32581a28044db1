"""Near-duplicate detection partitioned by band key: router -> band owners -> combiner."""
