package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackAction;
import io.github.agentfeedback.FeedbackHook;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.hooks.internal.ChainOrder;
import io.github.agentfeedback.hooks.internal.HtmlText;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns comments and corrections into plain text before they are stored: HTML tags are
 * stripped, {@code script} and {@code style} elements are removed with their content,
 * character references ({@code &lt;}, {@code &#60;}) are decoded <em>before</em> stripping
 * (so encoded markup is stripped too), the text is normalized to Unicode NFC and runs of
 * white space are collapsed (a run holding line breaks keeps one line break, or a blank
 * line for two or more).
 *
 * <p>No {@code <} followed by a letter, {@code /}, {@code !} or {@code ?} survives: the
 * {@code <} of an unterminated tag such as {@code "<img src=x"} gets a space after it
 * ({@code "< img src=x"}), so ordinary text such as {@code "a<b"} keeps its meaning. The
 * result is plain text, not HTML: applications must still escape it when rendering.
 *
 * <p>Sanitizing takes time linear in the length of the text, whatever it holds: unterminated
 * tags, comments, quotes and references cost no more than plain text.
 *
 * <p>Place it first (outermost), then {@link PiiRedactionHook}, then
 * {@link ValidationHook}, so that validation checks the text that will be stored: a
 * comment of markup only, such as {@code "<p></p>"} or {@code "&nbsp;"}, becomes empty
 * here, and validation then refuses it for {@link io.github.agentfeedback.Rating#DOWN}.
 * The documented order is SanitizingHook, PiiRedactionHook, ValidationHook, RateLimitHook,
 * SpamFilterHook, AuditHook, NotificationHook, AnalyticsHook. When this hook changes the
 * text of feedback that already carries {@value ValidationHook#VALIDATED_AT} — it runs
 * after validation — it logs a WARN naming that order, once per hook instance.
 *
 * <p>Acts on {@link FeedbackAction#ADD} only. Immutable (but for the warned-once flag) and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class SanitizingHook implements FeedbackHook {

  private static final Logger log = LoggerFactory.getLogger(SanitizingHook.class);

  private final boolean comments;
  private final boolean corrections;
  private final boolean collapseWhitespace;
  private final ChainOrder order =
      new ChainOrder(log, "SanitizingHook", ValidationHook.VALIDATED_AT);

  private SanitizingHook(Builder b) {
    this.comments = b.comments;
    this.corrections = b.corrections;
    this.collapseWhitespace = b.collapseWhitespace;
  }

  /**
   * A hook that sanitizes comments and corrections and collapses white space.
   *
   * @return the hook
   */
  public static SanitizingHook defaults() {
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
   * Sanitizes {@code text} as this hook sanitizes comments, in time linear in its length.
   *
   * @param text any text, possibly holding HTML
   * @return plain text
   * @throws NullPointerException if {@code text} is null
   */
  public String sanitize(String text) {
    return HtmlText.toPlainText(Objects.requireNonNull(text, "text"), collapseWhitespace);
  }

  /** Passes on a copy whose comment and correction are plain text. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    if (chain.action() != FeedbackAction.ADD) {
      return chain.proceed(in);
    }
    String comment = comments ? sanitize(in.comment()) : in.comment();
    String correction = corrections && in.correction() != null
        ? sanitize(in.correction()) : in.correction();
    if (comment.equals(in.comment()) && Objects.equals(correction, in.correction())) {
      return chain.proceed(in);
    }
    order.textChanged(chain.sessionId(), in);
    return chain.proceed(in.toBuilder().comment(comment).correction(correction).build());
  }

  /**
   * Configures a {@link SanitizingHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private boolean comments = true;
    private boolean corrections = true;
    private boolean collapseWhitespace = true;

    private Builder() {}

    /**
     * Whether comments are sanitized. Defaults to {@code true}.
     *
     * @param sanitize whether to sanitize comments
     * @return this builder
     */
    public Builder comments(boolean sanitize) {
      this.comments = sanitize;
      return this;
    }

    /**
     * Whether corrections are sanitized. Defaults to {@code true}.
     *
     * @param sanitize whether to sanitize corrections
     * @return this builder
     */
    public Builder corrections(boolean sanitize) {
      this.corrections = sanitize;
      return this;
    }

    /**
     * Whether runs of white space are collapsed. Defaults to {@code true}; switch it off
     * when corrections hold code whose indentation matters.
     *
     * @param collapse whether to collapse white space
     * @return this builder
     */
    public Builder collapseWhitespace(boolean collapse) {
      this.collapseWhitespace = collapse;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public SanitizingHook build() {
      return new SanitizingHook(this);
    }
  }
}
