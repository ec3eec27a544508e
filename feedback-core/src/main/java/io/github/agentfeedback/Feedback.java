package io.github.agentfeedback;

import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What someone thinks of one of an agent's answers.
 *
 * <p>Create feedback with {@link #builder()}, or with the shorthands {@link #up(String)},
 * {@link #down(String)}, {@link #neutral(String)} and {@link #scored(double, Scale)}; derive
 * a changed copy with {@link #toBuilder()}. Building validates every field and reports every
 * broken rule at once in an {@link InvalidFeedbackException}; collections are copied into
 * immutable form. A copy made with {@code toBuilder()} checks only the fields set again.
 * {@code id} and {@code createdAt} may be left null: the {@link FeedbackManager} fills them in
 * before any hook runs.
 *
 * <p>Feedback has a rating, a score, or both. Feedback with a score and no rating (a survey
 * answer such as an NPS or CSAT score, made with {@link #scored(double, Scale)}) counts in
 * every score figure and in no rating figure: it is not neutral. Feedback with neither is
 * invalid.
 *
 * <p>Every string must be well-formed UTF-16 and every instant within
 * {@link FeedbackLimits#MIN_INSTANT}..{@link FeedbackLimits#MAX_INSTANT}; feedback that is
 * added or replaced must be at most {@link FeedbackLimits#MAX_FEEDBACK_BYTES} as stored
 * ({@link #storedSize()}). See {@link FeedbackLimits}.
 *
 * <p>Stored (in MongoDB, beside the Python library's feedback) as a sub-document whose keys
 * are the snake_case names of the fields; optional fields are left out when
 * unset, so a document written by the Python library reads back unchanged.
 *
 * <p>{@link #toString()} does not print the comment, correction, prompt or response, which
 * may hold personal data. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class Feedback {

  /**
   * Names of stored feedback fields; attributes may not use them because attributes are
   * stored beside these fields.
   */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "id",
          "rating",
          "score",
          "comment",
          "created_at",
          "user_id",
          "message_id",
          "tags",
          "dimensions",
          "correction",
          "source",
          "author_id",
          "trace_id",
          "span_id",
          "model",
          "prompt",
          "response",
          "comparison",
          "review",
          "updated_at");

  /** Longest tag accepted, in chars. */
  public static final int MAX_TAG_LENGTH = FeedbackLimits.MAX_ID_LENGTH;

  /** Length of an OpenTelemetry trace id, in hex digits. */
  public static final int TRACE_ID_LENGTH = 32;

  /** Length of an OpenTelemetry span id, in hex digits. */
  public static final int SPAN_ID_LENGTH = 16;

  // Bits of Builder#changed: the fields set since toBuilder(), checked again when built.
  private static final int ID = 1 << 0;
  private static final int RATING = 1 << 1;
  private static final int SCORE = 1 << 2;
  private static final int COMMENT = 1 << 3;
  private static final int CREATED_AT = 1 << 4;
  private static final int USER_ID = 1 << 5;
  private static final int MESSAGE_ID = 1 << 6;
  private static final int TAGS = 1 << 7;
  private static final int DIMENSIONS = 1 << 8;
  private static final int CORRECTION = 1 << 9;
  private static final int ATTRIBUTES = 1 << 10;
  private static final int SOURCE = 1 << 11;
  private static final int AUTHOR_ID = 1 << 12;
  private static final int TRACE_ID = 1 << 13;
  private static final int SPAN_ID = 1 << 14;
  private static final int MODEL = 1 << 15;
  private static final int PROMPT = 1 << 16;
  private static final int RESPONSE = 1 << 17;
  private static final int COMPARISON = 1 << 18;
  private static final int REVIEW = 1 << 19;
  private static final int UPDATED_AT = 1 << 20;

  private final @Nullable String id;
  private final @Nullable Rating rating;
  private final @Nullable Score score;
  private final String comment;
  private final @Nullable Instant createdAt;
  private final @Nullable String userId;
  private final @Nullable String messageId;
  private final List<String> tags;
  private final Map<Dimension, Integer> dimensions;
  private final @Nullable String correction;
  private final Map<String, Object> attributes;
  private final Source source;
  private final @Nullable String authorId;
  private final @Nullable String traceId;
  private final @Nullable String spanId;
  private final @Nullable ModelRef model;
  private final @Nullable String prompt;
  private final @Nullable String response;
  private final @Nullable Comparison comparison;
  private final @Nullable Review review;
  private final @Nullable Instant updatedAt;

  /**
   * Checks and copies what the builder holds. A field set since {@link #toBuilder()} is
   * checked; the others are the base feedback's, checked when it was made.
   */
  private Feedback(Builder b) {
    Feedback base = b.base;
    int changed = base == null ? ~0 : b.changed;
    Checks checks = new Checks();
    String id = b.id;
    Rating rating = b.ratingSet || b.score != null ? b.rating : Rating.NEUTRAL;
    Score score = b.score;
    String comment = b.comment == null ? "" : b.comment;
    Instant createdAt = b.createdAt;
    String userId = b.userId;
    String messageId = b.messageId;
    List<String> tags = b.tags;
    Map<Dimension, Integer> dimensions = b.dimensions;
    String correction = b.correction;
    Map<String, Object> attributes = b.attributes;
    Source source = b.source == null ? Source.END_USER : b.source;
    String authorId = b.authorId;
    String traceId = b.traceId;
    String spanId = b.spanId;
    String prompt = b.prompt;
    String response = b.response;
    Instant updatedAt = b.updatedAt;
    if ((changed & ID) != 0) {
      checks.optionalId("id", id, Checks.MAX_ID_LENGTH);
    }
    if (rating == null && score == null) {
      checks.add(
          "rating",
          "required",
          "feedback needs a rating or a score, had neither; "
              + "use Rating.NEUTRAL for feedback without a verdict");
    }
    if ((changed & COMMENT) != 0) {
      checks.text("comment", comment);
    }
    if ((changed & CREATED_AT) != 0) {
      createdAt = checks.instant("createdAt", createdAt);
    }
    if ((changed & USER_ID) != 0) {
      checks.optionalId("userId", userId, Checks.MAX_ID_LENGTH);
    }
    if ((changed & MESSAGE_ID) != 0) {
      checks.optionalId("messageId", messageId, Checks.MAX_ID_LENGTH);
    }
    if ((changed & TAGS) != 0) {
      tags = copyTags(tags, checks);
    }
    if ((changed & DIMENSIONS) != 0) {
      dimensions = copyDimensions(dimensions, checks);
    }
    if ((changed & CORRECTION) != 0) {
      checks.text("correction", correction);
    }
    if ((changed & AUTHOR_ID) != 0) {
      checks.optionalId("authorId", authorId, Checks.MAX_ID_LENGTH);
    }
    if ((changed & TRACE_ID) != 0) {
      traceId = checks.hexId("traceId", traceId, TRACE_ID_LENGTH);
    }
    if ((changed & SPAN_ID) != 0) {
      spanId = checks.hexId("spanId", spanId, SPAN_ID_LENGTH);
    }
    if ((changed & PROMPT) != 0) {
      checks.text("prompt", prompt);
    }
    if ((changed & RESPONSE) != 0) {
      checks.text("response", response);
    }
    if ((changed & UPDATED_AT) != 0) {
      updatedAt = checks.instant("updatedAt", updatedAt);
    }
    if ((changed & ATTRIBUTES) != 0) {
      attributes = copyAttributes(attributes, checks);
    }
    checks.throwIfAny();
    this.id = id;
    this.rating = rating;
    this.score = score;
    this.comment = comment;
    this.createdAt = createdAt;
    this.userId = userId;
    this.messageId = messageId;
    this.tags = tags;
    this.dimensions = dimensions;
    this.correction = correction;
    this.attributes = attributes;
    this.source = source;
    this.authorId = authorId;
    this.traceId = traceId;
    this.spanId = spanId;
    this.model = b.model;
    this.prompt = prompt;
    this.response = response;
    this.comparison = b.comparison;
    this.review = b.review;
    this.updatedAt = updatedAt;
  }

  /**
   * Positive feedback: a shorthand for {@code builder().rating(Rating.UP).comment(comment)}.
   *
   * @param comment the comment, or {@code null} for none
   * @return feedback rated {@link Rating#UP}
   */
  public static Feedback up(String comment) {
    return new Builder().rating(Rating.UP).comment(comment).build();
  }

  /**
   * Negative feedback: a shorthand for {@code builder().rating(Rating.DOWN).comment(comment)}.
   *
   * @param comment the comment, or {@code null} for none
   * @return feedback rated {@link Rating#DOWN}
   */
  public static Feedback down(String comment) {
    return new Builder().rating(Rating.DOWN).comment(comment).build();
  }

  /**
   * Feedback without a verdict: a shorthand for
   * {@code builder().rating(Rating.NEUTRAL).comment(comment)}.
   *
   * @param comment the comment, or {@code null} for none
   * @return feedback rated {@link Rating#NEUTRAL}
   */
  public static Feedback neutral(String comment) {
    return new Builder().rating(Rating.NEUTRAL).comment(comment).build();
  }

  /**
   * A score without a verdict, such as the answer to an NPS or CSAT survey: feedback with
   * this score and no rating, counted by every score figure and by no rating figure.
   *
   * @param value the score
   * @param scale the scale, such as {@link Scale#NPS}
   * @return feedback with the score and no rating
   * @throws InvalidFeedbackException naming {@code score} if the value is not within the
   *     scale
   */
  public static Feedback scored(double value, Scale scale) {
    return new Builder().score(value, scale).build();
  }

  /**
   * A builder for feedback with more than a rating and comment.
   *
   * @return a new builder; feedback built without {@link Builder#rating(Rating)} is
   *     {@link Rating#NEUTRAL} when it has no score, and has no rating when it has one
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The id that one-vote-per-answer mode gives a user's feedback on a message, so that the
   * user's later rating of the same message replaces the earlier one:
   * {@code "vote-"} followed by the first 32 hex digits of the SHA-256 of the user id, a
   * NUL char and the message id (UTF-8). The same user and message always give the same
   * id; different ones collide with a chance of about 2<sup>-128</sup>.
   *
   * @param userId the user
   * @param messageId the rated message
   * @return the id
   * @throws InvalidFeedbackException if either id is invalid
   * @see FeedbackManager.Builder#oneVotePerUserAndMessage(boolean)
   */
  public static String voteId(@Nullable String userId, @Nullable String messageId) {
    Checks checks = new Checks();
    checks.id("userId", userId, Checks.MAX_ID_LENGTH);
    checks.id("messageId", messageId, Checks.MAX_ID_LENGTH);
    checks.throwIfAny();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((userId + '\0' + messageId).getBytes(StandardCharsets.UTF_8));
      return "vote-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The estimated size of this feedback as a store keeps it: the UTF-8 bytes of every
   * string and key, {@value io.github.agentfeedback.internal.Values#SCALAR_BYTES} bytes for
   * every other value. Feedback larger than {@link FeedbackLimits#MAX_FEEDBACK_BYTES} is
   * refused when it is added or replaced.
   *
   * @return the size in bytes
   */
  public long storedSize() {
    return Checks.storedBytes(this);
  }

  /**
   * A builder that starts from this feedback: {@code build()} makes a copy with the fields
   * set on the builder changed, checking only those.
   *
   * @return a new builder holding this feedback's values
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The field {@code id}.
   *
   * @return the idempotency key: at most 256 chars, not blank; {@code null} until assigned, and in
   *     feedback that other tools stored without an id (stores read it as it is)
   */
  public @Nullable String id() {
    return id;
  }

  /**
   * The field {@code rating}.
   *
   * @return up, down or neutral; {@code null} only for feedback with a score and no verdict (see
   *     above)
   */
  public @Nullable Rating rating() {
    return rating;
  }

  /**
   * The field {@code score}.
   *
   * @return an optional score on a scale, or {@code null}; required when {@code rating} is null
   */
  public @Nullable Score score() {
    return score;
  }

  /**
   * The field {@code comment}.
   *
   * @return the comment; never null ({@code ""} when absent)
   */
  public String comment() {
    return comment;
  }

  /**
   * The field {@code createdAt}.
   *
   * @return when the feedback was given, or {@code null} until assigned; kept to the millisecond,
   *     the precision of document stores
   */
  public @Nullable Instant createdAt() {
    return createdAt;
  }

  /**
   * The field {@code userId}.
   *
   * @return who gave the feedback (the end user), or {@code null}
   */
  public @Nullable String userId() {
    return userId;
  }

  /**
   * The field {@code messageId}.
   *
   * @return which agent answer is rated, or {@code null}
   */
  public @Nullable String messageId() {
    return messageId;
  }

  /**
   * The field {@code tags}.
   *
   * @return free-form labels, each non-blank and at most 256 chars
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * The field {@code dimensions}.
   *
   * @return per-dimension quality ratings, each from 1 to 5
   */
  public Map<Dimension, Integer> dimensions() {
    return dimensions;
  }

  /**
   * The field {@code correction}.
   *
   * @return the answer the user wanted, or {@code null}
   */
  public @Nullable String correction() {
    return correction;
  }

  /**
   * The field {@code attributes}.
   *
   * @return values added by hooks or callers (such as {@code validated_at}); keys must not be
   *     empty, start with {@code $}, contain {@code .} or NUL, or be the stored name of another
   *     field, and are at most 256 chars; values are strings, booleans, integers, longs, finite
   *     doubles, instants, or lists and maps of these, nested at most {@link
   *     FeedbackLimits#MAX_DEPTH} deep and never containing themselves
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * The field {@code source}.
   *
   * @return who or what gave the feedback; never null ({@link Source#END_USER} when absent)
   */
  public Source source() {
    return source;
  }

  /**
   * The field {@code authorId}.
   *
   * @return the reviewer's or judge's name (for sources other than end users), or {@code null}
   */
  public @Nullable String authorId() {
    return authorId;
  }

  /**
   * The field {@code traceId}.
   *
   * @return the OpenTelemetry trace of the rated answer: 32 hex digits, not all zero, kept in lower
   *     case; or {@code null}
   */
  public @Nullable String traceId() {
    return traceId;
  }

  /**
   * The field {@code spanId}.
   *
   * @return the OpenTelemetry span of the rated answer: 16 hex digits, not all zero, kept in lower
   *     case; or {@code null}
   */
  public @Nullable String spanId() {
    return spanId;
  }

  /**
   * The field {@code model}.
   *
   * @return the model that produced the rated answer, or {@code null}
   */
  public @Nullable ModelRef model() {
    return model;
  }

  /**
   * The field {@code prompt}.
   *
   * @return the prompt that was answered, as the application chooses to attach it, or {@code null}
   */
  public @Nullable String prompt() {
    return prompt;
  }

  /**
   * The field {@code response}.
   *
   * @return the rated response's text, as the application chooses to attach it, or {@code null}
   */
  public @Nullable String response() {
    return response;
  }

  /**
   * The field {@code comparison}.
   *
   * @return a pairwise comparison of two responses to {@code prompt}, or {@code null}
   */
  public @Nullable Comparison comparison() {
    return comparison;
  }

  /**
   * The field {@code review}.
   *
   * @return the training-data review decision, or {@code null} (not reviewed)
   */
  public @Nullable Review review() {
    return review;
  }

  /**
   * The field {@code updatedAt}.
   *
   * @return when stored feedback was last replaced (set by the store), or {@code null}
   */
  public @Nullable Instant updatedAt() {
    return updatedAt;
  }

  /** Feedback is equal to feedback with equal fields. */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Feedback f
            && Objects.equals(id, f.id)
            && rating == f.rating
            && Objects.equals(score, f.score)
            && comment.equals(f.comment)
            && Objects.equals(createdAt, f.createdAt)
            && Objects.equals(userId, f.userId)
            && Objects.equals(messageId, f.messageId)
            && tags.equals(f.tags)
            && dimensions.equals(f.dimensions)
            && Objects.equals(correction, f.correction)
            && attributes.equals(f.attributes)
            && source.equals(f.source)
            && Objects.equals(authorId, f.authorId)
            && Objects.equals(traceId, f.traceId)
            && Objects.equals(spanId, f.spanId)
            && Objects.equals(model, f.model)
            && Objects.equals(prompt, f.prompt)
            && Objects.equals(response, f.response)
            && Objects.equals(comparison, f.comparison)
            && Objects.equals(review, f.review)
            && Objects.equals(updatedAt, f.updatedAt));
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        rating,
        score,
        comment,
        createdAt,
        userId,
        messageId,
        tags,
        dimensions,
        correction,
        attributes,
        source,
        authorId,
        traceId,
        spanId,
        model,
        prompt,
        response,
        comparison,
        review,
        updatedAt);
  }

  /**
   * Describes the feedback without the comment, correction, prompt or response text, which
   * may hold personal data.
   */
  @Override
  public String toString() {
    return "Feedback[id="
        + id
        + ", rating="
        + rating
        + ", score="
        + score
        + ", comment=<"
        + comment.length()
        + " chars>, createdAt="
        + createdAt
        + ", userId="
        + userId
        + ", messageId="
        + messageId
        + ", tags="
        + tags
        + ", dimensions="
        + dimensions
        + ", correction="
        + length(correction)
        + ", attributes="
        + attributes.keySet()
        + ", source="
        + source
        + ", authorId="
        + authorId
        + ", traceId="
        + traceId
        + ", spanId="
        + spanId
        + ", model="
        + model
        + ", prompt="
        + length(prompt)
        + ", response="
        + length(response)
        + ", comparison="
        + comparison
        + ", review="
        + review
        + ", updatedAt="
        + updatedAt
        + "]";
  }

  private static String length(@Nullable String text) {
    return text == null ? "null" : "<" + text.length() + " chars>";
  }

  private static List<String> copyTags(List<String> tags, Checks checks) {
    if (tags == null || tags.isEmpty()) {
      return List.of();
    }
    if (tags instanceof Values.FrozenStrings) { // checked when first made
      return tags;
    }
    String[] copy = new String[tags.size()];
    int i = 0;
    for (Object tag : tags) { // raw: a list built without generics may hold anything
      if (checks.full() || i == copy.length) {
        break;
      }
      String t = Checks.string(checks, "tags", i, tag);
      if (t != null || tag == null) {
        checks.id("tags", i, t, MAX_TAG_LENGTH);
      }
      copy[i++] = t;
    }
    return new Values.FrozenStrings(copy);
  }

  /**
   * Copies attributes into checked, immutable form. Bounds the work on hostile attributes;
   * the size limit for storing feedback, {@link FeedbackLimits#MAX_FEEDBACK_BYTES}, is checked
   * when it is added or replaced, so that stores can still read back larger feedback that
   * other writers stored.
   */
  private static Map<String, Object> copyAttributes(Map<String, Object> attributes, Checks checks) {
    long bytes = Values.frozenBytes(attributes, RESERVED_KEYS); // a copy's: checked
    if (bytes < 0) {
      Values.Copier copier = new Values.Copier(checks, false, Values.MAX_DOCUMENT_BYTES);
      attributes = copier.map("attributes", attributes, RESERVED_KEYS);
      bytes = copier.overflowed() ? Long.MAX_VALUE : 0;
    }
    if (bytes > Values.MAX_DOCUMENT_BYTES) {
      checks.add(
          "attributes",
          "too_large",
          "attributes must be at most "
              + Values.MAX_DOCUMENT_BYTES
              + " bytes as stored, were more");
    }
    return attributes;
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
        checks.add(
            "dimensions",
            e.getKey() == null ? "required" : "bad_key",
            "dimension keys must be Dimension constants, was "
                + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
        continue;
      }
      if (!(e.getValue() instanceof Integer value)
          || value < Dimension.MIN_RATING
          || value > Dimension.MAX_RATING) {
        String field = "dimensions." + d.wireName();
        checks.add(
            field,
            "out_of_range",
            field
                + " must be an integer within "
                + Dimension.MIN_RATING
                + ".."
                + Dimension.MAX_RATING
                + ", was "
                + e.getValue());
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
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable Feedback base;
    private int changed;
    private @Nullable String id;
    private @Nullable Rating rating;
    private boolean ratingSet;
    private @Nullable Score score;
    private @Nullable String comment = "";
    private @Nullable Instant createdAt;
    private @Nullable String userId;
    private @Nullable String messageId;
    private List<String> tags = List.of();
    private Map<Dimension, Integer> dimensions = Map.of();
    private boolean dimensionsOwned;
    private @Nullable String correction;
    private Map<String, Object> attributes = Map.of();
    private boolean attributesOwned;
    private @Nullable Source source = Source.END_USER;
    private @Nullable String authorId;
    private @Nullable String traceId;
    private @Nullable String spanId;
    private @Nullable ModelRef model;
    private @Nullable String prompt;
    private @Nullable String response;
    private @Nullable Comparison comparison;
    private @Nullable Review review;
    private @Nullable Instant updatedAt;

    private Builder() {}

    private Builder(Feedback f) {
      base = f;
      id = f.id;
      rating = f.rating;
      ratingSet = true;
      score = f.score;
      comment = f.comment;
      createdAt = f.createdAt;
      userId = f.userId;
      messageId = f.messageId;
      tags = f.tags;
      dimensions = f.dimensions;
      correction = f.correction;
      attributes = f.attributes;
      source = f.source;
      authorId = f.authorId;
      traceId = f.traceId;
      spanId = f.spanId;
      model = f.model;
      prompt = f.prompt;
      response = f.response;
      comparison = f.comparison;
      review = f.review;
      updatedAt = f.updatedAt;
    }

    /**
     * Sets the id (the idempotency key).
     *
     * @param id the id, or {@code null} to have one generated
     * @return this builder
     */
    public Builder id(@Nullable String id) {
      this.id = id;
      changed |= ID;
      return this;
    }

    /**
     * Sets the rating. Without a call, the feedback is {@link Rating#NEUTRAL} when it has no
     * score, and has no rating when it has one.
     *
     * @param rating the rating, or {@code null} for none (then a score is required)
     * @return this builder
     */
    public Builder rating(@Nullable Rating rating) {
      this.rating = rating;
      changed |= RATING;
      this.ratingSet = true;
      return this;
    }

    /**
     * Sets the score.
     *
     * @param score the score, or {@code null} for none
     * @return this builder
     */
    public Builder score(@Nullable Score score) {
      this.score = score;
      changed |= SCORE;
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
    public Builder comment(@Nullable String comment) {
      this.comment = comment;
      changed |= COMMENT;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param createdAt the time, or {@code null} to have the manager's clock set it
     * @return this builder
     */
    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      changed |= CREATED_AT;
      return this;
    }

    /**
     * Sets the user id.
     *
     * @param userId the user, or {@code null}
     * @return this builder
     */
    public Builder userId(@Nullable String userId) {
      this.userId = userId;
      changed |= USER_ID;
      return this;
    }

    /**
     * Sets the id of the rated agent message.
     *
     * @param messageId the message, or {@code null}
     * @return this builder
     */
    public Builder messageId(@Nullable String messageId) {
      this.messageId = messageId;
      changed |= MESSAGE_ID;
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
      changed |= TAGS;
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
      Objects.requireNonNull(dimension, "dimension");
      if (!dimensionsOwned) {
        dimensions = new LinkedHashMap<>(dimensions);
        dimensionsOwned = true;
      }
      dimensions.put(dimension, rating);
      changed |= DIMENSIONS;
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
      this.dimensionsOwned = true;
      if (dimensions != null) {
        this.dimensions.putAll(dimensions);
      }
      changed |= DIMENSIONS;
      return this;
    }

    /**
     * Sets the correction: the answer the user wanted.
     *
     * @param correction the correction, or {@code null}
     * @return this builder
     */
    public Builder correction(@Nullable String correction) {
      this.correction = correction;
      changed |= CORRECTION;
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
      if (!attributesOwned) {
        // Checked maps take one more entry checking only that entry; the rest stays checked.
        // A bad entry is reported by build(), with every other broken rule.
        Map<String, Object> with;
        try {
          with = Values.with("attributes", attributes, RESERVED_KEYS, key, value);
        } catch (InvalidFeedbackException e) {
          with = null;
        }
        if (with != null) {
          attributes = with;
          return this;
        }
        attributes = new LinkedHashMap<>(attributes);
        attributesOwned = true;
        changed |= ATTRIBUTES;
      }
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
      this.attributesOwned = true;
      if (attributes != null) {
        this.attributes.putAll(attributes);
      }
      changed |= ATTRIBUTES;
      return this;
    }

    /**
     * Sets who or what gave the feedback.
     *
     * @param source the source; {@code null} means {@link Source#END_USER}
     * @return this builder
     */
    public Builder source(@Nullable Source source) {
      this.source = source;
      changed |= SOURCE;
      return this;
    }

    /**
     * Sets who gave the feedback: its source and the author's id.
     *
     * @param source the source, such as {@link Source#LLM_JUDGE}
     * @param authorId the reviewer's or judge's name, or {@code null}
     * @return this builder
     */
    public Builder source(Source source, String authorId) {
      this.source = source;
      changed |= SOURCE;
      this.authorId = authorId;
      changed |= AUTHOR_ID;
      return this;
    }

    /**
     * Sets the reviewer's or judge's name.
     *
     * @param authorId the author, or {@code null}
     * @return this builder
     */
    public Builder authorId(@Nullable String authorId) {
      this.authorId = authorId;
      changed |= AUTHOR_ID;
      return this;
    }

    /**
     * Sets the OpenTelemetry trace of the rated answer.
     *
     * @param traceId 32 hex digits, or {@code null}
     * @return this builder
     */
    public Builder traceId(@Nullable String traceId) {
      this.traceId = traceId;
      changed |= TRACE_ID;
      return this;
    }

    /**
     * Sets the OpenTelemetry span of the rated answer.
     *
     * @param spanId 16 hex digits, or {@code null}
     * @return this builder
     */
    public Builder spanId(@Nullable String spanId) {
      this.spanId = spanId;
      changed |= SPAN_ID;
      return this;
    }

    /**
     * Sets the model that produced the rated answer.
     *
     * @param model the model, or {@code null}
     * @return this builder
     */
    public Builder model(@Nullable ModelRef model) {
      this.model = model;
      changed |= MODEL;
      return this;
    }

    /**
     * Sets the prompt that was answered.
     *
     * @param prompt the prompt text, or {@code null}
     * @return this builder
     */
    public Builder prompt(@Nullable String prompt) {
      this.prompt = prompt;
      changed |= PROMPT;
      return this;
    }

    /**
     * Sets the rated response's text.
     *
     * @param response the response text, or {@code null}
     * @return this builder
     */
    public Builder response(@Nullable String response) {
      this.response = response;
      changed |= RESPONSE;
      return this;
    }

    /**
     * Sets a pairwise comparison of two responses to the prompt.
     *
     * @param comparison the comparison, or {@code null}
     * @return this builder
     */
    public Builder comparison(@Nullable Comparison comparison) {
      this.comparison = comparison;
      changed |= COMPARISON;
      return this;
    }

    /**
     * Sets the training-data review decision.
     *
     * @param review the review, or {@code null}
     * @return this builder
     */
    public Builder review(@Nullable Review review) {
      this.review = review;
      changed |= REVIEW;
      return this;
    }

    /**
     * Sets when stored feedback was last replaced; stores set it themselves.
     *
     * @param updatedAt the time, or {@code null}
     * @return this builder
     */
    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      changed |= UPDATED_AT;
      return this;
    }

    /**
     * Builds the feedback.
     *
     * @return the validated feedback
     * @throws InvalidFeedbackException listing every broken rule
     */
    public Feedback build() {
      return new Feedback(this);
    }
  }
}
