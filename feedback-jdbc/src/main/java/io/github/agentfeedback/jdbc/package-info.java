/**
 * JDBC store for agent-feedback: {@link io.github.agentfeedback.jdbc.JdbcFeedbackStore} keeps
 * one row per feedback and one row per session on PostgreSQL or SQLite, through a
 * {@link javax.sql.DataSource} the application owns, and computes analytics in SQL;
 * {@link io.github.agentfeedback.jdbc.Dialect} names the databases it speaks.
 */
@NullMarked
package io.github.agentfeedback.jdbc;

import org.jspecify.annotations.NullMarked;
