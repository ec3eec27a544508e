-- agent-feedback: the tables of JdbcFeedbackStore on PostgreSQL 12 or later.
-- Idempotent (IF NOT EXISTS): JdbcFeedbackStore.createSchema() runs it, and so can Flyway or
-- Liquibase, which replace ${sessions_table} and ${feedback_table} (see docs/jdbc.md).

-- One row per session: its counts of feedback by rating, kept by every write of the store
-- (count_total includes feedback without a rating), and its metadata as jsonb (Long,
-- Instant and -0.0 values as MongoDB Extended JSON: {"$numberLong": "7"},
-- {"$date": "..."}, {"$numberDouble": "-0.0"}).
CREATE TABLE IF NOT EXISTS ${sessions_table} (
  id             text COLLATE "C" PRIMARY KEY,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  metadata       jsonb NOT NULL DEFAULT '{}',
  count_up       bigint NOT NULL DEFAULT 0,
  count_down     bigint NOT NULL DEFAULT 0,
  count_neutral  bigint NOT NULL DEFAULT 0,
  count_total    bigint NOT NULL DEFAULT 0
);

-- One row per feedback, in insertion order (seq). Free text (comment, prompt, response,
-- correction) keeps NUL as U+0001 '0' and U+0001 as U+0001 '1'.
CREATE TABLE IF NOT EXISTS ${feedback_table} (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  session_id     text COLLATE "C" NOT NULL
                 REFERENCES ${sessions_table} (id) ON DELETE CASCADE,
  id             text COLLATE "C" NOT NULL,
  vote_id        text,
  rating         text,
  score_value    double precision,
  score_scale    text,
  score_min      double precision,
  score_max      double precision,
  comment        text NOT NULL,
  comment_length integer NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz,
  user_id        text,
  message_id     text,
  tags           jsonb,
  dim_accuracy     smallint,
  dim_relevance    smallint,
  dim_completeness smallint,
  dim_clarity      smallint,
  dim_helpfulness  smallint,
  dim_safety       smallint,
  dim_formatting   smallint,
  correction     text,
  source         text NOT NULL,
  author_id      text,
  trace_id       text,
  span_id        text,
  model_name     text,
  model_version  text,
  prompt         text,
  response       text,
  comparison     jsonb,
  review_status  text,
  review_by      text,
  review_at      timestamptz,
  attributes     jsonb,
  CONSTRAINT ${feedback_table}_session_id_id_key UNIQUE (session_id, id)
);

CREATE INDEX IF NOT EXISTS ${feedback_table}_user_id_idx ON ${feedback_table} (user_id);
CREATE INDEX IF NOT EXISTS ${feedback_table}_created_at_idx ON ${feedback_table} (created_at);
