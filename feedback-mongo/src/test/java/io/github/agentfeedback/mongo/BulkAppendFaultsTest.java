package io.github.agentfeedback.mongo;

import static io.github.agentfeedback.mongo.BulkAppendTest.item;
import static io.github.agentfeedback.mongo.BulkAppendTest.outcomes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.AppendResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link MongoFeedbackStore#appendAll} under concurrent writers and a server that stops. */
class BulkAppendFaultsTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  @Test
  void twoThreadsAppendingOverlappingBatchesStoreEachIdOnceAndReportItCreatedOnce()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (MongoFeedbackStore store = TestStores.fresh(mongo).bulkWriteSize(50).build()) {
      for (int round = 0; round < 4; round++) {
        // A sends ids 0..299 in ascending order, B the even ones in descending order; ids
        // 2k and 2k+1 share a session. So both create the sessions at first, and then their
        // chunks meet in the middle, where A's update of a session holds ids B has just
        // stored and ids only A sends.
        List<SessionFeedback> a = new ArrayList<>();
        List<SessionFeedback> b = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
          a.add(item("s" + (n / 2) % 20, "r" + round + "-" + n));
        }
        for (int n = 298; n >= 0; n -= 2) {
          b.add(item("s" + (n / 2) % 20, "r" + round + "-" + n));
        }
        CountDownLatch start = new CountDownLatch(1);
        Callable<List<AppendResult>> appendA =
            () -> {
              start.await();
              return store.appendAll(a, UnknownSessionPolicy.CREATE);
            };
        Callable<List<AppendResult>> appendB =
            () -> {
              start.await();
              return store.appendAll(b, UnknownSessionPolicy.CREATE);
            };
        Future<List<AppendResult>> fa = pool.submit(appendA);
        Future<List<AppendResult>> fb = pool.submit(appendB);
        start.countDown();
        Map<String, Integer> created = new HashMap<>();
        for (List<AppendResult> results : List.of(fa.get(), fb.get())) {
          assertThat(results).allSatisfy(r -> assertThat(r.result()).isNotNull());
          for (AppendResult r : results) {
            created.merge(r.result().feedbackId(), r.result().created() ? 1 : 0, Integer::sum);
          }
        }
        assertThat(created).hasSize(300).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
      }
      List<String> stored = new ArrayList<>();
      try (Stream<SessionFeedback> all = store.stream(FeedbackQuery.all())) {
        all.forEach(sf -> stored.add(sf.feedback().id()));
      }
      assertThat(stored).hasSize(4 * 300).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aServerThatStopsMidBatchLeavesEachItemCreatedNotStoredOrMaybeStored() throws Exception {
    try (MongoTestServer server = MongoTestServer.startEmbedded();
        StallingProxy proxy = new StallingProxy(server.port())) {
      AtomicBoolean armed = new AtomicBoolean(true);
      CommandListener stallAfterTheFirstBulkWrite =
          new CommandListener() {
            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
              if (event.getCommandName().equals("update") && armed.compareAndSet(true, false)) {
                proxy.stall();
              }
            }
          };
      MongoFeedbackStore store =
          MongoFeedbackStore.builder()
              .client(server.newClient(proxy.connectionString(), stallAfterTheFirstBulkWrite))
              .database("chat")
              .operationTimeout(TIMEOUT)
              .bulkWriteSize(4)
              .build();
      List<SessionFeedback> batch = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        batch.add(item("s" + i % 3, "f" + i));
      }

      List<AppendResult> first =
          assertTimeoutPreemptively(
              HANG_GUARD, () -> store.appendAll(batch, UnknownSessionPolicy.CREATE));

      // Chunk 1 was confirmed; chunk 2 was sent and never answered; chunk 3 was not sent.
      assertThat(outcomes(first))
          .containsExactly(
              "CREATED",
              "CREATED",
              "CREATED",
              "CREATED",
              "MAYBE FeedbackStoreException",
              "MAYBE FeedbackStoreException",
              "MAYBE FeedbackStoreException",
              "MAYBE FeedbackStoreException",
              "FAILED FeedbackStoreException",
              "FAILED FeedbackStoreException",
              "FAILED FeedbackStoreException",
              "FAILED FeedbackStoreException");
      for (AppendResult r : first.subList(4, 12)) {
        FeedbackStoreException e = (FeedbackStoreException) r.failure();
        assertThat(e.retrySafe()).isTrue();
        assertThat(e.operation()).isEqualTo("appendAll");
        assertThat(e).hasMessageContaining("500 ms").hasMessageContaining("Re-sending it is safe");
      }
      assertThat(first.get(4).failure()).hasMessageContaining("could not tell whether");
      assertThat(first.get(8).failure()).hasMessageContaining("was not sent");

      // The server answers again, and delivers chunk 2's write only now. The client re-sends
      // what failed until nothing fails.
      proxy.resume();
      Map<String, Integer> created = new HashMap<>();
      Set<String> maybe = new HashSet<>();
      List<SessionFeedback> failed = tally(batch, first, created, maybe);
      while (!failed.isEmpty()) {
        List<SessionFeedback> resend = failed;
        List<AppendResult> again =
            assertTimeoutPreemptively(
                HANG_GUARD, () -> store.appendAll(resend, UnknownSessionPolicy.CREATE));
        failed = tally(resend, again, created, maybe);
      }

      for (int s = 0; s < 3; s++) {
        List<String> expected = new ArrayList<>();
        for (int i = s; i < 12; i += 3) {
          expected.add("f" + i);
        }
        // Every item once, in the order given: chunk 2's late write and its re-sending
        // stored one copy between them.
        assertThat(store.list("s" + s))
            .extracting(Feedback::id)
            .containsExactlyElementsOf(expected);
      }
      for (int i = 0; i < 12; i++) {
        String id = "f" + i;
        assertThat(created.getOrDefault(id, 0)).as(id).isLessThanOrEqualTo(1);
        if (created.getOrDefault(id, 0) == 0) {
          assertThat(maybe).as("%s is stored though no call created it", id).contains(id);
        }
      }
      for (int i = 0; i < 4; i++) {
        assertThat(created).containsEntry("f" + i, 1);
      }
    }
  }

  /** Counts the created and maybe-stored items; returns the items that failed. */
  private static List<SessionFeedback> tally(
      List<SessionFeedback> sent,
      List<AppendResult> results,
      Map<String, Integer> created,
      Set<String> maybe) {
    List<SessionFeedback> failed = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      AppendResult r = results.get(i);
      String id = sent.get(i).feedback().id();
      FeedbackResult result = r.result();
      if (result == null) {
        failed.add(sent.get(i));
        if (r.maybeStored()) {
          maybe.add(id);
        }
      } else if (result.created()) {
        created.merge(id, 1, Integer::sum);
      }
    }
    return failed;
  }
}
