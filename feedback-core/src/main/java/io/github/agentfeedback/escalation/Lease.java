package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who holds a named lease, and until when: what {@link Leases#find} returns, and what {@link
 * Leases#tryAcquire} asks for (through {@link #of}).
 *
 * <p>Times are whole milliseconds, as every store keeps them (BSON dates, epoch milliseconds
 * in SQL). Immutable and thread-safe.
 *
 * @param name the lease's name, such as {@code "window-check"}: non-blank, at most {@value
 *     #MAX_LENGTH} chars
 * @param owner who holds it, such as a replica's host name and process id: non-blank, at most
 *     {@value #MAX_LENGTH} chars
 * @param expiresAt the first instant at which it is no longer held
 * @since 0.1.0
 */
public record Lease(String name, String owner, Instant expiresAt) {

  /** The longest name or owner, in chars. */
  public static final int MAX_LENGTH = 256;

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException naming {@code name} or {@code owner} if blank or longer
   *     than {@value #MAX_LENGTH} chars
   * @throws NullPointerException if a value is null
   */
  public Lease {
    check("name", name);
    check("owner", owner);
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Checks a name or owner, or a name of the same kind (a claimant, a rule's name): not
   * blank, at most {@value #MAX_LENGTH} chars.
   *
   * @return {@code value}
   * @throws IllegalArgumentException naming {@code field} and the limit otherwise
   */
  static String check(String field, @Nullable String value) {
    Objects.requireNonNull(value, field);
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          field
              + " must be non-blank and at most "
              + MAX_LENGTH
              + " chars, was "
              + value.length()
              + " chars");
    }
    return value;
  }

  /**
   * The lease an owner asks for at {@code now}: held until {@code now + duration}, both cut to
   * whole milliseconds.
   *
   * @param name the lease's name
   * @param owner who asks
   * @param duration how long it is to be held: at least 1 ms
   * @param now the caller's current time
   * @return the lease asked for
   * @throws IllegalArgumentException naming {@code name} or {@code owner} if invalid, or
   *     {@code duration} if shorter than 1 ms or ending after {@link FeedbackLimits#MAX_INSTANT}
   */
  public static Lease of(String name, String owner, Duration duration, Instant now) {
    Objects.requireNonNull(duration, "duration");
    Instant start = millis(now);
    if (duration.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException("duration must be at least 1 ms, was " + duration);
    }
    if (Duration.between(start, FeedbackLimits.MAX_INSTANT).compareTo(duration) < 0) {
      throw new IllegalArgumentException(
          "duration must end by " + FeedbackLimits.MAX_INSTANT + ", was " + duration);
    }
    return new Lease(name, owner, start.plus(duration).truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * An instant cut to whole milliseconds, as leases compare times.
   *
   * @param at the instant
   * @return the instant without its sub-millisecond part
   */
  public static Instant millis(Instant at) {
    return Objects.requireNonNull(at, "now").truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * Whether the lease is held at an instant: before {@link #expiresAt()}.
   *
   * @param now the instant
   * @return true when held
   */
  public boolean heldAt(Instant now) {
    return millis(now).isBefore(expiresAt);
  }
}
