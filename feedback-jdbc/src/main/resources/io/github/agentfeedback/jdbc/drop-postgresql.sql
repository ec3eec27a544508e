-- agent-feedback: drops the tables of JdbcFeedbackStore on PostgreSQL, and all feedback.
DROP TABLE IF EXISTS ${feedback_table};
DROP TABLE IF EXISTS ${sessions_table};
