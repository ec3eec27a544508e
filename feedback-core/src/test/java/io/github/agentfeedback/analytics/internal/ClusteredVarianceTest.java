package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.agentfeedback.spi.Tally;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The session-clustered variance of a proportion, from the four session sums a store returns,
 * against the CR1 sandwich computed here from the sessions themselves in 40-digit decimals:
 * G/(G − 1) · Σ(y<sub>i</sub> − p̂·n<sub>i</sub>)² / N².
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
}
