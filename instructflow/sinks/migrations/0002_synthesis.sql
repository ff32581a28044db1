-- Synthesis: the LLM spend of each instance (see Lineage in schemas/instance.py), so that
-- `pool stats` can total tokens and estimated cost by model.
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS prompt_tokens UInt32 DEFAULT 0;
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS completion_tokens UInt32 DEFAULT 0;
ALTER TABLE {db}.instances ADD COLUMN IF NOT EXISTS cost_usd Float64 DEFAULT 0
