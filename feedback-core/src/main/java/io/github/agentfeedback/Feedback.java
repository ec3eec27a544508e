package io.github.agentfeedback;

import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.internal.Values;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What someone thinks of one of an agent's answers.
 *
 * <p>Create feedback with {@link #up(String)}, {@link #down(String)},
 * {@link #neutral(String)}, {@link #scored(double, Scale)} or {@link #builder()}, and derive
 * changed copies with the
 * {@code withX} methods. The compact constructor validates every component and reports
 * every broken rule at once in an {@link InvalidFeedbackException}; collections are copied
 * into immutable form. {@code id} and {@code createdAt} may be left null: the
 * {@link FeedbackManager} fills them in before any hook runs.
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
 * are the snake_case names of the components; optional components are left out when
 * unset, so a document written by the Python library reads back unchanged.
 *
 * <p>{@link #toString()} does not print the comment, correction, prompt or response, which
 * may hold personal data. Immutable and thread-safe.
 *
 * @param id the idempotency key: at most 256 chars, not blank; {@code null} until assigned,
 *     and in feedback that other tools stored without an id (stores read it as it is)
 * @param rating up, down or neutral; {@code null} only for feedback with a score and no
 *     verdict (see above)
 * @param score an optional score on a scale, or {@code null}; required when {@code rating}
 *     is null
 * @param comment the comment; never null ({@code ""} when absent)
 * @param createdAt when the feedback was given, or {@code null} until assigned; kept to the
 *     millisecond, the precision of document stores
 * @param userId who gave the feedback (the end user), or {@code null}
 * @param messageId which agent answer is rated, or {@code null}
 * @param tags free-form labels, each non-blank and at most 256 chars
 * @param dimensions per-dimension quality ratings, each from 1 to 5
 * @param correction the answer the user wanted, or {@code null}
 * @param attributes values added by hooks or callers (such as {@code validated_at});
 *     keys must not be empty, start with {@code $}, contain {@code .} or NUL, or be the
 *     stored name of another field, and are at most 256 chars; values are strings,
 *     booleans, integers, longs, finite doubles, instants, or lists and maps of these,
 *     nested at most {@link FeedbackLimits#MAX_DEPTH} deep and never containing themselves
 * @param source who or what gave the feedback; never null ({@link Source#END_USER} when
 *     absent)
 * @param authorId the reviewer's or judge's name (for sources other than end users), or
 *     {@code null}
 * @param traceId the OpenTelemetry trace of the rated answer: 32 hex digits, not all zero,
 *     kept in lower case; or {@code null}
 * @param spanId the OpenTelemetry span of the rated answer: 16 hex digits, not all zero,
 *     kept in lower case; or {@code null}
 * @param model the model that produced the rated answer, or {@code null}
 * @param prompt the prompt that was answered, as the application chooses to attach it, or
 *     {@code null}
 * @param response the rated response's text, as the application chooses to attach it, or
 *     {@code null}
 * @param comparison a pairwise comparison of two responses to {@code prompt}, or
 *     {@code null}
 * @param review the training-data review decision, or {@code null} (not reviewed)
 * @param updatedAt when stored feedback was last replaced (set by the store), or
 *     {@code null}
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
    Map<String, Object> attributes,
    Source source,
    String authorId,
    String traceId,
    String spanId,
    ModelRef model,
    String prompt,
    String response,
    Comparison comparison,
    Review review,
    Instant updatedAt) {

  /**
   * Names of stored feedback fields; attributes may not use them because attributes are
   * stored beside these fields.
   */
  public static final Set<String> RESERVED_KEYS =
      Set.of("id", "rating", "score", "comment", "created_at", "user_id", "message_id",
          "tags", "dimensions", "correction", "source", "author_id", "trace_id", "span_id",
          "model", "prompt", "response", "comparison", "review", "updated_at");

  /** Longest tag accepted, in chars. */
  public static final int MAX_TAG_LENGTH = FeedbackLimits.MAX_ID_LENGTH;

  /** Length of an OpenTelemetry trace id, in hex digits. */
  public static final int TRACE_ID_LENGTH = 32;

  /** Length of an OpenTelemetry span id, in hex digits. */
  public static final int SPAN_ID_LENGTH = 16;

  /**
   * Validates and copies every component.
   *
   * @throws InvalidFeedbackException listing every broken rule (at most
   *     {@link FeedbackLimits#MAX_VIOLATIONS}), each naming its field; feedback without a
   *     rating and without a score breaks the rule {@code rating}/{@code required}
   */
  public Feedback {
    Checks checks = new Checks();
    checks.optionalId("id", id, Checks.MAX_ID_LENGTH);
    if (rating == null && score == null) {
      checks.add("rating", "required", "feedback needs a rating or a score, had neither; "
          + "use Rating.NEUTRAL for feedback without a verdict");
    }
    comment = comment == null ? "" : comment;
    checks.text("comment", comment);
    createdAt = checks.instant("createdAt", createdAt);
    checks.optionalId("userId", userId, Checks.MAX_ID_LENGTH);
    checks.optionalId("messageId", messageId, Checks.MAX_ID_LENGTH);
    if (tags == null || tags.isEmpty()) {
      tags = List.of();
    } else if (!(tags instanceof Values.FrozenStrings)) { // else checked when first made
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
      tags = new Values.FrozenStrings(copy);
    }
    dimensions = copyDimensions(dimensions, checks);
    checks.text("correction", correction);
    source = source == null ? Source.END_USER : source;
    checks.optionalId("authorId", authorId, Checks.MAX_ID_LENGTH);
    traceId = checks.hexId("traceId", traceId, TRACE_ID_LENGTH);
    spanId = checks.hexId("spanId", spanId, SPAN_ID_LENGTH);
    checks.text("prompt", prompt);
    checks.text("response", response);
    updatedAt = checks.instant("updatedAt", updatedAt);
    // Bounds the work on hostile attributes; the size limit for storing feedback,
    // FeedbackLimits.MAX_FEEDBACK_BYTES, is checked when it is added or replaced, so that
    // stores can still read back larger feedback that other writers stored.
    long attributeBytes = Values.frozenBytes(attributes, RESERVED_KEYS); // a copy's: checked
    if (attributeBytes < 0) {
      Values.Copier copier = new Values.Copier(checks, false, Values.MAX_DOCUMENT_BYTES);
      attributes = copier.map("attributes", attributes, RESERVED_KEYS);
      attributeBytes = copier.overflowed() ? Long.MAX_VALUE : 0;
    }
    if (attributeBytes > Values.MAX_DOCUMENT_BYTES) {
      checks.add("attributes", "too_large", "attributes must be at most "
          + Values.MAX_DOCUMENT_BYTES + " bytes as stored, were more");
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
   * Feedback with a rating and comment only.
   *
   * @param rating the rating
   * @param comment the comment, or {@code null} for none
   * @return the feedback
   */
  public static Feedback of(Rating rating, String comment) {
    return new Builder().rating(rating).comment(comment).build();
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
  public static String voteId(String userId, String messageId) {
    Checks checks = new Checks();
    checks.id("userId", userId, Checks.MAX_ID_LENGTH);
    checks.id("messageId", messageId, Checks.MAX_ID_LENGTH);
    checks.throwIfAny();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
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
    return withIdAndCreatedAt(id, createdAt);
  }

  /**
   * A copy with another rating.
   *
   * @param rating the new rating, or {@code null} for none (only with a score)
   * @return the copy
   */
  public Feedback withRating(Rating rating) {
    return toBuilder().rating(rating).build();
  }

  /**
   * A copy with another score.
   *
   * @param score the new score, or {@code null} for none (only with a rating)
   * @return the copy
   */
  public Feedback withScore(Score score) {
    return toBuilder().score(score).build();
  }

  /**
   * A copy with another comment.
   *
   * @param comment the new comment
   * @return the copy, or this feedback when the comment is the same
   */
  public Feedback withComment(String comment) {
    if (Objects.equals(comment, this.comment)) {
      return this;
    }
    return toBuilder().comment(comment).build();
  }

  /**
   * A copy with another creation time.
   *
   * @param createdAt the new time
   * @return the copy
   */
  public Feedback withCreatedAt(Instant createdAt) {
    return withIdAndCreatedAt(id, createdAt);
  }

  /** A copy with another id and creation time, in one step (the manager completes both). */
  public Feedback withIdAndCreatedAt(String id, Instant createdAt) {
    return new Feedback(id, rating, score, comment, createdAt, userId, messageId, tags,
        dimensions, correction, attributes, source, authorId, traceId, spanId, model, prompt,
        response, comparison, review, updatedAt);
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
   * @return the copy, or this feedback when the correction is the same
   */
  public Feedback withCorrection(String correction) {
    if (Objects.equals(correction, this.correction)) {
      return this;
    }
    return toBuilder().correction(correction).build();
  }

  /**
   * A copy with another prompt text.
   *
   * @param prompt the prompt, or {@code null}
   * @return the copy, or this feedback when the prompt is the same
   */
  public Feedback withPrompt(String prompt) {
    if (Objects.equals(prompt, this.prompt)) {
      return this;
    }
    return toBuilder().prompt(prompt).build();
  }

  /**
   * A copy with another response text.
   *
   * @param response the response, or {@code null}
   * @return the copy, or this feedback when the response is the same
   */
  public Feedback withResponse(String response) {
    if (Objects.equals(response, this.response)) {
      return this;
    }
    return toBuilder().response(response).build();
  }

  /**
   * A copy with another comparison.
   *
   * @param comparison the comparison, or {@code null}
   * @return the copy
   */
  public Feedback withComparison(Comparison comparison) {
    return toBuilder().comparison(comparison).build();
  }

  /**
   * A copy with another review decision.
   *
   * @param review the review, or {@code null}
   * @return the copy
   */
  public Feedback withReview(Review review) {
    return toBuilder().review(review).build();
  }

  /**
   * A copy with another time of last replacement.
   *
   * @param updatedAt the time, or {@code null}
   * @return the copy
   */
  public Feedback withUpdatedAt(Instant updatedAt) {
    return toBuilder().updatedAt(updatedAt).build();
  }

  /**
   * A copy with one attribute added or replaced.
   *
   * @param key the attribute key
   * @param value the attribute value
   * @return the copy
   */
  public Feedback withAttribute(String key, Object value) {
    Map<String, Object> with = Values.with("attributes", attributes, RESERVED_KEYS, key, value);
    if (with == null) {
      return toBuilder().attribute(key, value).build();
    }
    // Only the new entry was checked; the rest is copied as it is, without a builder.
    return new Feedback(id, rating, score, comment, createdAt, userId, messageId, tags,
        dimensions, correction, with, source, authorId, traceId, spanId, model, prompt,
        response, comparison, review, updatedAt);
  }

  /**
   * A copy with all attributes replaced.
   *
   * @param attributes the new attributes
   * @return the copy
   */
  @SuppressWarnings("unchecked")
  public Feedback withAttributes(Map<String, ?> attributes) {
    return toBuilder().attributes(attributes).build();
  }

  /**
   * Describes the feedback without the comment, correction, prompt or response text, which
   * may hold personal data.
   */
  @Override
  public String toString() {
    return "Feedback[id=" + id + ", rating=" + rating + ", score=" + score
        + ", comment=<" + comment.length() + " chars>, createdAt=" + createdAt
        + ", userId=" + userId + ", messageId=" + messageId + ", tags=" + tags
        + ", dimensions=" + dimensions + ", correction=" + length(correction)
        + ", attributes=" + attributes.keySet() + ", source=" + source
        + ", authorId=" + authorId + ", traceId=" + traceId + ", spanId=" + spanId
        + ", model=" + model + ", prompt=" + length(prompt) + ", response=" + length(response)
        + ", comparison=" + comparison + ", review=" + review + ", updatedAt=" + updatedAt
        + "]";
  }

  private static String length(String text) {
    return text == null ? "null" : "<" + text.length() + " chars>";
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
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String id;
    private Rating rating;
    private boolean ratingSet;
    private Score score;
    private String comment = "";
    private Instant createdAt;
    private String userId;
    private String messageId;
    private List<String> tags = List.of();
    private Map<Dimension, Integer> dimensions = Map.of();
    private boolean dimensionsOwned;
    private String correction;
    private Map<String, Object> attributes = Map.of();
    private boolean attributesOwned;
    private Source source = Source.END_USER;
    private String authorId;
    private String traceId;
    private String spanId;
    private ModelRef model;
    private String prompt;
    private String response;
    private Comparison comparison;
    private Review review;
    private Instant updatedAt;

    private Builder() {}

    private Builder(Feedback f) {
      id = f.id;
      rating = f.rating;
      ratingSet = true;
      score = f.score;
      comment = f.comment;
      createdAt = f.createdAt;
      userId = f.userId;
      messageId = f.messageId;
      tags = f.tags;
      dimensions = f.dimensions; // copied when first changed
      correction = f.correction;
      attributes = f.attributes; // copied when first changed
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
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the rating. Without a call, the feedback is {@link Rating#NEUTRAL} when it has no
     * score, and has no rating when it has one.
     *
     * @param rating the rating, or {@code null} for none (then a score is required)
     * @return this builder
     */
    public Builder rating(Rating rating) {
      this.rating = rating;
      this.ratingSet = true;
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
      Objects.requireNonNull(dimension, "dimension");
      if (!dimensionsOwned) {
        dimensions = new LinkedHashMap<>(dimensions);
        dimensionsOwned = true;
      }
      dimensions.put(dimension, rating);
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
      if (!attributesOwned) {
        attributes = new LinkedHashMap<>(attributes);
        attributesOwned = true;
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
      return this;
    }

    /**
     * Sets who or what gave the feedback.
     *
     * @param source the source; {@code null} means {@link Source#END_USER}
     * @return this builder
     */
    public Builder source(Source source) {
      this.source = source;
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
      this.authorId = authorId;
      return this;
    }

    /**
     * Sets the reviewer's or judge's name.
     *
     * @param authorId the author, or {@code null}
     * @return this builder
     */
    public Builder authorId(String authorId) {
      this.authorId = authorId;
      return this;
    }

    /**
     * Sets the OpenTelemetry trace of the rated answer.
     *
     * @param traceId 32 hex digits, or {@code null}
     * @return this builder
     */
    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    /**
     * Sets the OpenTelemetry span of the rated answer.
     *
     * @param spanId 16 hex digits, or {@code null}
     * @return this builder
     */
    public Builder spanId(String spanId) {
      this.spanId = spanId;
      return this;
    }

    /**
     * Sets the model that produced the rated answer.
     *
     * @param model the model, or {@code null}
     * @return this builder
     */
    public Builder model(ModelRef model) {
      this.model = model;
      return this;
    }

    /**
     * Sets the prompt that was answered.
     *
     * @param prompt the prompt text, or {@code null}
     * @return this builder
     */
    public Builder prompt(String prompt) {
      this.prompt = prompt;
      return this;
    }

    /**
     * Sets the rated response's text.
     *
     * @param response the response text, or {@code null}
     * @return this builder
     */
    public Builder response(String response) {
      this.response = response;
      return this;
    }

    /**
     * Sets a pairwise comparison of two responses to the prompt.
     *
     * @param comparison the comparison, or {@code null}
     * @return this builder
     */
    public Builder comparison(Comparison comparison) {
      this.comparison = comparison;
      return this;
    }

    /**
     * Sets the training-data review decision.
     *
     * @param review the review, or {@code null}
     * @return this builder
     */
    public Builder review(Review review) {
      this.review = review;
      return this;
    }

    /**
     * Sets when stored feedback was last replaced; stores set it themselves.
     *
     * @param updatedAt the time, or {@code null}
     * @return this builder
     */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /**
     * Builds the feedback.
     *
     * @return the validated feedback
     * @throws InvalidFeedbackException listing every broken rule
     */
    public Feedback build() {
      Rating r = ratingSet || score != null ? rating : Rating.NEUTRAL;
      return new Feedback(id, r, score, comment, createdAt, userId, messageId, tags,
          dimensions, correction, attributes, source, authorId, traceId, spanId, model, prompt,
          response, comparison, review, updatedAt);
    }
  }
}
