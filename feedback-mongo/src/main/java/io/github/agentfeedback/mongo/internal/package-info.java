/**
 * Implementation of the MongoDB store: BSON codecs for the model, aggregation pipelines and
 * error translation. No compatibility promise; use {@link io.github.agentfeedback.mongo}.
 */
@NullMarked
package io.github.agentfeedback.mongo.internal;

import org.jspecify.annotations.NullMarked;
