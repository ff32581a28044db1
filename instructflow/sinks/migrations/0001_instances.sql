-- The instance pool. One row per instance id: ReplacingMergeTree collapses the copies that
-- at-least-once delivery, crash-restarts and replays write, keeping the newest ingest.
-- Read with FINAL (or argMax by ingested_at) wherever exact counts matter.
CREATE TABLE IF NOT EXISTS {db}.instances
(
    instance_id String,
    origin_id String,
    source LowCardinality(String),
    stage UInt8,
    lang LowCardinality(String),
    status LowCardinality(String),
    reject_reason LowCardinality(String),
    duplicate_of String,
    instruction String,
    input String,
    output String,
    messages Array(Tuple(role String, content String)),
    content_hash String,
    scores Map(String, Float32),
    pii Map(String, UInt32),
    origin_topic LowCardinality(String),
    origin_partition Int32,
    origin_offset Int64,
    dataset LowCardinality(String),
    split LowCardinality(String),
    record_id String,
    template_id LowCardinality(String),
    demonstration_ids Array(String),
    model LowCardinality(String),
    prompt_version LowCardinality(String),
    generation_round UInt32,
    annotator_id String,
    created_at DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(ingested_at)
ORDER BY instance_id
