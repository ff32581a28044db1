-- Account names and roles without their password hashes: what `instructflow users list`, the
-- dashboards and any outside reader see. annotation_users itself is not readable from outside
-- the worker (sinks/query_guard.py HIDDEN_POOL_TABLES).
CREATE VIEW IF NOT EXISTS {db}.annotation_accounts AS
SELECT name, argMax(role, updated_at) AS role, argMax(disabled, updated_at) AS disabled,
       max(updated_at) AS last_updated_at
FROM {db}.annotation_users
GROUP BY name;
