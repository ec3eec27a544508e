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
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A large data set generated lazily: row {@code i} is built from the seed and {@code i}
 * alone when the stream reaches it, so no list of rows is ever held. Rows cycle through
 * {@link Kind}s, each knowing what SFT and DPO must do with it, and carry random text
 * (with non-ASCII and escaped characters) of about seventy chars per field. Ten rows
 * share a session; session ids ascend, the order in which stores stream them.
 */
final class SyntheticFeedback {

  /** The shapes of row, with the fate each has in SFT and DPO ({@code null} = written). */
  enum Kind {
    UP_WITH_RESPONSE(null, SkipReason.NOT_SELECTED),
    UP_WITH_CORRECTION(null, SkipReason.NOT_SELECTED),
    DOWN_WITH_CORRECTION(SkipReason.NOT_SELECTED, null),
    APPROVED_DOWN_WITH_CORRECTION(null, null),
    COMPARISON(SkipReason.NOT_SELECTED, null),
    TIE(SkipReason.NOT_SELECTED, SkipReason.TIE),
    REJECTED_UP(SkipReason.REVIEW_REJECTED, SkipReason.REVIEW_REJECTED),
    DOWN_WITHOUT_CORRECTION(SkipReason.NOT_SELECTED, SkipReason.NO_CORRECTION),
    NEUTRAL(SkipReason.NOT_SELECTED, SkipReason.NOT_SELECTED),
    UP_WITHOUT_PROMPT(SkipReason.NO_PROMPT, SkipReason.NOT_SELECTED);

    final SkipReason sft;
    final SkipReason dpo;

    Kind(SkipReason sft, SkipReason dpo) {
      this.sft = sft;
      this.dpo = dpo;
    }
  }

  private static final Kind[] KINDS = Kind.values();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] WORDS = {
    "the", "answer", "was", "helpful", "but", "missed", "a", "step", "naïve", "café",
    "日本語", "😀", "\"quoted\"", "back\\slash", "new\nline", "tab\there", "Größe", "ok",
    "settings", "reset", "password", "order", "number", "refund", "—", "≠", "ünïcödé"
  };

  private SyntheticFeedback() {}

  /** The first {@code n} rows for the seed, generated as the stream is read. */
  static Stream<SessionFeedback> rows(long seed, int n) {
    return IntStream.range(0, n).mapToObj(i -> row(seed, i));
  }

  /** What an export of the first {@code n} rows must report, given each kind's fate. */
  static ExportSummary expected(int n, Function<Kind, SkipReason> fate, long bytesWritten) {
    Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
    long written = 0;
    for (int i = 0; i < n; i++) {
      SkipReason reason = fate.apply(kind(i));
      if (reason == null) {
        written++;
      } else {
        skipped.merge(reason, 1L, Long::sum);
      }
    }
    return ExportSummary.builder().rowsRead(n).rowsWritten(written).skipped(skipped)
        .bytesWritten(bytesWritten).build();
  }

  static Kind kind(int i) {
    return KINDS[i % KINDS.length];
  }

  static SessionFeedback row(long seed, int i) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
    Feedback.Builder b = Feedback.builder()
        .id("f-" + i)
        .createdAt(T0.plusSeconds(i))
        .userId("u-" + random.nextInt(1000))
        .messageId("m-" + i)
        .comment(text(random))
        .prompt(text(random))
        .response(text(random))
        .model(ModelRef.of("model-" + random.nextInt(3), "v1"))
        .tags("synthetic")
        .dimension(Dimension.ACCURACY, 1 + random.nextInt(5))
        .score(1 + random.nextInt(5), Scale.STARS_5)
        .attribute("sentiment", random.nextDouble() * 2 - 1);
    switch (kind(i)) {
      case UP_WITH_RESPONSE -> b.rating(Rating.UP);
      case UP_WITH_CORRECTION -> b.rating(Rating.UP).correction(text(random));
      case DOWN_WITH_CORRECTION -> b.rating(Rating.DOWN).correction(text(random));
      case APPROVED_DOWN_WITH_CORRECTION -> b.rating(Rating.DOWN).correction(text(random))
          .review(new Review(ReviewStatus.APPROVED, "reviewer-1", T0.plusSeconds(i + 60)));
      case COMPARISON -> b.comparison(Comparison.of(
          Candidate.of(ModelRef.of("model-a"), text(random)),
          Candidate.of(ModelRef.of("model-b"), text(random)),
          random.nextBoolean() ? Preference.A : Preference.B));
      case TIE -> b.comparison(Comparison.of(
          Candidate.of(ModelRef.of("model-a"), text(random)),
          Candidate.of(ModelRef.of("model-b"), text(random)), Preference.TIE));
      case REJECTED_UP -> b.rating(Rating.UP)
          .review(new Review(ReviewStatus.REJECTED, "reviewer-2", null));
      case DOWN_WITHOUT_CORRECTION -> b.rating(Rating.DOWN);
      case NEUTRAL -> b.rating(Rating.NEUTRAL);
      case UP_WITHOUT_PROMPT -> b.rating(Rating.UP).prompt(null);
    }
    return new SessionFeedback(String.format("s-%06d", i / 10), b.build());
  }

  /** Six to sixteen random words; two such texts are equal with a chance below 1e-9. */
  private static String text(SplittableRandom random) {
    int words = 6 + random.nextInt(11);
    StringBuilder sb = new StringBuilder(words * 8);
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        sb.append(' ');
      }
      sb.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }
}
