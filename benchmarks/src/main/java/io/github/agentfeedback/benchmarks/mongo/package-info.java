/**
 * JMH benchmarks of the MongoDB store on the in-process wire server: one append against the
 * raw driver, batch ingest, appends to large sessions, server-side analytics against the
 * client-side fold; and {@link io.github.agentfeedback.benchmarks.mongo.CountingMongo}, the
 * server and command-counting client they share.
 */
@NullMarked
package io.github.agentfeedback.benchmarks.mongo;

import org.jspecify.annotations.NullMarked;
