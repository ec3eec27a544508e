-- agent-feedback: the tables of JdbcFeedbackStore on SQLite 3.38 or later.
-- Idempotent (IF NOT EXISTS): JdbcFeedbackStore.createSchema() runs it, and so can Flyway or
-- Liquibase, which replace ${sessions_table} and ${feedback_table} (see docs/jdbc.md).
-- Times are epoch milliseconds (UTC); JSON columns hold text.

-- One row per session: its counts of feedback by rating, kept by every write of the store
-- (count_total includes feedback without a rating), and its metadata as JSON (Long,
-- Instant and -0.0 values as MongoDB Extended JSON: {"$numberLong": "7"},
-- {"$date": "..."}, {"$numberDouble": "-0.0"}).
CREATE TABLE IF NOT EXISTS ${sessions_table} (
  id             TEXT NOT NULL PRIMARY KEY,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  metadata       TEXT NOT NULL DEFAULT '{}',
  count_up       INTEGER NOT NULL DEFAULT 0,
  count_down     INTEGER NOT NULL DEFAULT 0,
  count_neutral  INTEGER NOT NULL DEFAULT 0,
  count_total    INTEGER NOT NULL DEFAULT 0
);

-- One row per feedback, in insertion order (seq). Free text (comment, prompt, response,
-- correction) keeps NUL as U+0001 '0' and U+0001 as U+0001 '1'.
CREATE TABLE IF NOT EXISTS ${feedback_table} (
  seq            INTEGER PRIMARY KEY,
  session_id     TEXT NOT NULL REFERENCES ${sessions_table} (id) ON DELETE CASCADE,
  id             TEXT NOT NULL,
  vote_id        TEXT,
  rating         TEXT,
  score_value    REAL,
  score_scale    TEXT,
  score_min      REAL,
  score_max      REAL,
  comment        TEXT NOT NULL,
  comment_length INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER,
  user_id        TEXT,
  message_id     TEXT,
  tags           TEXT,
  dim_accuracy     INTEGER,
  dim_relevance    INTEGER,
  dim_completeness INTEGER,
  dim_clarity      INTEGER,
  dim_helpfulness  INTEGER,
  dim_safety       INTEGER,
  dim_formatting   INTEGER,
  correction     TEXT,
  source         TEXT NOT NULL,
  author_id      TEXT,
  trace_id       TEXT,
  span_id        TEXT,
  model_name     TEXT,
  model_version  TEXT,
  prompt         TEXT,
  response       TEXT,
  comparison     TEXT,
  review_status  TEXT,
  review_by      TEXT,
  review_at      INTEGER,
  attributes     TEXT,
  UNIQUE (session_id, id)
);

CREATE INDEX IF NOT EXISTS ${feedback_table}_user_id_idx ON ${feedback_table} (user_id);
CREATE INDEX IF NOT EXISTS ${feedback_table}_created_at_idx ON ${feedback_table} (created_at);
