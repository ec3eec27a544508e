package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.SkipReason;
import java.io.IOException;
import java.text.Normalizer;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * DPO preference pairs {@code {"prompt","chosen","rejected"}}: from a comparison preferring
 * A or B when the feedback holds one, else from a down rating with a correction.
 */
public final class DpoFormat implements RowFormat {

  @Override
  public @Nullable SkipReason write(SessionFeedback row, JsonGenerator out) throws IOException {
    Feedback f = row.feedback();
    if (RowFormat.rejected(f)) {
      return SkipReason.REVIEW_REJECTED;
    }
    Comparison comparison = f.comparison();
    if (comparison == null && f.rating() != Rating.DOWN) {
      return SkipReason.NOT_SELECTED;
    }
    if (!RowFormat.hasText(f.prompt())) {
      return SkipReason.NO_PROMPT;
    }
    @Nullable String chosen;
    @Nullable String rejected;
    if (comparison != null) {
      if (comparison.preference() == Comparison.Preference.TIE) {
        return SkipReason.TIE;
      }
      // not a tie: one candidate is preferred
      chosen = Objects.requireNonNull(comparison.preferred()).response();
      rejected = Objects.requireNonNull(comparison.other()).response();
      if (!RowFormat.hasText(chosen) || !RowFormat.hasText(rejected)) {
        return SkipReason.NO_CANDIDATE_TEXT;
      }
    } else {
      chosen = f.correction();
      rejected = f.response();
      if (!RowFormat.hasText(chosen)) {
        return SkipReason.NO_CORRECTION;
      }
      if (!RowFormat.hasText(rejected)) {
        return SkipReason.NO_RESPONSE;
      }
    }
    if (sameText(chosen, rejected)) {
      return SkipReason.SAME_TEXT;
    }
    out.writeStartObject();
    out.writeStringField("prompt", f.prompt());
    out.writeStringField("chosen", chosen);
    out.writeStringField("rejected", rejected);
    out.writeEndObject();
    return null;
  }

  /**
   * Whether two answers read the same: equal once white space around them is stripped and
   * both are in Unicode's composed form (NFC), so that an answer and its copy with a trailing
   * newline, or with {@code é} written as {@code e} and a combining accent, make no pair. White
   * space inside the text is kept: it may be what one answer does better (indentation).
   */
  private static boolean sameText(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return Objects.equals(a, b);
    }
    String x = a.strip();
    String y = b.strip();
    return x.equals(y)
        || Normalizer.normalize(x, Normalizer.Form.NFC)
            .equals(Normalizer.normalize(y, Normalizer.Form.NFC));
  }
}
