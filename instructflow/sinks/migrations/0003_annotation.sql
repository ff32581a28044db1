-- Stage-2 human annotation (agents/annotate, console/).
-- The pool row of an annotated instance records who answered and reviewed it, how long the
-- annotator worked (claim to submit), the review verdict and the annotator's prompt rating.
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS reviewer_id String DEFAULT '';
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS annotation_seconds Float32 DEFAULT 0;
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS review_verdict LowCardinality(String) DEFAULT '';
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS annotator_rating UInt8 DEFAULT 0;

-- Console accounts. One row per name; the newest version wins (a password change or a role
-- change is a new row). Passwords are scrypt hashes (console/auth.py), never plain text.
CREATE TABLE IF NOT EXISTS {db}.annotation_users
(
    name String,
    role LowCardinality(String),
    password_hash String,
    disabled UInt8 DEFAULT 0,
    updated_at DateTime64(6, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY name;

-- Items taken from the annotation.queue topic: the scrubbed instance as JSON, with the Kafka
-- coordinates it was read at (the console resumes the topic after the highest stored offset).
CREATE TABLE IF NOT EXISTS {db}.annotation_items
(
    item_id String,
    instance String,
    lang LowCardinality(String),
    cluster String,
    priority Float32,
    queued_at DateTime64(3, 'UTC'),
    topic String,
    partition Int32,
    offset Int64
)
ENGINE = ReplacingMergeTree
ORDER BY item_id;

-- Every state change of an item (claim, submit, skip, flag, accept, send back, lease expiry),
-- in the order the console applied them. Replaying these rebuilds the lease table exactly;
-- seq is the console's own counter, event_id makes a re-sent batch collapse.
CREATE TABLE IF NOT EXISTS {db}.annotation_events
(
    event_id String,
    seq UInt64,
    item_id String,
    kind LowCardinality(String),
    actor String,
    at DateTime64(6, 'UTC'),
    payload String
)
ENGINE = ReplacingMergeTree
ORDER BY event_id
