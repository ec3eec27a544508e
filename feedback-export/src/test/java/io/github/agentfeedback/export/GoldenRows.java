package io.github.agentfeedback.export;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Comparison.Preference;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small fixed data set of the golden-file tests: one row per selection rule and skip
 * reason, each labelled with what SFT and DPO must do with it ({@code null} = written).
 */
final class GoldenRows {

  /** One row and its expected fate in each training format. */
  record Case(String name, SkipReason sft, SkipReason dpo, SessionFeedback row) {}

  static final Instant T0 = Instant.parse("2026-03-01T09:15:00Z");
  static final String PROMPT = "How do I reset my password?";
  static final String ANSWER = "Open Settings, then Security, then Reset password.";
  static final String BETTER = "Open Settings > Security > \"Reset password\"; a link is e-mailed.";

  /** Quotes, backslash, newlines, tab, lone C0 and C1 controls, DEL, U+2028, U+2029. */
  static final String HOSTILE =
      "She said \"no\" \\ then\nleft.\r\n\ttab \u0001 bell\u0007 "
          + "esc\u001b del\u007f nel\u0085 ls\u2028 ps\u2029 end";

  /** Accents, CJK, right-to-left, an emoji outside the BMP and a combining mark. */
  static final String UNICODE = "Réponse: 你好, مرحبا, 😀 and e\u0301";

  static final String SYSTEM = "You are a helpful support agent. Réponds en français si besoin.";

