package io.github.agentfeedback;

import java.time.Instant;

/**
 * The limits every value is checked against before any hook or store sees it, the same for
 * every store. A value beyond a limit raises {@link InvalidFeedbackException} naming the
 * field and the limit; nothing is stored.
 *
 * <p>Text: every string (ids, comment, correction, tags, keys, values, query criteria) must
 * be well-formed UTF-16: a lone surrogate is refused, because document stores replace it
 * with U+FFFD and two different ids would then collide.
 *
 * <p>Sizes are estimated as a document store keeps the value: the UTF-8 bytes of every
 * string and key, 8 bytes for any other scalar. They bound what one call can make a store
 * hold; a store may still refuse a whole session that outgrows its own limit (MongoDB's
 * 16 MB per document) with a {@link FeedbackStoreException}.
 *
 * <p>Constants only; thread-safe.
 *
 * @since 0.1.0
 */
public final class FeedbackLimits {

  /** Longest session id, in chars. */
  public static final int MAX_SESSION_ID_LENGTH = 1024;

  /** Longest feedback id, user id, message id or tag, in chars. */
  public static final int MAX_ID_LENGTH = 256;

  /** Longest scale name, in chars. */
  public static final int MAX_SCALE_NAME_LENGTH = 64;

  /** Largest feedback, estimated in bytes as stored: 1 MiB. */
  public static final int MAX_FEEDBACK_BYTES = 1 << 20;

  /** Largest value of one metadata key, estimated in bytes as stored: 1 MiB. */
  public static final int MAX_METADATA_VALUE_BYTES = 1 << 20;

  /** Deepest nesting of lists and maps in attribute and metadata values. */
  public static final int MAX_DEPTH = 16;

  /**
   * Most violations one exception lists; validation stops looking after that many, so a
   * hostile value cannot make it produce millions.
   */
  public static final int MAX_VIOLATIONS = 100;

  /**
   * Earliest instant accepted anywhere (creation times, instant values, query bounds):
   * 0001-01-01T00:00:00Z, the first instant of a four-digit ISO year that Python's
   * {@code datetime} (which shares MongoDB documents with this library) can also hold.
   */
  public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * Latest instant accepted anywhere: 9999-12-31T23:59:59.999Z, the last millisecond of a
   * four-digit ISO year; BSON dates, {@code $dateToString} and Python's {@code datetime}
   * all hold it.
   */
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

  private FeedbackLimits() {}
}
