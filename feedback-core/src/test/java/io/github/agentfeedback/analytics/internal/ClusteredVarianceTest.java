package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.agentfeedback.spi.Tally;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The session-clustered variance of a proportion, from the four session sums a store returns,
 * against the CR1 sandwich computed here from the sessions themselves in 40-digit decimals:
 * G/(G − 1) · Σ(y<sub>i</sub> − p̂·n<sub>i</sub>)² / N²; and the same for means of scores
 * (and their NPS and CSAT recodings) from the per-scale pair counts.
 */
class ClusteredVarianceTest {

  private static final MathContext MC = new MathContext(40);

  @Test
  void sessionSumsGiveTheSandwichOfTheSessions() {
    Random random = new Random(21);
    for (int trial = 0; trial < 500; trial++) {
      int sessions = 2 + random.nextInt(40);
      long[] up = new long[sessions];
      long[] votes = new long[sessions];
      Tally.Builder tally = Tally.builder();
      for (int i = 0; i < sessions; i++) {
        votes[i] = 1 + random.nextInt(trial % 2 == 0 ? 6 : 4000);
        up[i] = random.nextInt((int) votes[i] + 1);
        tally.sessionVotes(up[i], votes[i] - up[i]);
      }
      Tally t = tally.build();
      long y = 0;
      long n = 0;
      for (int i = 0; i < sessions; i++) {
        y += up[i];
        n += votes[i];
      }
      BigDecimal p = BigDecimal.valueOf(y).divide(BigDecimal.valueOf(n), MC);
      BigDecimal squares = BigDecimal.ZERO;
      for (int i = 0; i < sessions; i++) {
        BigDecimal residual =
            BigDecimal.valueOf(up[i]).subtract(p.multiply(BigDecimal.valueOf(votes[i]), MC));
        squares = squares.add(residual.multiply(residual, MC), MC);
      }
      double expected =
          squares
              .multiply(BigDecimal.valueOf(sessions))
              .divide(
                  BigDecimal.valueOf(sessions - 1L).multiply(BigDecimal.valueOf(n).pow(2), MC), MC)
              .doubleValue();
      assertThat(t.votingSessions()).isEqualTo(sessions);
      double actual =
          Inference.clusteredProportionVariance(
              y,
              n,
              t.votingSessions(),
              t.sessionVotesSquared(),
              t.sessionUpVotes(),
              t.sessionUpSquared());
      assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-14 + 1e-300));
    }
  }

  @Test
  void sessionsThatAllAgreeWithThePoolHaveNoVariance() {
    Tally t = Tally.builder().sessionVotes(3, 2).sessionVotes(6, 4).build();
    assertThat(
            Inference.clusteredProportionVariance(
                9, 15, 2, t.sessionVotesSquared(), t.sessionUpVotes(), t.sessionUpSquared()))
        .isZero();
    assertThat(Inference.clusteredProportionVariance(3, 5, 1, 25, 15, 9)).isNaN();
    // A session without up or down votes is no session of the sums.
    assertThat(Tally.builder().sessionVotes(0, 0).build().votingSessions()).isZero();
  }

  @Test
  void scorePairsGiveTheSandwichOfTheSessionsForEveryRecoding() {
    Random random = new Random(2121);
    List<DoubleUnaryOperator> recodings = List.of(v -> v, Figures::npsValue, v -> v >= 4 ? 1 : 0);
    for (int trial = 0; trial < 300; trial++) {
      int sessions = 2 + random.nextInt(30);
      List<double[]> scores = new ArrayList<>();
      Tally.Builder tally = Tally.builder();
      for (int i = 0; i < sessions; i++) {
        double[] session = new double[1 + random.nextInt(trial % 3 == 0 ? 3 : 12)];
        Map<Double, Long> counts = new TreeMap<>();
        for (int j = 0; j < session.length; j++) {
          // Whole scores 0..10, tenths, or any double of the range: none has a fixed point.
          session[j] =
              switch (trial % 3) {
                case 0 -> random.nextInt(11);
                case 1 -> random.nextInt(101) / 10.0;
                default -> random.nextDouble() * 10;
              };
          counts.merge(session[j], 1L, Long::sum);
          tally.score("s", session[j], 1);
        }
        tally.sessionScores("s", counts);
        scores.add(session);
      }
      Tally t = tally.build();
      assertThat(t.scoreSessions()).containsEntry("s", (long) sessions);
      for (DoubleUnaryOperator f : recodings) {
        double actual =
            Inference.clusteredMeanVariance(
                t.scores().get("s"), t.scorePairs().get("s"), sessions, f);
        double expected = sandwich(scores, f);
        assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-14 + 1e-300));
      }
    }
  }

  /** G/(G − 1) · Σ(S_i − m·n_i)² / N² over the sessions' values f(x), in 40 digits. */
  private static double sandwich(List<double[]> sessions, DoubleUnaryOperator f) {
    BigDecimal total = BigDecimal.ZERO;
    long n = 0;
    for (double[] s : sessions) {
      for (double x : s) {
        total = total.add(new BigDecimal(f.applyAsDouble(x)));
        n++;
      }
    }
    BigDecimal mean = total.divide(BigDecimal.valueOf(n), MC);
    BigDecimal squares = BigDecimal.ZERO;
    for (double[] s : sessions) {
      BigDecimal sum = BigDecimal.ZERO;
      for (double x : s) {
        sum = sum.add(new BigDecimal(f.applyAsDouble(x)));
      }
      BigDecimal residual = sum.subtract(mean.multiply(BigDecimal.valueOf(s.length), MC), MC);
      squares = squares.add(residual.multiply(residual, MC), MC);
    }
    int g = sessions.size();
    return squares
        .multiply(BigDecimal.valueOf(g))
        .divide(BigDecimal.valueOf(g - 1L).multiply(BigDecimal.valueOf(n).pow(2), MC), MC)
        .doubleValue();
  }

  @Test
  void clusteredWelchOfOneScorePerSessionIsWelchsTest() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      TreeMap<Double, Long> a = new TreeMap<>();
      TreeMap<Double, Long> b = new TreeMap<>();
      Tally.Builder ta = Tally.builder();
      Tally.Builder tb = Tally.builder();
      int na = 2 + random.nextInt(20);
      int nb = 2 + random.nextInt(20);
      for (int i = 0; i < na + nb; i++) {
        double x = random.nextInt(50) / 10.0;
        (i < na ? a : b).merge(x, 1L, Long::sum);
        (i < na ? ta : tb).sessionScores("s", Map.of(x, 1L));
      }
      Figures.Moments ma = Figures.moments(a);
      Figures.Moments mb = Figures.moments(b);
      double va = Inference.clusteredMeanVariance(a, ta.build().scorePairs().get("s"), na, v -> v);
      double vb = Inference.clusteredMeanVariance(b, tb.build().scorePairs().get("s"), nb, v -> v);
      double[] clustered = Inference.clusteredWelch(ma.mean(), va, na, mb.mean(), vb, nb);
      double[] welch = Inference.welch(na, ma.mean(), ma.variance(), nb, mb.mean(), mb.variance());
      if (welch == null) {
        assertThat(clustered).isNull();
        continue;
      }
      assertThat(clustered).isNotNull();
      for (int k = 0; k < 3; k++) {
        assertThat(clustered[k]).isCloseTo(welch[k], within(Math.abs(welch[k]) * 1e-12));
      }
    }
  }

  @Test
  void scorePairsCountEachUnorderedPairOnce() {
    Tally t =
        Tally.builder()
            .sessionScores("s", Map.of(1.0, 2L, 3.0, 1L))
            .sessionScores("s", Map.of(-0.0, 1L, 3.0, 2L))
            .sessionScores("s", Map.of())
            .scorePair("s", 3.0, 1.0, 5) // the same entry as (1, 3)
            .build();
    assertThat(t.scoreSessions()).isEqualTo(Map.of("s", 2L));
    assertThat(t.scorePairs().get("s"))
        .isEqualTo(
            Map.of(
                0.0, Map.of(0.0, 1L, 3.0, 2L),
                1.0, Map.of(1.0, 4L, 3.0, 2L + 5L),
                3.0, Map.of(3.0, 1L + 4L)));
    assertThat(Tally.builder().add(t).build()).isEqualTo(t);
  }
}