  private GoldenRows() {}

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    cases.add(
        new Case(
            "up with response",
            null,
            SkipReason.NOT_SELECTED,
            row("s-1", base("f-01", Rating.UP, 0).prompt(PROMPT).response(ANSWER))));
    cases.add(
        new Case(
            "up with correction and response: correction wins",
            null,
            SkipReason.NOT_SELECTED,
            row(
                "s-1",
                base("f-02", Rating.UP, 1).prompt(PROMPT).response(ANSWER).correction(BETTER))));
    cases.add(
        new Case(
            "approved down with correction: both formats, every field",
            null,
            null,
            row("s-1", everyField())));
    cases.add(
        new Case(
            "down with correction and unicode",
            SkipReason.NOT_SELECTED,
            null,
            row(
                "séance-ü",
                base("f-04", Rating.DOWN, 3)
                    .prompt("¿Cómo estás? 你好吗")
                    .response(UNICODE)
                    .correction("Bien, merci 🙂 — gracias"))));
    cases.add(
        new Case(
            "rejected up",
            SkipReason.REVIEW_REJECTED,
            SkipReason.REVIEW_REJECTED,
            row(
                "s-2",
                base("f-05", Rating.UP, 4)
                    .prompt(PROMPT)
                    .response(ANSWER)
                    .review(new Review(ReviewStatus.REJECTED, "rita", T0.plusSeconds(3600))))));
    cases.add(
        new Case(
            "rejected down with correction",
            SkipReason.REVIEW_REJECTED,
            SkipReason.REVIEW_REJECTED,
            row(
                "s-2",
                base("f-06", Rating.DOWN, 5)
                    .prompt(PROMPT)
                    .response(ANSWER)
                    .correction(BETTER)
                    .review(new Review(ReviewStatus.REJECTED, null, null)))));
    cases.add(
        new Case(
            "neutral",
            SkipReason.NOT_SELECTED,
            SkipReason.NOT_SELECTED,
            row("s-2", base("f-07", Rating.NEUTRAL, 6).prompt(PROMPT).response(ANSWER))));
    cases.add(
        new Case(
            "up without prompt",
            SkipReason.NO_PROMPT,
            SkipReason.NOT_SELECTED,
            row("s-2", base("f-08", Rating.UP, 7).response(ANSWER))));
    cases.add(
        new Case(
            "up with blank prompt",
            SkipReason.NO_PROMPT,
            SkipReason.NOT_SELECTED,
            row("s-2", base("f-09", Rating.UP, 8).prompt(" \n\t").response(ANSWER))));
    cases.add(
        new Case(
            "up without response or correction",
            SkipReason.NO_RESPONSE,
            SkipReason.NOT_SELECTED,
            row("s-3", base("f-10", Rating.UP, 9).prompt(PROMPT))));
    cases.add(
        new Case(
            "up with blank correction: response used",
            null,
            SkipReason.NOT_SELECTED,
            row(
                "s-3",
                base("f-11", Rating.UP, 10).prompt(PROMPT).response(ANSWER).correction("  "))));
    cases.add(
        new Case(
            "down without correction",
            SkipReason.NOT_SELECTED,
            SkipReason.NO_CORRECTION,
            row("s-3", base("f-12", Rating.DOWN, 11).prompt(PROMPT).response(ANSWER))));
    cases.add(
        new Case(
            "down with correction, no response",
            SkipReason.NOT_SELECTED,
            SkipReason.NO_RESPONSE,
            row("s-3", base("f-13", Rating.DOWN, 12).prompt(PROMPT).correction(BETTER))));
    cases.add(
        new Case(
            "down, correction same as response",
            SkipReason.NOT_SELECTED,
            SkipReason.SAME_TEXT,
            row(
                "s-3",
                base("f-14", Rating.DOWN, 13).prompt(PROMPT).response(ANSWER).correction(ANSWER))));
    cases.add(
        new Case(
            "down without prompt",
            SkipReason.NOT_SELECTED,
            SkipReason.NO_PROMPT,
            row("s-3", base("f-15", Rating.DOWN, 14).response(ANSWER).correction(BETTER))));
    cases.add(
        new Case(
            "judge prefers B",
            SkipReason.NOT_SELECTED,
            null,
            row(
                "s-4",
                base("f-16", Rating.NEUTRAL, 15)
                    .prompt(PROMPT)
                    .source(Source.LLM_JUDGE, "judge-v2")
                    .comparison(
                        Comparison.of(
                            Candidate.of(ModelRef.of("gpt-x", "2026-01"), ANSWER),
                            new Candidate(ModelRef.of("claude-y"), "msg-77", BETTER),
                            Preference.B)))));
    cases.add(
        new Case(
            "comparison wins over a down rating: prefers A",
            SkipReason.NOT_SELECTED,
            null,
            row(
                "s-4",
                base("f-17", Rating.DOWN, 16)
                    .prompt(PROMPT)
                    .response("ignored")
                    .correction("ignored too")
                    .comparison(
                        Comparison.of(
                            Candidate.of(ModelRef.of("m-a"), "Use the link on the sign-in page."),
                            Candidate.of(ModelRef.of("m-b"), "Call support."),
                            Preference.A)))));
    cases.add(
        new Case(
            "tie",
            SkipReason.NOT_SELECTED,
            SkipReason.TIE,
            row(
                "s-4",
                base("f-18", Rating.NEUTRAL, 17)
                    .prompt(PROMPT)
                    .comparison(
                        Comparison.of(
                            Candidate.of(ModelRef.of("m-a"), ANSWER),
                            Candidate.of(ModelRef.of("m-b"), BETTER),
                            Preference.TIE)))));
    cases.add(
        new Case(
            "candidate without text",
            SkipReason.NOT_SELECTED,
            SkipReason.NO_CANDIDATE_TEXT,
            row(
                "s-4",
                base("f-19", Rating.NEUTRAL, 18)
                    .prompt(PROMPT)
                    .comparison(
                        Comparison.of(
                            Candidate.of(ModelRef.of("m-a"), ANSWER),
                            new Candidate(null, "msg-9", null),
                            Preference.A)))));
    cases.add(
        new Case(
            "pending up with a hostile comment and prompt",
            null,
            SkipReason.NOT_SELECTED,
            row(
                "s-5",
                base("f-20", Rating.UP, 19)
                    .comment(HOSTILE)
                    .prompt(HOSTILE)
                    .response(UNICODE)
                    .review(Review.pending()))));
    cases.add(
        new Case(
            "read from another writer: no id, no time",
            null,
            SkipReason.NOT_SELECTED,
            row(
                "s-5",
                Feedback.builder()
                    .rating(Rating.UP)
                    .comment("from Python")
                    .prompt(PROMPT)
                    .response(ANSWER))));
    return cases;
  }

  /** A row with every field set, the instants with and without milliseconds. */
  private static Feedback.Builder everyField() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("country", "DE");
    nested.put("visits", 3);
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("validated_at", Instant.parse("2026-03-01T09:15:02.5Z"));
    attributes.put("sentiment", -0.25);
    attributes.put("flagged", false);
    attributes.put("big", 9_007_199_254_740_993L);
    attributes.put("labels", List.of("a", "b\"c"));
    attributes.put("geo", nested);
    return base("f-03", Rating.DOWN, 2)
        .comment("Wrong menu.")
        .userId("user-42")
        .messageId("msg-3")
        .score(2.5, Scale.STARS_5)
        .tags("billing", "ux")
        .dimension(Dimension.ACCURACY, 2)
        .dimension(Dimension.CLARITY, 4)
        .correction(BETTER)
        .attributes(attributes)
        .source(Source.REVIEWER, "rita")
        .traceId("4BF92F3577B34DA6A3CE929D0E0E4736")
        .spanId("00f067aa0ba902b7")
        .model(ModelRef.of("gpt-x", "2026-01"))
        .prompt(PROMPT)
        .response(ANSWER)
        .review(
            new Review(ReviewStatus.APPROVED, "rita", Instant.parse("2026-03-02T10:00:00.007Z")))
        .updatedAt(Instant.parse("2026-03-02T10:00:00Z"));
  }

  private static Feedback.Builder base(String id, Rating rating, int minute) {
    return Feedback.builder().id(id).rating(rating).createdAt(T0.plusSeconds(60L * minute));
  }

  private static SessionFeedback row(String sessionId, Feedback.Builder feedback) {
    return new SessionFeedback(sessionId, feedback.build());
  }
}
