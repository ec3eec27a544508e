/**
 * The feedback model and its query vocabulary: {@link io.github.agentfeedback.Feedback} (a
 * rating or a score on a {@link io.github.agentfeedback.Scale}, a comment, tags, attributes,
 * the answer rated, timestamps and ids), {@link io.github.agentfeedback.FeedbackQuery} for
 * reading it back, the {@link io.github.agentfeedback.FeedbackResult} of a write, the
 * {@link io.github.agentfeedback.FeedbackLimits} every value is checked against, and the
 * exceptions a caller can catch.
 *
 * <p>Every type here is immutable and thread-safe. Types that will gain fields are final
 * classes built with a builder ({@code Feedback.builder()...build()}, {@code toBuilder()} for
 * changed copies); small closed values are records. Nothing is null unless its javadoc says
 * so: nullable values are annotated {@link org.jspecify.annotations.Nullable}, and everything
 * else in this package and the packages beside it is non-null ({@code @NullMarked}).
 *
 * <p>The capabilities built on the model sit in packages of their own:
 * {@link io.github.agentfeedback.capture capture} (the manager, sessions and hook chain),
 * {@link io.github.agentfeedback.analytics analytics}, the storage
 * {@link io.github.agentfeedback.spi SPI} and the {@link io.github.agentfeedback.memory
 * in-memory} store. Packages named {@code internal} are implementation details without any
 * compatibility promise, and are not exported by the module.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback;

import org.jspecify.annotations.NullMarked;
