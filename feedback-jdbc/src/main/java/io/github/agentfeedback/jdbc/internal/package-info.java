/**
 * Implementation of the JDBC store: SQL per dialect, the JSON of attributes and metadata,
 * row binding, analytics statements and error translation. No compatibility promise; use
 * {@link io.github.agentfeedback.jdbc}.
 */
@NullMarked
package io.github.agentfeedback.jdbc.internal;

import org.jspecify.annotations.NullMarked;
