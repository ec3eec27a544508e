package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.Text;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the polarity of each comment with a {@link SentimentLexicon} and stores it as the
 * attribute {@value #ATTRIBUTE}: a {@code Double} from -1 (negative) to 1 (positive),
 * rounded to three decimals, 0 when no sentiment word is found. Negations are handled
 * ("not helpful" is negative). Feedback with a blank comment gets no attribute, nor does
 * feedback the attribute would take beyond {@link FeedbackLimits#MAX_FEEDBACK_BYTES}, which
 * the store would refuse (it is passed on unchanged, as {@link TriageHook} passes on what
 * its tags would take there).
 *
 * <p>The score is a cheap, explainable signal for sorting and trend lines, not a model:
 * sarcasm and domain terms escape it. Place it after {@link SanitizingHook} so markup does
 * not count as words (in the documented order, after {@link SpamFilterHook}). Scoring takes
 * time linear in the length of the comment. Acts on {@link FeedbackAction#ADD} and
 * {@link FeedbackAction#UPDATE} alike, so replaced feedback is scored again. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class SentimentHook implements FeedbackHook {

  /** The attribute holding the polarity. */
  public static final String ATTRIBUTE = "sentiment";

  private static final Logger log = LoggerFactory.getLogger(SentimentHook.class);

  private final SentimentLexicon lexicon;

  private SentimentHook(Builder b) {
    this.lexicon = b.lexicon;
  }

  /**
   * A hook using the bundled lexicon.
   *
   * @return the hook
   */
  public static SentimentHook defaults() {
    return builder().build();
  }

  /**
   * A builder using the bundled lexicon.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The polarity this hook stores for a comment.
   *
   * @param comment the comment
   * @return from -1 to 1, rounded to three decimals
   */
  public double score(String comment) {
    return Math.round(lexicon.score(Objects.requireNonNull(comment, "comment")) * 1000) / 1000.0;
  }

  /** Passes on a copy carrying the comment's polarity. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    if (Text.isBlank(in.comment())) {
      return chain.proceed(in);
    }
    Feedback out = in.toBuilder().attribute(ATTRIBUTE, score(in.comment())).build();
    if (out.storedSize() > FeedbackLimits.MAX_FEEDBACK_BYTES) {
      log.debug(
          "Feedback {} in session {} left unscored: the score would take it beyond {} bytes",
          in.id(),
          chain.sessionId(),
          FeedbackLimits.MAX_FEEDBACK_BYTES);
      return chain.proceed(in);
    }
    return chain.proceed(out);
  }

  /**
   * Configures a {@link SentimentHook}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private SentimentLexicon lexicon = SentimentLexicon.defaults();

    private Builder() {}

    /**
     * The lexicon. Defaults to {@link SentimentLexicon#defaults()}.
     *
     * @param lexicon the lexicon
     * @return this builder
     */
    public Builder lexicon(SentimentLexicon lexicon) {
      this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public SentimentHook build() {
      return new SentimentHook(this);
    }
  }
}
