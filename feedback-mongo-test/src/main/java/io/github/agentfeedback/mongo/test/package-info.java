/**
 * A MongoDB for tests, the one the agent-feedback tour and test suites use: an in-process
 * MongoDB wire-protocol server (mongo-java-server) on 127.0.0.1, or the server named by
 * {@code MONGODB_URI} when that variable is set, so that the same tests run against a real
 * MongoDB.
 *
 * <ul>
 *   <li>{@link io.github.agentfeedback.mongo.test.EmbeddedMongo}: a JUnit 5 extension, one
 *       server per test run, fresh databases per test;
 *   <li>{@link io.github.agentfeedback.mongo.test.MongoTestServer}: the plain start/stop
 *       API, for other frameworks, {@code main} programs and benchmarks.
 * </ul>
 *
 * <p>Add {@code io.github.agentfeedback:feedback-mongo-test} with {@code <scope>test</scope>};
 * {@code feedback-bom} manages its version and mongo-java-server's.
 */
@NullMarked
package io.github.agentfeedback.mongo.test;

import org.jspecify.annotations.NullMarked;
