package io.github.agentfeedback.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.escalation.Lease;
import io.github.agentfeedback.escalation.Leases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Leases} must have: one holder at a time, renewal by the holder,
 * takeover only after expiry, release by the holder only, and exactly one winner when several
 * owners on several instances (as replicas would open them) race for a free or expired lease.
 * A store's test class extends it and supplies fresh leases over one empty database per test.
 *
 * <p>Not thread-safe: JUnit makes one instance per test method.
 */
@NullUnmarked // a JUnit contract: its assertions check the values it reads
public abstract class LeasesContract {

  /** A fixed instant the leases are taken around. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.250Z");

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  /** The leases under test, fresh for each test. */
  protected Leases leases;

  /** Creates leases over a fresh, empty database, which {@link #replica()} shares. */
  protected abstract Leases newLeases();

  /**
   * Other leases over the same database as the last {@link #newLeases()}, as another replica
   * of the application would open them; the contract closes them.
   */
  protected abstract Leases replica();

  /** Opens {@link #leases}. */
  @BeforeEach
  public void openLeases() {
    leases = newLeases();
  }

  /** Closes {@link #leases}. */
  @AfterEach
  public void closeLeases() {
    leases.close();
  }

  @Test
  public void theFirstOwnerHoldsTheLeaseAndOthersAreRefused() {
    assertThat(leases.find("check")).isEmpty();
    assertThat(leases.tryAcquire("check", "a", TEN_SECONDS, T0)).isTrue();
    assertThat(leases.tryAcquire("check", "b", TEN_SECONDS, T0.plusSeconds(1))).isFalse();
    assertThat(leases.find("check")).contains(new Lease("check", "a", T0.plus(TEN_SECONDS)));
  }

  @Test
  public void theHolderRenewsAndTheLeaseIsTakenOverOnlyWhenItExpires() {
    assertThat(leases.tryAcquire("check", "a", TEN_SECONDS, T0)).isTrue();
    assertThat(leases.tryAcquire("check", "a", TEN_SECONDS, T0.plusSeconds(5))).isTrue();
    assertThat(leases.find("check").orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(15));
    // before the renewed expiry, b is refused; at the expiry itself the lease is free
    assertThat(leases.tryAcquire("check", "b", TEN_SECONDS, T0.plusMillis(14_999))).isFalse();
    assertThat(leases.tryAcquire("check", "b", TEN_SECONDS, T0.plusSeconds(15))).isTrue();
    assertThat(leases.tryAcquire("check", "a", TEN_SECONDS, T0.plusSeconds(16))).isFalse();
    assertThat(leases.find("check").orElseThrow().owner()).isEqualTo("b");
  }

  @Test
  public void aRenewalMayShortenTheLease() {
    assertThat(leases.tryAcquire("check", "a", Duration.ofMinutes(5), T0)).isTrue();
    assertThat(leases.tryAcquire("check", "a", Duration.ofSeconds(1), T0)).isTrue();
    assertThat(leases.find("check").orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(leases.tryAcquire("check", "b", TEN_SECONDS, T0.plusSeconds(1))).isTrue();
  }

  @Test
  public void onlyTheHolderReleasesAndAReleasedLeaseIsFreeAtOnce() {
    assertThat(leases.release("check", "a")).isFalse();
    assertThat(leases.tryAcquire("check", "a", TEN_SECONDS, T0)).isTrue();
    assertThat(leases.release("check", "b")).isFalse();
    assertThat(leases.find("check").orElseThrow().owner()).isEqualTo("a");
    assertThat(leases.release("check", "a")).isTrue();
    assertThat(leases.find("check")).isEmpty();
    assertThat(leases.tryAcquire("check", "b", TEN_SECONDS, T0)).isTrue();
  }

  @Test
  public void leasesOfOtherNamesAreIndependent() {
    assertThat(leases.tryAcquire("one", "a", TEN_SECONDS, T0)).isTrue();
    assertThat(leases.tryAcquire("two", "b", TEN_SECONDS, T0)).isTrue();
    assertThat(leases.release("one", "a")).isTrue();
    assertThat(leases.find("two").orElseThrow().owner()).isEqualTo("b");
  }

  @Test
  public void timesAreWholeMilliseconds() {
    assertThat(leases.tryAcquire("check", "a", Duration.ofMillis(1500), T0.plusNanos(999_999)))
        .isTrue();
    assertThat(leases.find("check").orElseThrow().expiresAt()).isEqualTo(T0.plusMillis(1500));
  }

  @Test
  public void badInputIsRefusedNamingTheField() {
    assertThatThrownBy(() -> leases.tryAcquire(" ", "a", TEN_SECONDS, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> leases.tryAcquire("check", "x".repeat(257), TEN_SECONDS, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner")
        .hasMessageContaining("256");
    assertThatThrownBy(() -> leases.tryAcquire("check", "a", Duration.ZERO, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
    assertThat(leases.find("check")).isEmpty();
  }

  @Test
  public void ownersRacingOnSeveralReplicasGetAFreeLeaseOnceAndAnExpiredOneOnce() throws Exception {
    int threads = 6;
    int rounds = 20;
    List<Leases> replicas = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      replicas.add(i == 0 ? leases : replica());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String name = "race-" + round;
        // every other round, the lease is held by an owner whose lease has expired
        if (round % 2 == 1) {
          assertThat(leases.tryAcquire(name, "gone", TEN_SECONDS, T0.minusSeconds(60))).isTrue();
        }
        List<String> winners = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Leases l = replicas.get(t % replicas.size());
          String owner = "owner-" + t;
          futures.add(
              pool.submit(
                  () -> {
                    start.await();
                    if (l.tryAcquire(name, owner, TEN_SECONDS, T0)) {
                      winners.add(owner);
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get();
        }
        assertThat(winners).as("round %d", round).hasSize(1);
        assertThat(leases.find(name).orElseThrow().owner()).isEqualTo(winners.get(0));
      }
    } finally {
      pool.shutdownNow();
      for (int i = 1; i < replicas.size(); i++) {
        replicas.get(i).close();
      }
    }
  }
}
