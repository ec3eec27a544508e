/**
 * The storage SPI: {@link io.github.agentfeedback.spi.FeedbackStore}, the one interface a store
 * implements, with the values it returns ({@link io.github.agentfeedback.spi.AppendResult},
 * {@link io.github.agentfeedback.spi.AnalyticsResult}) and the shared rules every store follows:
 * {@link io.github.agentfeedback.spi.Votes} (one vote per user and message, by event time),
 * {@link io.github.agentfeedback.spi.StoreChecks}, {@link io.github.agentfeedback.spi.GroupKeys}
 * and {@link io.github.agentfeedback.spi.ReferenceFold}, the reference computation of
 * analytics that a store may use as is or push down to its server. The store test kit
 * (feedback-store-tck) checks a store against these rules.
 *
 * @since 0.1.0
 */
@NullMarked
package io.github.agentfeedback.spi;

import org.jspecify.annotations.NullMarked;
