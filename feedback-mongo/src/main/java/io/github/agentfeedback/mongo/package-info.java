/**
 * MongoDB store for agent-feedback: {@link io.github.agentfeedback.mongo.MongoFeedbackStore}
 * keeps feedback as an array on agent-session documents shared with the Python
 * mongodb-session-manager, {@link io.github.agentfeedback.mongo.SessionDefaults} gives the
 * sessions it creates the fields the Python library writes, and
 * {@link io.github.agentfeedback.mongo.MongoFeedbackStores} makes stores that share one
 * client.
 */
@NullMarked
package io.github.agentfeedback.mongo;

import org.jspecify.annotations.NullMarked;
