package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.Settings;
import io.github.agentfeedback.hooks.internal.Text;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Checks feedback against configurable rules before it is stored, reporting every broken
 * rule at once in one {@link InvalidFeedbackException}, and stamps what it passes with
 * {@value #VALIDATED_AT} (an {@link Instant} from the injected {@link Clock}).
 *
 * <p>The rules and their defaults (each can be switched off):
 * <table>
 *   <caption>Rules</caption>
 *   <tr><th>rule</th><th>default</th><th>violation code</th></tr>
 *   <tr><td>allowed ratings, for feedback with a rating</td><td>all three</td>
 *       <td>{@code not_allowed}</td></tr>
 *   <tr><td>a rating is required (feedback with a score alone, such as an NPS survey
 *       answer, is refused)</td><td>off</td><td>{@code required}</td></tr>
 *   <tr><td>comment and correction are trimmed before the other checks</td><td>on</td>
 *       <td>—</td></tr>
 *   <tr><td>maximum comment length, in code points</td><td>1,000</td>
 *       <td>{@code too_long}</td></tr>
 *   <tr><td>maximum correction length, in code points</td><td>10,000</td>
 *       <td>{@code too_long}</td></tr>
 *   <tr><td>maximum prompt length, in code points</td><td>100,000</td>
 *       <td>{@code too_long}</td></tr>
 *   <tr><td>maximum response length, in code points, for the response and each comparison
 *       candidate's response</td><td>100,000</td><td>{@code too_long}</td></tr>
 *   <tr><td>a comment is required for {@link Rating#DOWN} (one of white space and
 *       invisible format characters only, such as a zero-width space, is missing)</td>
 *       <td>on</td>
 *       <td>{@code required}</td></tr>
 *   <tr><td>no control characters other than line breaks ({@code \n}, {@code \r}) and tab
 *       in comment, correction, prompt, responses and tags</td><td>on</td>
 *       <td>{@code control_char}</td></tr>
 *   <tr><td>the score lies within its scale, on an allowed scale, optionally whole</td>
 *       <td>on, any scale, fractions allowed</td>
 *       <td>{@code out_of_range}, {@code scale_not_allowed}, {@code not_whole}</td></tr>
 *   <tr><td>at most N tags of at most M code points</td><td>10 tags of 50</td>
 *       <td>{@code too_many}, {@code too_long}</td></tr>
 *   <tr><td>at most N attributes, each value at most S in size</td><td>32, 4,096</td>
 *       <td>{@code too_many}, {@code too_large}</td></tr>
 * </table>
 * A limit of {@link #UNLIMITED} switches a limit off. The size of an attribute value counts
 * the chars of its strings and map keys and 8 for every other scalar, recursively. The
 * violations name the fields {@code prompt}, {@code response}, {@code comparison.a.response}
 * and {@code comparison.b.response}; prompt and responses are checked as they are, not
 * trimmed.
 *
 * <p>Trimming removes white space as {@link SanitizingHook} collapses it — including
 * no-break spaces such as U+00A0, which {@link String#strip()} keeps — and a comment holding
 * nothing else counts as missing for {@link Rating#DOWN}.
 *
 * <p>Run it right after the hooks that change text ({@link SanitizingHook}, then
 * {@link PiiRedactionHook}), so that it checks and trims the text that will be stored, and
 * before the hooks that count, notify or store elsewhere; {@link ReadyHooks} puts it
 * there.
 *
 * <p>Acts on {@link FeedbackAction#ADD} and {@link FeedbackAction#UPDATE} alike, so that
 * replaced feedback meets the same rules as new feedback (and is stamped again). Feedback
 * that passes is copied to add the stamp (and once more if trimming changed its text);
 * nothing else is allocated unless a rule is broken. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ValidationHook implements FeedbackHook {

  /** The attribute stamped on feedback that passed: the {@link Instant} of validation. */
  public static final String VALIDATED_AT = "validated_at";

  /** A limit value that switches the limit off. */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** Default longest comment, in code points. */
  public static final int DEFAULT_MAX_COMMENT_LENGTH = 1_000;

  /** Default longest correction, in code points. */
  public static final int DEFAULT_MAX_CORRECTION_LENGTH = 10_000;

  /** Default longest prompt, in code points. */
  public static final int DEFAULT_MAX_PROMPT_LENGTH = 100_000;

  /** Default longest response (and comparison candidate's response), in code points. */
  public static final int DEFAULT_MAX_RESPONSE_LENGTH = 100_000;

  /** Default most tags. */
  public static final int DEFAULT_MAX_TAGS = 10;

  /** Default longest tag, in code points. */
  public static final int DEFAULT_MAX_TAG_LENGTH = 50;

  /** Default most attributes. */
  public static final int DEFAULT_MAX_ATTRIBUTES = 32;

  /** Default largest attribute value size. */
  public static final int DEFAULT_MAX_ATTRIBUTE_VALUE_SIZE = 4_096;

  private static final int SCALAR_SIZE = 8;

  private final Clock clock;
  private final Set<Rating> allowedRatings;
  private final boolean ratingRequired;
  private final boolean trim;
  private final int maxCommentLength;
  private final int maxCorrectionLength;
  private final int maxPromptLength;
  private final int maxResponseLength;
  private final boolean commentRequiredForDown;
  private final boolean rejectControlCharacters;
  private final boolean checkScores;
  private final Set<Scale> allowedScales;
  private final boolean wholeNumberScores;
  private final int maxTags;
  private final int maxTagLength;
  private final int maxAttributes;
  private final int maxAttributeValueSize;
  private final boolean stampValidatedAt;

  private ValidationHook(Builder b) {
    this.clock = b.clock;
    this.allowedRatings = EnumSet.copyOf(b.allowedRatings);
    this.ratingRequired = b.ratingRequired;
    this.trim = b.trim;
    this.maxCommentLength = b.maxCommentLength;
    this.maxCorrectionLength = b.maxCorrectionLength;
    this.maxPromptLength = b.maxPromptLength;
    this.maxResponseLength = b.maxResponseLength;
    this.commentRequiredForDown = b.commentRequiredForDown;
    this.rejectControlCharacters = b.rejectControlCharacters;
    this.checkScores = b.checkScores;
    this.allowedScales = Set.copyOf(b.allowedScales);
    this.wholeNumberScores = b.wholeNumberScores;
    this.maxTags = b.maxTags;
    this.maxTagLength = b.maxTagLength;
    this.maxAttributes = b.maxAttributes;
    this.maxAttributeValueSize = b.maxAttributeValueSize;
    this.stampValidatedAt = b.stampValidatedAt;
  }

  /**
   * A hook with every default rule and the UTC system clock.
   *
   * @return the hook
   */
  public static ValidationHook defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks the feedback and passes a trimmed, stamped copy on.
   *
   * @throws InvalidFeedbackException listing every broken rule; nothing is stored
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    String comment = trim ? Text.strip(in.comment()) : in.comment();
    String correction =
        in.correction() == null || !trim ? in.correction() : Text.strip(in.correction());
    List<Violation> checks = null; // made for the first violation only

    if (in.rating() == null) {
      if (ratingRequired) {
        checks =
            add(
                checks,
                "rating",
                "required",
                "a rating is required; feedback with a " + "score alone is not accepted");
      }
    } else if (!allowedRatings.contains(in.rating())) {
      checks =
          add(
              checks,
              "rating",
              "not_allowed",
              "rating " + in.rating() + " is not allowed; allowed: " + allowedRatings);
    }
    checks = checkText(checks, "comment", comment, maxCommentLength);
    if (commentRequiredForDown && in.rating() == Rating.DOWN && Text.showsNothing(comment)) {
      checks = add(checks, "comment", "required", "comment is required when the rating is DOWN");
    }
    checks = checkText(checks, "correction", correction, maxCorrectionLength);
    checks = checkText(checks, "prompt", in.prompt(), maxPromptLength);
    checks = checkText(checks, "response", in.response(), maxResponseLength);
    if (in.comparison() != null) {
      checks =
          checkText(
              checks, "comparison.a.response", in.comparison().a().response(), maxResponseLength);
      checks =
          checkText(
              checks, "comparison.b.response", in.comparison().b().response(), maxResponseLength);
    }
    if (checkScores && in.score() != null) {
      checks = checkScore(checks, in.score());
    }
    checks = checkTags(checks, in.tags());
    checks = checkAttributes(checks, in.attributes());
    if (checks != null) {
      throw new InvalidFeedbackException(checks);
    }

    boolean trimmed =
        !Objects.equals(comment, in.comment()) || !Objects.equals(correction, in.correction());
    if (!trimmed && !stampValidatedAt) {
      return chain.proceed(in);
    }
    Feedback.Builder out = in.toBuilder(); // one copy for both changes
    if (trimmed) {
      out.comment(comment).correction(correction);
    }
    if (stampValidatedAt) {
      out.attribute(VALIDATED_AT, now());
    }
    return chain.proceed(out.build());
  }

  /** The clock's instant to the millisecond, as stored; one object for the system clock. */
  private Instant now() {
    try {
      return Instant.ofEpochMilli(clock.millis());
    } catch (ArithmeticException e) { // beyond the milliseconds of a long: core refuses it
      return clock.instant();
    }
  }

  private static List<Violation> add(
      @Nullable List<Violation> checks, String field, String code, String message) {
    List<Violation> list = checks == null ? new ArrayList<>(2) : checks;
    list.add(new Violation(field, code, message));
    return list;
  }

  /** Checks an optional text's length and control characters. */
  private @Nullable List<Violation> checkText(
      @Nullable List<Violation> checks, String field, @Nullable String text, int max) {
    if (text == null) {
      return checks;
    }
    List<Violation> out = checks;
    if (max != UNLIMITED && text.length() > max) {
      int length = Text.codePoints(text);
      if (length > max) {
        out =
            add(
                out,
                field,
                "too_long",
                field + " must be at most " + max + " characters, was " + length);
      }
    }
    return rejectControlCharacters ? checkControl(out, field, text) : out;
  }

  private static @Nullable List<Violation> checkControl(
      @Nullable List<Violation> checks, String field, String text) {
    int at = Text.indexOfControl(text);
    if (at < 0) {
      return checks;
    }
    return add(
        checks,
        field,
        "control_char",
        field
            + " must not contain control characters other than line breaks and tab; found U+"
            + String.format("%04X", (int) text.charAt(at))
            + " at index "
            + at);
  }

  private @Nullable List<Violation> checkScore(@Nullable List<Violation> checks, Score score) {
    List<Violation> out = checks;
    Scale scale = score.scale();
    if (!scale.contains(score.value())) {
      out =
          add(
              out,
              "score",
              "out_of_range",
              "score must be within "
                  + scale.name()
                  + " bounds "
                  + scale.min()
                  + ".."
                  + scale.max()
                  + ", was "
                  + score.value());
    }
    if (!allowedScales.isEmpty() && !allowedScales.contains(scale)) {
      out =
          add(
              out,
              "score",
              "scale_not_allowed",
              "score scale "
                  + scale.name()
                  + " is not allowed; allowed: "
                  + allowedScales.stream().map(Scale::name).sorted().toList());
    }
    if (wholeNumberScores && score.value() != Math.rint(score.value())) {
      out = add(out, "score", "not_whole", "score must be a whole number, was " + score.value());
    }
    return out;
  }

  private @Nullable List<Violation> checkTags(@Nullable List<Violation> checks, List<String> tags) {
    List<Violation> out = checks;
    if (maxTags != UNLIMITED && tags.size() > maxTags) {
      // The triage hook's tags are its own (one of each kind): it replaces them after
      // validation. More of a kind count, so that the namespace is no way around the limit.
      int counted = tags.size() - TriageHook.triageKinds(tags);
      if (counted > maxTags) {
        out = add(out, "tags", "too_many", "tags must be at most " + maxTags + ", were " + counted);
      }
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (maxTagLength != UNLIMITED
          && tag.length() > maxTagLength
          && Text.codePoints(tag) > maxTagLength) {
        String field = "tags[" + i + "]";
        out =
            add(
                out,
                field,
                "too_long",
                field
                    + " must be at most "
                    + maxTagLength
                    + " characters, was "
                    + Text.codePoints(tag));
      }
      if (rejectControlCharacters && Text.indexOfControl(tag) >= 0) {
        out = checkControl(out, "tags[" + i + "]", tag);
      }
    }
    return out;
  }

  private @Nullable List<Violation> checkAttributes(
      @Nullable List<Violation> checks, Map<String, Object> attributes) {
    if (attributes.isEmpty()) {
      return checks;
    }
    List<Violation> out = checks;
    if (maxAttributes != UNLIMITED && attributes.size() > maxAttributes) {
      out =
          add(
              out,
              "attributes",
              "too_many",
              "attributes must be at most " + maxAttributes + ", were " + attributes.size());
    }
    if (maxAttributeValueSize == UNLIMITED) {
      return out;
    }
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      long size = size(e.getValue(), maxAttributeValueSize);
      if (size > maxAttributeValueSize) {
        String field = "attributes." + e.getKey();
        out =
            add(
                out,
                field,
                "too_large",
                field
                    + " must be at most "
                    + maxAttributeValueSize
                    + " in size, was "
                    + (size == Long.MAX_VALUE ? "larger" : Long.toString(size)));
      }
    }
    return out;
  }

  /** Approximate stored size of a value; stops counting once past {@code limit}. */
  private static long size(Object value, long limit) {
    if (value instanceof String s) {
      return s.length();
    }
    long total = 0;
    if (value instanceof List<?> list) {
      for (Object o : list) {
        total += size(o, limit - total);
        if (total > limit) {
          return total;
        }
      }
      return total;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        total += String.valueOf(e.getKey()).length() + size(e.getValue(), limit - total);
        if (total > limit) {
          return total;
        }
      }
      return total;
    }
    return SCALAR_SIZE;
  }

  /**
   * Configures a {@link ValidationHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Set<Rating> allowedRatings = EnumSet.allOf(Rating.class);
    private boolean ratingRequired;
    private boolean trim = true;
    private int maxCommentLength = DEFAULT_MAX_COMMENT_LENGTH;
    private int maxCorrectionLength = DEFAULT_MAX_CORRECTION_LENGTH;
    private int maxPromptLength = DEFAULT_MAX_PROMPT_LENGTH;
    private int maxResponseLength = DEFAULT_MAX_RESPONSE_LENGTH;
    private boolean commentRequiredForDown = true;
    private boolean rejectControlCharacters = true;
    private boolean checkScores = true;
    private Set<Scale> allowedScales = Set.of();
    private boolean wholeNumberScores;
    private int maxTags = DEFAULT_MAX_TAGS;
    private int maxTagLength = DEFAULT_MAX_TAG_LENGTH;
    private int maxAttributes = DEFAULT_MAX_ATTRIBUTES;
    private int maxAttributeValueSize = DEFAULT_MAX_ATTRIBUTE_VALUE_SIZE;
    private boolean stampValidatedAt = true;

    private Builder() {}

    /**
     * The clock that stamps {@value ValidationHook#VALIDATED_AT}. Defaults to the UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The ratings accepted. Defaults to all three; passing all three switches the rule off.
     * Repeats are ignored.
     *
     * @param ratings at least one rating
     * @return this builder
     * @throws NullPointerException if the array or a rating is null
     * @throws IllegalArgumentException if no rating is given
     */
    public Builder allowedRatings(Rating... ratings) {
      return allowedRatings(Settings.elements("allowedRatings", ratings, Rating.class));
    }

    /**
     * The ratings accepted. Repeats are ignored.
     *
     * @param ratings at least one rating
     * @return this builder
     * @throws NullPointerException if the collection or a rating is null
     * @throws IllegalArgumentException if no rating is given
     * @see #allowedRatings(Rating...)
     */
    public Builder allowedRatings(Collection<Rating> ratings) {
      List<Rating> checked = Settings.elements("allowedRatings", ratings, Rating.class);
      if (checked.isEmpty()) {
        throw new IllegalArgumentException("allowedRatings needs at least one rating");
      }
      this.allowedRatings = EnumSet.copyOf(checked);
      return this;
    }

    /**
     * Whether feedback must have a rating. Defaults to {@code false}: feedback with a score
     * and no rating (see {@link io.github.agentfeedback.Feedback#scored}) passes, and
     * {@link #allowedRatings(Rating...)} applies to feedback with a rating only.
     *
     * @param required whether a rating is required
     * @return this builder
     */
    public Builder ratingRequired(boolean required) {
      this.ratingRequired = required;
      return this;
    }

    /**
     * Whether comment and correction are stripped of leading and trailing white space
     * (including no-break spaces) before the other checks, and passed on stripped.
     * Defaults to {@code true}.
     *
     * @param trim whether to trim
     * @return this builder
     */
    public Builder trimText(boolean trim) {
      this.trim = trim;
      return this;
    }

    /**
     * Longest comment accepted, in code points. Defaults to
     * {@value ValidationHook#DEFAULT_MAX_COMMENT_LENGTH}; {@link ValidationHook#UNLIMITED} switches
     * the rule off.
     *
     * @param codePoints the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code codePoints < 1}
     */
    public Builder maxCommentLength(int codePoints) {
      this.maxCommentLength = positive("maxCommentLength", codePoints);
      return this;
    }

    /**
     * Longest correction accepted, in code points. Defaults to
     * {@value ValidationHook#DEFAULT_MAX_CORRECTION_LENGTH}; {@link ValidationHook#UNLIMITED}
     * switches the rule off.
     *
     * @param codePoints the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code codePoints < 1}
     */
    public Builder maxCorrectionLength(int codePoints) {
      this.maxCorrectionLength = positive("maxCorrectionLength", codePoints);
      return this;
    }

    /**
     * Longest prompt accepted, in code points. Defaults to
     * {@value ValidationHook#DEFAULT_MAX_PROMPT_LENGTH}; {@link ValidationHook#UNLIMITED}
     * switches the rule off (core's limit of the whole feedback's size still applies).
     *
     * @param codePoints the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code codePoints < 1}
     */
    public Builder maxPromptLength(int codePoints) {
      this.maxPromptLength = positive("maxPromptLength", codePoints);
      return this;
    }

    /**
     * Longest response accepted, in code points; the limit applies to the response and to
     * each comparison candidate's response. Defaults to
     * {@value ValidationHook#DEFAULT_MAX_RESPONSE_LENGTH}; {@link ValidationHook#UNLIMITED}
     * switches the rule off (core's limit of the whole feedback's size still applies).
     *
     * @param codePoints the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code codePoints < 1}
     */
    public Builder maxResponseLength(int codePoints) {
      this.maxResponseLength = positive("maxResponseLength", codePoints);
      return this;
    }

    /**
     * Whether {@link Rating#DOWN} needs a non-blank comment: one holding more than white
     * space, no-break spaces included. Defaults to {@code true}.
     *
     * @param required whether a comment is required
     * @return this builder
     */
    public Builder requireCommentForDown(boolean required) {
      this.commentRequiredForDown = required;
      return this;
    }

    /**
     * Whether control characters other than line breaks and tab are rejected in comment,
     * correction, prompt, responses and tags. Defaults to {@code true}.
     *
     * @param reject whether to reject them
     * @return this builder
     */
    public Builder rejectControlCharacters(boolean reject) {
      this.rejectControlCharacters = reject;
      return this;
    }

    /**
     * Whether scores are checked (within the scale, on an allowed scale, whole if
     * required). Defaults to {@code true}.
     *
     * @param check whether to check scores
     * @return this builder
     */
    public Builder checkScores(boolean check) {
      this.checkScores = check;
      return this;
    }

    /**
     * The scales a score may use. Defaults to any scale; no argument restores that.
     * Repeats are ignored.
     *
     * @param scales the allowed scales
     * @return this builder
     * @throws NullPointerException if the array or a scale is null
     */
    public Builder allowedScales(Scale... scales) {
      this.allowedScales = Set.copyOf(Settings.elements("allowedScales", scales, Scale.class));
      return this;
    }

    /**
     * Whether scores must be whole numbers (no 4.5 stars). Defaults to {@code false}.
     *
     * @param whole whether to require whole numbers
     * @return this builder
     */
    public Builder wholeNumberScores(boolean whole) {
      this.wholeNumberScores = whole;
      return this;
    }

    /**
     * Most tags accepted. Defaults to {@value ValidationHook#DEFAULT_MAX_TAGS}; {@link
     * ValidationHook#UNLIMITED} switches the rule off. One tag of each kind of {@link
     * TriageHook}'s namespace ({@code category:...}, {@code urgency:...}, {@code actionable})
     * is not counted: the triage hook, which runs after validation, replaces them (an update
     * sends them back). Further tags of a kind count.
     *
     * @param maxTags the limit, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxTags(int maxTags) {
      this.maxTags = notNegative("maxTags", maxTags);
      return this;
    }

    /**
     * Longest tag accepted, in code points. Defaults to {@value
     * ValidationHook#DEFAULT_MAX_TAG_LENGTH}; {@link ValidationHook#UNLIMITED} switches the rule
     * off.
     *
     * @param codePoints the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code codePoints < 1}
     */
    public Builder maxTagLength(int codePoints) {
      this.maxTagLength = positive("maxTagLength", codePoints);
      return this;
    }

    /**
     * Most attributes accepted (counted before {@value ValidationHook#VALIDATED_AT} is added).
     * Defaults to {@value ValidationHook#DEFAULT_MAX_ATTRIBUTES}; {@link ValidationHook#UNLIMITED}
     * switches the rule off.
     *
     * @param maxAttributes the limit, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxAttributes(int maxAttributes) {
      this.maxAttributes = notNegative("maxAttributes", maxAttributes);
      return this;
    }

    /**
     * Largest attribute value accepted: the chars of its strings and map keys plus 8 for
     * every other scalar, recursively. Defaults to {@value
     * ValidationHook#DEFAULT_MAX_ATTRIBUTE_VALUE_SIZE}; {@link ValidationHook#UNLIMITED} switches
     * the rule off.
     *
     * @param size the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public Builder maxAttributeValueSize(int size) {
      this.maxAttributeValueSize = positive("maxAttributeValueSize", size);
      return this;
    }

    /**
     * Whether feedback that passes gets the {@value ValidationHook#VALIDATED_AT} attribute.
     * Defaults to {@code true}.
     *
     * @param stamp whether to stamp
     * @return this builder
     */
    public Builder stampValidatedAt(boolean stamp) {
      this.stampValidatedAt = stamp;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public ValidationHook build() {
      return new ValidationHook(this);
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }

    private static int notNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must not be negative, was " + value);
      }
      return value;
    }
  }
}
