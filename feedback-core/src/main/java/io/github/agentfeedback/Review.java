package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A reviewer's decision on using feedback as a training example. Stored as
 * {@code review: {status, by, at}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param status the decision; never null
 * @param by who decided (a reviewer's id or name), or {@code null}
 * @param at when, or {@code null}; kept to the millisecond, within the
 *     {@link FeedbackLimits} range
 * @since 0.1.0
 */
public record Review(ReviewStatus status, @Nullable String by, @Nullable Instant at) {

  /**
   * Validates the review.
   *
   * @throws InvalidFeedbackException naming {@code review.status}, {@code review.by} or
   *     {@code review.at}
   */
  public Review {
    Checks checks = new Checks();
    if (status == null) {
      checks.add("review.status", "required", "review.status must not be null");
    }
    checks.optionalId("review.by", by, Checks.MAX_ID_LENGTH);
    at = checks.instant("review.at", at);
    checks.throwIfAny();
  }

  /**
   * Feedback waiting for review.
   *
   * @return a pending review with no reviewer
   */
  public static Review pending() {
    return new Review(ReviewStatus.PENDING, null, null);
  }
}
