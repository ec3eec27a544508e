package io.github.agentfeedback.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Holm's and Benjamini–Hochberg's adjusted p-values against their definitions. */
class AdjustmentTest {

  @Test
  void adjustsAWorkedExample() {
    // Sorted: 0.005, 0.01, 0.03, 0.04. Holm: 0.02, 0.03, 0.06, max(0.04, 0.06).
    // BH: 0.02, 0.02, 0.04, 0.04, then running minima from the largest.
    double[] p = {0.01, 0.04, 0.03, 0.005};
    assertThat(Inference.holm(p))
        .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-15));
    assertThat(Inference.benjaminiHochberg(p))
        .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-15));
    // 2 * 0.7 is capped at 1, and 0.9 may not fall below it.
    assertThat(Inference.holm(new double[] {0.7, 0.9})).containsExactly(1.0, 1.0);
    assertThat(Inference.holm(new double[0])).isEmpty();
  }

  @Test
  void equalsTheDefinitionsOnRandomFamilies() {
    Random random = new Random(21);
    for (int round = 0; round < 2_000; round++) {
      double[] p = new double[1 + random.nextInt(8)];
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextInt(4) == 0 ? random.nextInt(3) / 10.0 : random.nextDouble();
      }
      double[] holm = Inference.holm(p);
      double[] bh = Inference.benjaminiHochberg(p);
      int m = p.length;
      for (int i = 0; i < m; i++) {
        // Holm: max over every p_j <= p_i (j ranked at or before i) of min(1, (m - rank_j) p_j),
        // ranks counted with ties broken by index.
        double h = 0;
        double b = 1;
        for (int j = 0; j < m; j++) {
          int rankJ = rank(p, j);
          if (rankJ <= rank(p, i)) {
            h = Math.max(h, Math.min(1, (m - rankJ) * p[j]));
          }
          if (rankJ >= rank(p, i)) {
            b = Math.min(b, Math.min(1, p[j] * m / (rankJ + 1)));
          }
        }
        assertThat(holm[i]).isCloseTo(h, within(1e-15));
        assertThat(bh[i]).isCloseTo(b, within(1e-15));
        assertThat(holm[i]).isGreaterThanOrEqualTo(p[i]);
        assertThat(bh[i]).isBetween(p[i] - 1e-15, holm[i] + 1e-15);
      }
    }
  }

  /** The 0-based rank of p[i] in ascending order, ties broken by index. */
  private static int rank(double[] p, int i) {
    int r = 0;
    for (int j = 0; j < p.length; j++) {
      if (p[j] < p[i] || (p[j] == p[i] && j < i)) {
        r++;
      }
    }
    return r;
  }
}
