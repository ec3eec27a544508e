package io.github.agentfeedback.hooks.internal;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Feedback;
import org.jspecify.annotations.Nullable;

/**
 * The free-text fields of feedback that the text hooks (sanitizing, redaction) look at and
 * rewrite: comment, correction, prompt, response and the comparison candidates' responses.
 * Fields are chosen with a bit mask of the constants below. Stateless and thread-safe.
 *
 * <p>{@link #rewrite} returns the very same feedback when no text changed, and otherwise
 * one copy made with {@code toBuilder()}, which checks only the texts set again; a hook that
 * changes nothing allocates nothing here.
 */
// Identity comparisons say whether a rewriter returned the very text it was given.
@SuppressWarnings("ReferenceEquality")
public final class TextFields {

  /** The comment. */
  public static final int COMMENT = 1;

  /** The correction. */
  public static final int CORRECTION = 1 << 1;

  /** The prompt and the response, and the response of each comparison candidate. */
  public static final int PROMPT_AND_RESPONSE = 1 << 2;

  /** Rewrites one text; returns the same instance when it changes nothing. */
  @FunctionalInterface
  public interface Rewriter {
    /** The text rewritten, or {@code text} itself when nothing changes. */
    String rewrite(String text);
  }

  /** Tests one text. */
  @FunctionalInterface
  public interface Test {
    /** Whether the text passes. */
    boolean test(String text);
  }

  private TextFields() {}

  /** Whether every chosen text that is present passes {@code test}. */
  public static boolean all(Feedback f, int fields, Test test) {
    if ((fields & COMMENT) != 0 && !test.test(f.comment())) {
      return false;
    }
    if ((fields & CORRECTION) != 0 && f.correction() != null && !test.test(f.correction())) {
      return false;
    }
    if ((fields & PROMPT_AND_RESPONSE) != 0) {
      if ((f.prompt() != null && !test.test(f.prompt()))
          || (f.response() != null && !test.test(f.response()))) {
        return false;
      }
      Comparison c = f.comparison();
      if (c != null
          && ((c.a().response() != null && !test.test(c.a().response()))
              || (c.b().response() != null && !test.test(c.b().response())))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The feedback with each chosen text rewritten.
   *
   * @return {@code f} itself when no text changed, else one validated copy
   */
  public static Feedback rewrite(Feedback f, int fields, Rewriter rewriter) {
    boolean comments = (fields & COMMENT) != 0;
    boolean corrections = (fields & CORRECTION) != 0;
    boolean promptAndResponse = (fields & PROMPT_AND_RESPONSE) != 0;
    String comment = comments ? rewriter.rewrite(f.comment()) : f.comment();
    String correction = corrections ? rewriteOptional(f.correction(), rewriter) : f.correction();
    String prompt = promptAndResponse ? rewriteOptional(f.prompt(), rewriter) : f.prompt();
    String response = promptAndResponse ? rewriteOptional(f.response(), rewriter) : f.response();
    Comparison comparison = f.comparison();
    if (promptAndResponse && comparison != null) {
      Comparison.Candidate a = rewrite(comparison.a(), rewriter);
      Comparison.Candidate b = rewrite(comparison.b(), rewriter);
      if (a != comparison.a() || b != comparison.b()) {
        comparison = new Comparison(a, b, comparison.preference());
      }
    }
    if (comment == f.comment()
        && correction == f.correction()
        && prompt == f.prompt()
        && response == f.response()
        && comparison == f.comparison()) {
      return f;
    }
    Feedback.Builder copy = f.toBuilder();
    if (comment != f.comment()) {
      copy.comment(comment);
    }
    if (correction != f.correction()) {
      copy.correction(correction);
    }
    if (prompt != f.prompt()) {
      copy.prompt(prompt);
    }
    if (response != f.response()) {
      copy.response(response);
    }
    return copy.comparison(comparison).build();
  }

  private static @Nullable String rewriteOptional(@Nullable String text, Rewriter rewriter) {
    return text == null ? null : rewriter.rewrite(text);
  }

  private static Comparison.Candidate rewrite(Comparison.Candidate c, Rewriter rewriter) {
    String response = rewriteOptional(c.response(), rewriter);
    return response == c.response()
        ? c
        : new Comparison.Candidate(c.model(), c.responseId(), response);
  }
}
