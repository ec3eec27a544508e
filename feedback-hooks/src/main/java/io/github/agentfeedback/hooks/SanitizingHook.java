package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.HtmlText;
import io.github.agentfeedback.hooks.internal.TextFields;
import java.util.Objects;

/**
 * Turns the text that a person typed, the comment, into plain text before it is stored.
 * HTML tags are stripped, {@code script} and {@code style} elements are removed with their
 * content, character references ({@code &lt;}, {@code &#60;}) are decoded <em>before</em>
 * stripping (so encoded markup is stripped too), the text is normalized to Unicode NFC and
 * runs of white space are collapsed (a run holding line breaks keeps one line break, or a
 * blank line for two or more).
 *
 * <p>Model inputs and outputs are left exactly as given by default: the prompt, the
 * response, each comparison candidate's response and the correction (the answer the user
 * wanted) are training data, where {@code List<String>}, {@code "1. Click <Edit>"} and the
 * indentation of code are the content. An application that renders them as HTML and wants
 * them sanitized too opts in with {@link Builder#promptAndResponse(boolean)} and
 * {@link Builder#corrections(boolean)}. Tags are not touched either: they are labels,
 * usually picked from a list the application offers rather than typed, and analytics group
 * by them, so rewriting one would split or merge its group (and could leave it blank, which
 * the model refuses); {@link ValidationHook} bounds their number and length.
 *
 * <p>No {@code <} followed by a letter, {@code /}, {@code !} or {@code ?} survives: the
 * {@code <} of a tag that never ends, such as {@code "<img src=x"}, becomes a space
 * ({@code "a<b"} becomes {@code "a b"}), while {@code "5 < 6"} and {@code "<3"} stay. The
 * result is plain text, not HTML: applications must still escape it when rendering.
 *
 * <p>Sanitizing never makes a text longer, in chars, code points or UTF-8 bytes, so a text
 * within a size limit ({@link io.github.agentfeedback.FeedbackLimits}, or the
 * {@link ValidationHook}'s) stays within it; NFC is skipped for the rare text it would
 * lengthen.
 *
 * <p>Sanitizing takes time linear in the length of the text, whatever it holds: unterminated
 * tags, comments, quotes and references cost no more than plain text. Text that is plain
 * already is recognized in one pass, and feedback whose texts are all plain passes on
 * unchanged without anything being allocated.
 *
 * <p>Place it first (outermost), then {@link PiiRedactionHook}, then
 * {@link ValidationHook}, so that validation checks the text that will be stored: a
 * comment of markup only, such as {@code "<p></p>"} or {@code "&nbsp;"}, becomes empty
 * here, and validation then refuses it for {@link io.github.agentfeedback.Rating#DOWN}.
 * {@link ReadyHooks} puts it there.
 *
 * <p>Acts on {@link FeedbackAction#ADD} and {@link FeedbackAction#UPDATE} alike, so that
 * replaced feedback is stored as plain text too. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
@SuppressWarnings("EscapedEntity") // the javadoc shows character references as written
public final class SanitizingHook implements FeedbackHook {

  private final int fields;
  private final boolean collapseWhitespace;
  private final TextFields.Test plain;
  private final TextFields.Rewriter sanitizer;

  private SanitizingHook(Builder b) {
    this.fields =
        (b.comments ? TextFields.COMMENT : 0)
            | (b.corrections ? TextFields.CORRECTION : 0)
            | (b.promptAndResponse ? TextFields.PROMPT_AND_RESPONSE : 0);
    this.collapseWhitespace = b.collapseWhitespace;
    this.plain = text -> HtmlText.isPlainText(text, collapseWhitespace);
    this.sanitizer =
        text -> {
          String out = HtmlText.toPlainText(text, collapseWhitespace);
          return out.equals(text) ? text : out;
        };
  }

  /**
   * A hook that sanitizes comments, collapsing white space, and leaves every other text
   * (prompt, response, comparison responses, correction) exactly as given.
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

  /**
   * Passes on a copy whose texts are plain text, or the feedback itself when they are
   * already.
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    if (TextFields.all(in, fields, plain)) {
      return chain.proceed(in);
    }
    return chain.proceed(TextFields.rewrite(in, fields, sanitizer));
  }

  /**
   * Configures a {@link SanitizingHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private boolean comments = true;
    private boolean corrections;
    private boolean promptAndResponse;
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
     * Whether corrections are sanitized. Defaults to {@code false}: a correction is the
     * answer the user wanted, training data that is stored as given. Switch it on when
     * corrections are rendered as HTML and may hold markup a user typed.
     *
     * @param sanitize whether to sanitize corrections
     * @return this builder
     */
    public Builder corrections(boolean sanitize) {
      this.corrections = sanitize;
      return this;
    }

    /**
     * Whether the prompt, the response and the comparison candidates' responses are
     * sanitized. Defaults to {@code false}: they are the model's input and output, training
     * data that is stored as given, code and markup included. Switch it on only when they
     * are rendered as HTML and are not exported for training.
     *
     * @param sanitize whether to sanitize prompt and response texts
     * @return this builder
     */
    public Builder promptAndResponse(boolean sanitize) {
      this.promptAndResponse = sanitize;
      return this;
    }

    /**
     * Whether runs of white space are collapsed in the texts sanitized. Defaults to
     * {@code true}; switch it off when they hold code whose indentation matters.
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
