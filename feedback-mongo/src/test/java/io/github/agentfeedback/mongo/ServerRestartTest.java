package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MongoDB server stops in the middle of a stream of writes, and comes back. */
class ServerRestartTest {

  private static final Duration TIMEOUT = Duration.ofMillis(1000);

  /** Slack for a loaded CI machine; the bound is the timeout, not a performance target. */
  private static final Duration MARGIN = Duration.ofMillis(1500);

  private static final int WRITERS = 3;

  @TempDir Path dir;

  /** One addFeedback call and how it ended. */
  private record Call(
      String sessionId, String feedbackId, boolean stored, Duration took, Throwable failure) {}

  @Test
  void everyWriteEitherSurvivesTheRestartOrFailsWithinTheTimeout() throws Exception {
    String file = dir.resolve("sessions.mv").toString();
    MongoTestServer first = MongoTestServer.startEmbedded(new H2Backend(file));
    int port = first.port();
    ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    MongoTestServer second = null;
    try (MongoFeedbackStore store =
            MongoFeedbackStore.builder()
                .connectionString(first.connectionString())
                .database("chat")
                .operationTimeout(TIMEOUT)
                .build();
        FeedbackManager manager = FeedbackManager.builder().store(store).build()) {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String session = "session-" + w;
        running.add(
            writers.submit(
                () -> {
                  for (int i = 0; writing.get(); i++) {
                    Feedback f =
                        Feedback.up("write " + i).toBuilder().id(session + "-" + i).build();
                    long start = System.nanoTime();
                    try {
                      boolean created = manager.addFeedback(session, f).created();
                      calls.add(new Call(session, f.id(), created, since(start), null));
                    } catch (RuntimeException e) {
                      failures.incrementAndGet();
                      calls.add(new Call(session, f.id(), false, since(start), e));
                    }
                  }
                }));
      }
      awaitCalls(calls, 60);
      first.stop();
      awaitFailures(failures, WRITERS);
      Thread.sleep(TIMEOUT.toMillis()); // down for a while: some calls run out of time
      second = MongoTestServer.startEmbedded(new H2Backend(file), port);
      int failed = failures.get();
      awaitCalls(calls, calls.size() + 60);
      writing.set(false);
      for (Future<?> f : running) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> f.get());
      }

      assertThat(failed).isGreaterThanOrEqualTo(WRITERS);
      Set<String> stored = new HashSet<>();
      for (int w = 0; w < WRITERS; w++) {
        manager.getFeedbacks("session-" + w).forEach(f -> stored.add(f.id()));
      }
      for (Call call : calls) {
        if (call.failure() == null) {
          assertThat(call.stored()).as(call.feedbackId()).isTrue();
          assertThat(stored)
              .as("acknowledged %s survives the restart", call.feedbackId())
              .contains(call.feedbackId());
        } else {
          assertThat(call.failure()).isInstanceOf(FeedbackStoreException.class);
          assertThat(((FeedbackStoreException) call.failure()).retrySafe()).isTrue();
          assertThat(call.took()).as(call.feedbackId()).isLessThan(TIMEOUT.plus(MARGIN));
        }
      }
      // After the restart the same manager and client work again, for every writer.
      List<Call> last = new ArrayList<>(calls).subList(calls.size() - 3 * WRITERS, calls.size());
      assertThat(last).allSatisfy(call -> assertThat(call.failure()).isNull());
    } finally {
      writing.set(false);
      writers.shutdownNow();
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void awaitCalls(ConcurrentLinkedQueue<Call> calls, int atLeast)
      throws InterruptedException {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (calls.size() < atLeast) {
            Thread.sleep(5);
          }
        });
  }

  private static void awaitFailures(AtomicInteger failures, int atLeast) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          while (failures.get() < atLeast) {
            Thread.sleep(5);
          }
        });
  }
}
