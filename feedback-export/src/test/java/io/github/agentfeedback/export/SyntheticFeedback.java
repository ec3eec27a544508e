package io.github.agentfeedback.export;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Comparison.Preference;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.tck.RandomFeedback;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A large data set generated lazily: row {@code i} is {@link RandomFeedback}'s feedback
 * {@code i}, built from the seed and {@code i} alone when the stream reaches it, so no list
 * of rows is ever held. Rows cycle through {@link Kind}s, each knowing what SFT and DPO must
 * do with it, and carry random text (with non-ASCII and escaped characters) of about
 * seventy chars per field. Ten rows share a session, and rows are created a second apart:
 * session ids and creation times ascend, the order in which stores stream them.
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

  private SyntheticFeedback() {}

  /** The first {@code n} rows for the seed, generated as the stream is read. */
  static Stream<SessionFeedback> rows(long seed, int n) {
    // Every field from the shared generator, with a prompt, a response and a correction
    // each; what a kind decides is then set by row, and the rest cleared.
    RandomFeedback generator = RandomFeedback.builder().seed(seed).trainingText(true).build();
    return IntStream.range(0, n).mapToObj(i -> row(generator.get(i).feedback(), i));
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
    return ExportSummary.builder()
        .rowsRead(n)
        .rowsWritten(written)
        .skipped(skipped)
        .bytesWritten(bytesWritten)
        .build();
  }

  static Kind kind(int i) {
    return KINDS[i % KINDS.length];
  }

  private static SessionFeedback row(Feedback random, int i) {
    Feedback.Builder b =
        random.toBuilder()
            .createdAt(T0.plusSeconds(i))
            .rating(null)
            .correction(null)
            .review(null)
            .comparison(null)
            // A comparison row has no rating: a score makes it valid feedback.
            .score(random.score() != null ? random.score() : new Score(1 + i % 5, Scale.STARS_5));
    String correction = random.correction();
    switch (kind(i)) {
      case UP_WITH_RESPONSE -> b.rating(Rating.UP);
      case UP_WITH_CORRECTION -> b.rating(Rating.UP).correction(correction);
      case DOWN_WITH_CORRECTION -> b.rating(Rating.DOWN).correction(correction);
      case APPROVED_DOWN_WITH_CORRECTION ->
          b.rating(Rating.DOWN)
              .correction(correction)
              .review(new Review(ReviewStatus.APPROVED, "reviewer-1", T0.plusSeconds(i + 60)));
      case COMPARISON ->
          b.comparison(
              Comparison.of(
                  Candidate.of(ModelRef.of("model-a"), random.response()),
                  Candidate.of(ModelRef.of("model-b"), correction),
                  i % 20 < 10 ? Preference.A : Preference.B));
      case TIE ->
          b.comparison(
              Comparison.of(
                  Candidate.of(ModelRef.of("model-a"), random.response()),
                  Candidate.of(ModelRef.of("model-b"), correction),
                  Preference.TIE));
      case REJECTED_UP ->
          b.rating(Rating.UP).review(new Review(ReviewStatus.REJECTED, "reviewer-2", null));
      case DOWN_WITHOUT_CORRECTION -> b.rating(Rating.DOWN);
      case NEUTRAL -> b.rating(Rating.NEUTRAL);
      case UP_WITHOUT_PROMPT -> b.rating(Rating.UP).prompt(null);
    }
    return new SessionFeedback(String.format("s-%06d", i / 10), b.build());
  }
}
