/**
 * The store test kit: what every {@link io.github.agentfeedback.spi.FeedbackStore} must do,
 * as JUnit 5 test classes a store's own tests extend.
 *
 * <ul>
 *   <li>{@link io.github.agentfeedback.tck.FeedbackStoreContract}: storage (appends, lists,
 *       streams, queries, deletion, erasure, metadata, votes, replacement, reviews, retention
 *       caps, batches, concurrency);
 *   <li>{@link io.github.agentfeedback.tck.FeedbackAnalyticsContract}: analytics through
 *       the public API, on fixed data sets with figures worked out by hand and on random
 *       data compared with the in-memory reference;
 *   <li>{@link io.github.agentfeedback.tck.AnalyticsFixtures}: those fixed data sets;
 *   <li>{@link io.github.agentfeedback.tck.RandomFeedback}: seeded random feedback with
 *       every kind of value, for property and parity tests and benchmarks;
 *       {@link io.github.agentfeedback.tck.RandomTexts}: random texts of given pieces.
 * </ul>
 *
 * <p>A third-party store adds {@code io.github.agentfeedback:feedback-store-tck} with
 * {@code <scope>test</scope>} (its version comes from {@code feedback-bom}; it brings
 * junit-jupiter-api and assertj-core, and the store's build adds a JUnit engine, such as
 * {@code junit-jupiter}), and writes one test class per contract:
 *
 * <pre>{@code
 * class MyFeedbackStoreTest extends FeedbackStoreContract {
 *   @Override
 *   protected FeedbackStore newStore() {
 *     return new MyFeedbackStore(freshDatabase());           // empty, for one test
 *   }
 *
 *   @Override
 *   protected FeedbackStore newCappedStore(int max) {       // keeps the newest max
 *     return new MyFeedbackStore(freshDatabase(), max);      // feedbacks per session
 *   }
 * }
 *
 * class MyFeedbackAnalyticsTest extends FeedbackAnalyticsContract {
 *   @Override
 *   protected FeedbackStore newStore() {
 *     return new MyFeedbackStore(freshDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Every test of the contract then runs against the store; the contract closes each store
 * after its test. The stores of this project run the kit the same way: the in-memory store
 * in this module's own tests, the MongoDB store in feedback-mongo's.
 */
@NullMarked
package io.github.agentfeedback.tck;

import org.jspecify.annotations.NullMarked;
