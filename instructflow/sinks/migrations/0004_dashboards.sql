-- Dashboards: one view per chart, read by the project's dashboard page (streams/dashboard.py),
-- by `instructflow pool stats` and by the Grafana dashboard in infra/grafana/. Views read the
-- pool with FINAL, so at-least-once copies of a row are counted once.
-- Time buckets are minutes of ingested_at (when a row reached the pool); Grafana and the page
-- re-aggregate them to coarser buckets.

-- Throughput: instances reaching the pool per minute, by source, stage and status.
CREATE VIEW IF NOT EXISTS {db}.v_throughput AS
SELECT toStartOfMinute(ingested_at) AS minute, source, stage, status, count() AS instances
FROM {db}.instances FINAL
GROUP BY minute, source, stage, status;

-- Decisions: accepted / rejected per source and reason (reason '' for accepted rows).
CREATE VIEW IF NOT EXISTS {db}.v_decisions AS
SELECT source, status, reject_reason AS reason, count() AS instances
FROM {db}.instances FINAL
GROUP BY source, status, reason;

-- Accept / reject rates per source.
CREATE VIEW IF NOT EXISTS {db}.v_accept_rate AS
SELECT source,
       count() AS instances,
       countIf(status = 'accepted') AS accepted,
       countIf(status = 'rejected') AS rejected,
       accepted / instances AS accept_rate
FROM {db}.instances FINAL
GROUP BY source;

-- PII found by the scrub agent, by entity type: total findings and instances that had any.
CREATE VIEW IF NOT EXISTS {db}.v_pii_by_entity AS
SELECT entity, sum(found) AS findings, count() AS instances
FROM {db}.instances FINAL
ARRAY JOIN mapKeys(pii) AS entity, mapValues(pii) AS found
WHERE found > 0
GROUP BY entity;

-- Quality-score distribution: 20 bins of width 0.05 per source and status (bin 19 holds 1.0).
-- Scores are Float32 and rounded to 4 decimals by the scorer: the 1e-4 keeps 0.7 (0.69999999 as
-- Float32) in the 0.70 bin, and moves no 4-decimal score across a bin edge.
CREATE VIEW IF NOT EXISTS {db}.v_quality_histogram AS
SELECT source, status, least(toUInt8(floor(scores['quality'] * 20 + 1e-4)), 19) AS bin,
       bin / 20 AS lower, (bin + 1) / 20 AS upper, count() AS instances
FROM {db}.instances FINAL
WHERE mapContains(scores, 'quality')
GROUP BY source, status, bin;

-- Duplicates: of everything dedup decided on (accepted, or rejected as a duplicate), the
-- share rejected as exact or near duplicates, per source.
CREATE VIEW IF NOT EXISTS {db}.v_duplicate_rate AS
SELECT source,
       countIf(status = 'accepted' OR startsWith(reject_reason, 'duplicate_')) AS deduplicated,
       countIf(reject_reason = 'duplicate_exact') AS exact,
       countIf(reject_reason = 'duplicate_near') AS near,
       if(deduplicated = 0, 0, (exact + near) / deduplicated) AS duplicate_rate
FROM {db}.instances FINAL
GROUP BY source;

-- Synthesis: acceptance and LLM spend per model, prompt version and generation round.
CREATE VIEW IF NOT EXISTS {db}.v_synthesis AS
SELECT model, prompt_version, generation_round,
       count() AS generated,
       countIf(status = 'accepted') AS accepted,
       accepted / generated AS accept_rate,
       sum(prompt_tokens) AS total_prompt_tokens,
       sum(completion_tokens) AS total_completion_tokens,
       sum(cost_usd) AS total_cost_usd,
       if(accepted = 0, 0, total_cost_usd / accepted) AS cost_per_accepted_usd
FROM {db}.instances FINAL
WHERE source = 'synthetic'
GROUP BY model, prompt_version, generation_round;

-- Annotation throughput: answers written by human annotators per minute and annotator.
CREATE VIEW IF NOT EXISTS {db}.v_annotation_throughput AS
SELECT toStartOfMinute(ingested_at) AS minute, annotator_id, status, count() AS annotated
FROM {db}.instances FINAL
WHERE annotator_id != ''
GROUP BY minute, annotator_id, status;

-- Kafka lag per agent: samples the pool-owning worker takes of its consumer group
-- (committed offset vs end offset, summed over partitions), kept for a week.
CREATE TABLE IF NOT EXISTS {db}.agent_lag
(
    sampled_at DateTime64(3, 'UTC'),
    consumer_group LowCardinality(String),
    agent LowCardinality(String),
    topic LowCardinality(String),
    end_offset Int64,
    committed Int64,
    lag Int64
)
ENGINE = MergeTree
ORDER BY (agent, topic, sampled_at)
TTL toDateTime(sampled_at) + INTERVAL 7 DAY;

-- The latest lag sample per agent and topic.
CREATE VIEW IF NOT EXISTS {db}.v_kafka_lag AS
SELECT agent, topic, latest.1 AS lag, latest.2 AS end_offset, latest.3 AS committed, latest.4 AS sampled_at
FROM
(
    SELECT agent, topic, argMax(tuple(lag, end_offset, committed, sampled_at), sampled_at) AS latest
    FROM {db}.agent_lag
    GROUP BY agent, topic
)
