package io.github.agentfeedback;

import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a user thinks of one of an agent's answers.
 *
 * <p>Create feedback with {@link #up(String)}, {@link #down(String)},
 * {@link #neutral(String)} or {@link #builder()}, and derive changed copies with the
 * {@code withX} methods. The compact constructor validates every component and reports
 * every broken rule at once in an {@link InvalidFeedbackException}; collections are copied
 * into immutable form. {@code id} and {@code createdAt} may be left null: the
 * {@link FeedbackManager} fills them in before any hook runs.
 *
 * <p>Every string must be well-formed UTF-16, every instant within
 * {@link FeedbackLimits#MIN_INSTANT}..{@link FeedbackLimits#MAX_INSTANT}, and the whole
 * feedback at most {@link FeedbackLimits#MAX_FEEDBACK_BYTES} as stored; see
 * {@link FeedbackLimits}.
 *
 * <p>{@link #toString()} does not print the comment or the correction, which may hold
 * personal data. Immutable and thread-safe.
 *
 * @param id the idempotency key: at most 256 chars, not blank; {@code null} until assigned,
 *     and in feedback that other tools stored without an id (stores read it as it is)
 * @param rating up, down or neutral; never null
 * @param score an optional score on a scale, or {@code null}
 * @param comment the user's comment; never null ({@code ""} when absent)
 * @param createdAt when the feedback was given, or {@code null} until assigned; kept to the
 *     millisecond, the precision of document stores
 * @param userId who gave the feedback, or {@code null}
 * @param messageId which agent answer is rated, or {@code null}
 * @param tags free-form labels, each non-blank and at most 256 chars
 * @param dimensions per-dimension quality ratings, each from 1 to 5
 * @param correction the answer the user wanted, or {@code null}
 * @param attributes values added by hooks or callers (such as {@code validated_at});
 *     keys must not be empty, start with {@code $}, contain {@code .} or NUL, or be the
 *     stored name of another field, and are at most 256 chars; values are strings,
 *     booleans, integers, longs, finite doubles, instants, or lists and maps of these,
 *     nested at most {@link FeedbackLimits#MAX_DEPTH} deep and never containing themselves
 * @since 0.1.0
 */
public record Feedback(
    String id,
    Rating rating,
    Score score,
    String comment,
    Instant createdAt,
    String userId,
    String messageId,
    List<String> tags,
    Map<Dimension, Integer> dimensions,
    String correction,
    Map<String, Object> attributes) {

  /**
   * Names of stored feedback fields; attributes may not use them because attributes are
   * stored beside these fields.
   */
  public static final Set<String> RESERVED_KEYS =
      Set.of("id", "rating", "score", "comment", "created_at", "user_id", "message_id",
          "tags", "dimensions", "correction");

  /** Longest tag accepted, in chars. */
  public static final int MAX_TAG_LENGTH = FeedbackLimits.MAX_ID_LENGTH;

  /**
   * Validates and copies every component.
   *
   * @throws InvalidFeedbackException listing every broken rule (at most
   *     {@link FeedbackLimits#MAX_VIOLATIONS}), each naming its field
   */
  public Feedback {
    Checks checks = new Checks();
    long bytes = checks.optionalId("id", id, Checks.MAX_ID_LENGTH);
    if (rating == null) {
      checks.add("rating", "required", "rating must not be null; use Rating.NEUTRAL");
    }
    comment = comment == null ? "" : comment;
    bytes += checks.text("comment", comment);
    createdAt = checks.instant("createdAt", createdAt);
    bytes += checks.optionalId("userId", userId, Checks.MAX_ID_LENGTH);
    bytes += checks.optionalId("messageId", messageId, Checks.MAX_ID_LENGTH);
    if (tags == null || tags.isEmpty()) {
      tags = List.of();
    } else {
      List<String> copy = new ArrayList<>(tags.size());
      int i = 0;
      for (Object tag : tags) { // raw: a list built without generics may hold anything
        if (checks.full()) {
          break;
        }
        String t = Checks.string(checks, "tags", i, tag);
        if (t != null || tag == null) {
          bytes += checks.id("tags", i, t, MAX_TAG_LENGTH);
        }
        copy.add(t);
        i++;
      }
      tags = Collections.unmodifiableList(copy);
    }
    dimensions = copyDimensions(dimensions, checks);
    bytes += checks.text("correction", correction);
    bytes += (score == null ? 0 : 3 * Values.SCALAR_BYTES + score.scale().name().length())
        + dimensions.size() * 2L * Values.SCALAR_BYTES;
    Values.Copier copier = new Values.Copier(checks, false,
        Math.max(0, FeedbackLimits.MAX_FEEDBACK_BYTES - bytes));
    attributes = copier.map("attributes", attributes, RESERVED_KEYS);
    if (bytes + copier.bytes() > FeedbackLimits.MAX_FEEDBACK_BYTES) {
      checks.add("feedback", "too_large", "feedback must be at most "
          + FeedbackLimits.MAX_FEEDBACK_BYTES + " bytes as stored (UTF-8 text and keys, "
          + Values.SCALAR_BYTES + " bytes for any other value), was "
          + (copier.overflowed() ? "more than " : "") + (bytes + copier.bytes()));
    }
    checks.throwIfAny();
  }

  /**
   * Positive feedback.
   *
   * @param comment the comment, or {@code null} for none
   * @return feedback rated {@link Rating#UP}
   */
  public static Feedback up(String comment) {
    return of(Rating.UP, comment);
  }

  /**
   * Negative feedback.
   *
   * @param comment the comment, or {@code null} for none
   * @return feedback rated {@link Rating#DOWN}
   */
  public static Feedback down(String comment) {
    return of(Rating.DOWN, comment);
  }

  /**
   * Feedback without a verdict.
   *
   * @param comment the comment, or {@code null} for none
   * @return feedback rated {@link Rating#NEUTRAL}
   */
  public static Feedback neutral(String comment) {
    return of(Rating.NEUTRAL, comment);
  }

  /**
   * Feedback with a rating and comment only.
   *
   * @param rating the rating
   * @param comment the comment, or {@code null} for none
   * @return the feedback
   */
  public static Feedback of(Rating rating, String comment) {
    return new Feedback(null, rating, null, comment, null, null, null, null, null, null, null);
  }

  /**
   * A builder for feedback with more than a rating and comment.
   *
   * @return a new builder with rating {@link Rating#NEUTRAL}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that starts from this feedback.
   *
   * @return a new builder holding this feedback's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A copy with another id.
   *
   * @param id the new id
   * @return the copy
   */
  public Feedback withId(String id) {
    return toBuilder().id(id).build();
  }

  /**
   * A copy with another rating.
   *
   * @param rating the new rating
   * @return the copy
   */
  public Feedback withRating(Rating rating) {
    return toBuilder().rating(rating).build();
  }

  /**
   * A copy with another score.
   *
   * @param score the new score, or {@code null} for none
   * @return the copy
   */
  public Feedback withScore(Score score) {
    return toBuilder().score(score).build();
  }

  /**
   * A copy with another comment.
   *
   * @param comment the new comment
   * @return the copy
   */
  public Feedback withComment(String comment) {
    return toBuilder().comment(comment).build();
  }

  /**
   * A copy with another creation time.
   *
   * @param createdAt the new time
   * @return the copy
   */
  public Feedback withCreatedAt(Instant createdAt) {
    return toBuilder().createdAt(createdAt).build();
  }

  /**
   * A copy with another user id.
   *
   * @param userId the new user id, or {@code null}
   * @return the copy
   */
  public Feedback withUserId(String userId) {
    return toBuilder().userId(userId).build();
  }

  /**
   * A copy with another message id.
   *
   * @param messageId the new message id, or {@code null}
   * @return the copy
   */
  public Feedback withMessageId(String messageId) {
    return toBuilder().messageId(messageId).build();
  }

  /**
   * A copy with other tags.
   *
   * @param tags the new tags
   * @return the copy
   */
  public Feedback withTags(List<String> tags) {
    return toBuilder().tags(tags).build();
  }

  /**
   * A copy with another correction.
   *
   * @param correction the answer the user wanted, or {@code null}
   * @return the copy
   */
  public Feedback withCorrection(String correction) {
    return toBuilder().correction(correction).build();
  }

  /**
   * A copy with one attribute added or replaced.
   *
   * @param key the attribute key
   * @param value the attribute value
   * @return the copy
   */
  public Feedback withAttribute(String key, Object value) {
    return toBuilder().attribute(key, value).build();
  }

  /**
   * A copy with all attributes replaced.
   *
   * @param attributes the new attributes
   * @return the copy
   */
  public Feedback withAttributes(Map<String, ?> attributes) {
    return toBuilder().attributes(attributes).build();
  }

  /** Describes the feedback without its comment or correction text, which may hold personal data. */
  @Override
  public String toString() {
    return "Feedback[id=" + id + ", rating=" + rating + ", score=" + score
        + ", comment=<" + comment.length() + " chars>, createdAt=" + createdAt
        + ", userId=" + userId + ", messageId=" + messageId + ", tags=" + tags
        + ", dimensions=" + dimensions
        + ", correction=" + (correction == null ? "null" : "<" + correction.length() + " chars>")
        + ", attributes=" + attributes.keySet() + "]";
  }

  private static Map<Dimension, Integer> copyDimensions(
      Map<Dimension, Integer> dimensions, Checks checks) {
    if (dimensions == null || dimensions.isEmpty()) {
      return Map.of();
    }
    EnumMap<Dimension, Integer> copy = new EnumMap<>(Dimension.class);
    // Read as raw entries: a map built without generics may hold keys or values of any type.
    for (Map.Entry<?, ?> e : ((Map<?, ?>) dimensions).entrySet()) {
      if (!(e.getKey() instanceof Dimension d)) {
        checks.add("dimensions", e.getKey() == null ? "required" : "bad_key",
            "dimension keys must be Dimension constants, was "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
        continue;
      }
      if (!(e.getValue() instanceof Integer value)
          || value < Dimension.MIN_RATING || value > Dimension.MAX_RATING) {
        String field = "dimensions." + d.wireName();
        checks.add(field, "out_of_range", field + " must be an integer within "
            + Dimension.MIN_RATING + ".." + Dimension.MAX_RATING + ", was " + e.getValue());
        continue;
      }
      copy.put(d, value);
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Builds {@link Feedback}. Validation happens in {@link #build()}.
   *
   * <p>Not thread-safe; use one builder per thread.
   */
  public static final class Builder {
    private String id;
    private Rating rating = Rating.NEUTRAL;
    private Score score;
    private String comment = "";
    private Instant createdAt;
    private String userId;
    private String messageId;
    private List<String> tags = List.of();
    private Map<Dimension, Integer> dimensions = new LinkedHashMap<>();
    private String correction;
    private Map<String, Object> attributes = new LinkedHashMap<>();

    private Builder() {}

    private Builder(Feedback f) {
      id = f.id;
      rating = f.rating;
      score = f.score;
      comment = f.comment;
      createdAt = f.createdAt;
      userId = f.userId;
      messageId = f.messageId;
      tags = f.tags;
      dimensions = new LinkedHashMap<>(f.dimensions);
      correction = f.correction;
      attributes = new LinkedHashMap<>(f.attributes);
    }

    /**
     * Sets the id (the idempotency key).
     *
     * @param id the id, or {@code null} to have one generated
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the rating.
     *
     * @param rating the rating
     * @return this builder
     */
    public Builder rating(Rating rating) {
      this.rating = rating;
      return this;
    }

    /**
     * Sets the score.
     *
     * @param score the score, or {@code null} for none
     * @return this builder
     */
    public Builder score(Score score) {
      this.score = score;
      return this;
    }

    /**
     * Sets the score.
     *
     * @param value the value
     * @param scale the scale
     * @return this builder
     * @throws InvalidFeedbackException if the value is not within the scale
     */
    public Builder score(double value, Scale scale) {
      return score(new Score(value, scale));
    }

    /**
     * Sets the comment.
     *
     * @param comment the comment; {@code null} means none
     * @return this builder
     */
    public Builder comment(String comment) {
      this.comment = comment;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param createdAt the time, or {@code null} to have the manager's clock set it
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /**
     * Sets the user id.
     *
     * @param userId the user, or {@code null}
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * Sets the id of the rated agent message.
     *
     * @param messageId the message, or {@code null}
     * @return this builder
     */
    public Builder messageId(String messageId) {
      this.messageId = messageId;
      return this;
    }

    /**
     * Sets the tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(List<String> tags) {
      this.tags = tags == null ? List.of() : tags;
      return this;
    }

    /**
     * Sets the tags.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(String... tags) {
      return tags(Arrays.asList(Objects.requireNonNull(tags, "tags")));
    }

    /**
     * Rates one quality dimension.
     *
     * @param dimension the dimension
     * @param rating from 1 to 5
     * @return this builder
     */
    public Builder dimension(Dimension dimension, int rating) {
      dimensions.put(Objects.requireNonNull(dimension, "dimension"), rating);
      return this;
    }

    /**
     * Sets all dimension ratings.
     *
     * @param dimensions the ratings, each from 1 to 5
     * @return this builder
     */
    public Builder dimensions(Map<Dimension, Integer> dimensions) {
      this.dimensions = new LinkedHashMap<>();
      if (dimensions != null) {
        this.dimensions.putAll(dimensions);
      }
      return this;
    }

    /**
     * Sets the correction: the answer the user wanted.
     *
     * @param correction the correction, or {@code null}
     * @return this builder
     */
    public Builder correction(String correction) {
      this.correction = correction;
      return this;
    }

    /**
     * Adds or replaces one attribute.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder attribute(String key, Object value) {
      attributes.put(key, value);
      return this;
    }

    /**
     * Replaces all attributes.
     *
     * @param attributes the attributes
     * @return this builder
     */
    public Builder attributes(Map<String, ?> attributes) {
      this.attributes = new LinkedHashMap<>();
      if (attributes != null) {
        this.attributes.putAll(attributes);
      }
      return this;
    }

    /**
     * Builds the feedback.
     *
     * @return the validated feedback
     * @throws InvalidFeedbackException listing every broken rule
     */
    public Feedback build() {
      return new Feedback(id, rating, score, comment, createdAt, userId, messageId, tags,
          dimensions, correction, attributes);
    }
  }
}
