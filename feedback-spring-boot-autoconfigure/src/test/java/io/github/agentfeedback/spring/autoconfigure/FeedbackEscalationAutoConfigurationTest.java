package io.github.agentfeedback.spring.autoconfigure;

import static io.github.agentfeedback.spring.autoconfigure.SqliteDatabases.sqlite;
import static io.github.agentfeedback.spring.autoconfigure.SqliteDatabases.tables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.sun.net.httpserver.HttpServer;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.escalation.WindowCheck;
import io.github.agentfeedback.escalation.WindowRule;
import io.github.agentfeedback.hooks.EscalationHook;
import io.github.agentfeedback.hooks.EscalationListener;
import io.github.agentfeedback.hooks.EscalationRule;
import io.github.agentfeedback.hooks.escalation.EscalationRoute;
import io.github.agentfeedback.hooks.escalation.EscalationRouter;
import io.github.agentfeedback.hooks.escalation.LoopCloser;
import io.github.agentfeedback.hooks.escalation.LoopStats;
import io.github.agentfeedback.hooks.notify.Notification;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.jdbc.JdbcEscalationStore;
import io.github.agentfeedback.jdbc.JdbcLeases;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.memory.InMemoryLeases;
import io.github.agentfeedback.mongo.MongoEscalationStore;
import io.github.agentfeedback.mongo.MongoFeedbackStores;
import io.github.agentfeedback.mongo.MongoLeases;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.spi.FeedbackStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Escalations configured from properties beside each feedback store (in memory, SQLite,
 * MongoDB): the third DOWN of a session raises one escalation into the store beside the
 * feedback, routed to the route and notifier beans, resolved and told to the user by the
 * loop closer; the application's rules, listeners and window rules are used; its own beans
 * win; bad values fail the start naming the property.
 */
class FeedbackEscalationAutoConfigurationTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  @TempDir Path dir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FeedbackAutoConfiguration.class, FeedbackEscalationAutoConfiguration.class));

  private final ApplicationContextRunner enabled =
      runner.withPropertyValues("agent-feedback.escalation.enabled=true");

  @Test
  void nothingUnlessEnabled() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(FeedbackManager.class);
          assertThat(context).doesNotHaveBean(EscalationStore.class);
          assertThat(context).doesNotHaveBean(EscalationHook.class);
        });
  }

  @Test
  void inMemoryTheThirdDownOfASessionRaisesOneEscalation() {
    enabled.run(
        context -> {
          assertThat(context).hasSingleBean(InMemoryEscalationStore.class);
          assertThat(context).hasSingleBean(EscalationHook.class);
          // nowhere to send, no window rule, no loop closing asked for
          assertThat(context).doesNotHaveBean(EscalationRouter.class);
          assertThat(context).doesNotHaveBean(WindowCheck.class);
          assertThat(context).doesNotHaveBean(LoopCloser.class);
          assertThat(context).doesNotHaveBean(Leases.class);
          threeDowns(context, "s1");
          assertThat(escalations(context))
              .singleElement()
              .satisfies(
                  e -> {
                    assertThat(e.rule()).isEqualTo("session_negatives:3");
                    assertThat(e.subject()).isEqualTo("session:s1");
                  });
        });
  }

  @Test
  void theRulesOfThePropertiesAndTheApplicationsRulesAndListeners() {
    List<String> heard = new ArrayList<>();
    EscalationRule everyDown =
        write ->
            write.feedback().rating() == io.github.agentfeedback.Rating.DOWN
                ? Optional.of(
                    Escalation.builder()
                        .type("any_down")
                        .rule("any_down")
                        .subject("session:" + write.sessionId())
                        .raisedAt(write.at())
                        .build())
                : Optional.empty();
    enabled
        .withPropertyValues(
            "agent-feedback.escalation.negative-ratings=0",
            "agent-feedback.escalation.down-streak=2")
        .withBean(EscalationRule.class, () -> everyDown)
        .withBean(
            EscalationListener.class,
            () -> raised -> heard.add(raised.escalation().rule() + " " + raised.created()))
        .run(
            context -> {
              threeDowns(context, "s1");
              assertThat(escalations(context))
                  .extracting(e -> e.rule() + " x" + e.count())
                  .containsExactlyInAnyOrder("any_down x3", "down_streak:2 x2");
              assertThat(heard)
                  .containsExactly(
                      "any_down true",
                      "down_streak:2 true",
                      "any_down false",
                      "down_streak:2 false",
                      "any_down false");
            });
  }

  @Test
  void onSqliteTheEscalationsAreKeptInTheApplicationsDatabase() {
    Path file = dir.resolve("app.db");
    ApplicationContextRunner onSqlite =
        enabled
            .withBean(DataSource.class, () -> sqlite(file))
            .withBean(WindowRule.class, () -> rule("probe", new CountDownLatch(1)))
            .withPropertyValues("agent-feedback.escalation.window-check.period=1h");
    onSqlite.run(
        context -> {
          assertThat(context).hasSingleBean(JdbcEscalationStore.class);
          assertThat(context).hasSingleBean(JdbcLeases.class);
          threeDowns(context, "s1");
        });
    onSqlite.run(context -> assertThat(escalations(context)).hasSize(1));
    assertThat(tables(sqlite(file))).contains("feedback_escalations", "feedback_leases");
  }

  @Test
  void onSqliteTheTablesAreLeftToTheApplicationWhenAsked() {
    Path file = dir.resolve("managed.db");
    enabled
        .withBean(DataSource.class, () -> sqlite(file))
        .withPropertyValues("agent-feedback.store.jdbc.initialize-schema=false")
        .run(context -> assertThat(context).hasSingleBean(JdbcEscalationStore.class));
    assertThat(tables(sqlite(file))).doesNotContain("feedback_escalations");
  }

  @Test
  void onMongoTheEscalationsShareTheApplicationsClient() {
    String database = mongo.newDatabaseName();
    enabled
        .withBean(MongoClient.class, mongo::client, d -> d.setDestroyMethodName(""))
        .withBean(WindowRule.class, () -> rule("probe", new CountDownLatch(1)))
        .withPropertyValues(
            "agent-feedback.store.mongodb.database=" + database,
            "agent-feedback.escalation.mongodb.collection=raised",
            "agent-feedback.escalation.window-check.period=1h")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MongoEscalationStore.class);
              assertThat(context).hasSingleBean(MongoLeases.class);
              threeDowns(context, "s1");
            });
    assertThat(mongo.client().getDatabase(database).getCollection("raised").countDocuments())
        .isEqualTo(1);
  }

  @Test
  void onMongoAtAUriOneClientServesFeedbackAndEscalations() {
    String database = mongo.newDatabaseName();
    MongoClient[] shared = new MongoClient[1];
    enabled
        .withPropertyValues(
            "agent-feedback.store.mongodb.uri=" + mongo.connectionString(),
            "agent-feedback.store.mongodb.database=" + database)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MongoEscalationStore.class);
              shared[0] = context.getBean(MongoFeedbackStores.class).client();
              threeDowns(context, "s1");
            });
    assertThat(mongo.client().getDatabase(database).getCollection("escalations").countDocuments())
        .isEqualTo(1);
    // made from the URI, so closed with the context
    assertThatThrownBy(() -> shared[0].listDatabaseNames().first())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void escalationsGoToTheirRouteElseToTheNotifiers() throws InterruptedException {
    Recording pager = new Recording();
    Recording notifier = new Recording();
    enabled
        .withBean(Notifier.class, () -> notifier)
        .withBean(EscalationRoute.class, () -> EscalationRoute.atLeast(Severity.CRITICAL, pager))
        .withPropertyValues("agent-feedback.escalation.routing.min-interval=0s")
        .run(
            context -> {
              assertThat(context).hasSingleBean(EscalationRouter.class);
              threeDowns(context, "s1"); // HIGH: not the pager's
            });
    // the context is closed: the router has delivered what it held
    assertThat(notifier.escalations()).containsExactly("session_negatives:3");
    assertThat(pager.escalations()).isEmpty();
  }

  @Test
  void withoutRouteOrNotifierThereIsNoRouterAndToNotifiersCanBeTurnedOff() {
    enabled
        .withBean(Notifier.class, Recording::new)
        .withPropertyValues("agent-feedback.escalation.routing.to-notifiers=false")
        .run(context -> assertThat(context).doesNotHaveBean(EscalationRouter.class));
  }

  @Test
  void theLoopCloserTellsTheApplicationsWebhookWhichUserToTell() throws IOException {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/resolved",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          } finally {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          }
        });
    receiver.start();
    Recording onCall = new Recording();
    try {
      enabled
          .withBean(Notifier.class, () -> onCall)
          .withPropertyValues(
              "agent-feedback.escalation.loop-closing.enabled=true",
              "agent-feedback.escalation.loop-closing.drain-every=1h",
              "agent-feedback.escalation.loop-closing.webhook.url=http://127.0.0.1:"
                  + receiver.getAddress().getPort()
                  + "/resolved")
          .run(
              context -> {
                threeDowns(context, "s1");
                String id = escalations(context).get(0).id();
                context
                    .getBean(EscalationStore.class)
                    .resolve(id, "ann", Instant.now(), "order lookup fixed");
                LoopStats stats = context.getBean(LoopCloser.class).drain();
                assertThat(stats.sent()).isEqualTo(1);
                assertThat(received)
                    .singleElement()
                    .satisfies(
                        body ->
                            assertThat(body)
                                .contains("\"type\":\"resolved\"")
                                .contains("\"user_id\":\"u1\"")
                                .contains("order lookup fixed"));
              });
    } finally {
      receiver.stop(0);
    }
    // the people on call got the escalation, not the user's event
    assertThat(onCall.got).noneMatch(n -> n.resolved() != null);
  }

  @Test
  void loopClosingWithoutItsWebhookFailsTheStart() {
    enabled
        .withBean(Notifier.class, Recording::new)
        .withPropertyValues("agent-feedback.escalation.loop-closing.enabled=true")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining(
                        "agent-feedback.escalation.loop-closing.webhook.url is not set"));
  }

  @Test
  void besideTheApplicationsOwnFeedbackStoreTheEscalationsAreInMemory() {
    InMemoryFeedbackStore memory = new InMemoryFeedbackStore();
    FeedbackStore own =
        (FeedbackStore)
            Proxy.newProxyInstance(
                FeedbackStore.class.getClassLoader(),
                new Class<?>[] {FeedbackStore.class},
                (proxy, method, args) -> {
                  try {
                    return method.invoke(memory, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    enabled
        .withBean(FeedbackStore.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasSingleBean(InMemoryEscalationStore.class);
              threeDowns(context, "s1");
              assertThat(escalations(context)).hasSize(1);
            });
  }

  @Test
  void theWindowCheckRunsTheApplicationsRulesAndReleasesItsLeaseOnClose()
      throws InterruptedException {
    CountDownLatch ran = new CountDownLatch(1);
    Leases[] leases = new Leases[1];
    enabled
        .withBean(WindowRule.class, () -> rule("probe", ran))
        .withPropertyValues(
            "agent-feedback.escalation.window-check.period=1h",
            "agent-feedback.escalation.window-check.lease-name=checks")
        .run(
            context -> {
              assertThat(context).hasSingleBean(InMemoryLeases.class);
              assertThat(ran.await(30, TimeUnit.SECONDS)).as("a run at start").isTrue();
              leases[0] = context.getBean(Leases.class);
              assertThat(leases[0].find("checks")).isPresent();
            });
    assertThat(leases[0].find("checks")).isEmpty();
  }

  @Test
  void theApplicationsOwnPartsWin() {
    InMemoryEscalationStore own = new InMemoryEscalationStore();
    enabled
        .withBean(EscalationStore.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBean(EscalationStore.class)).isSameAs(own);
              threeDowns(context, "s1");
              assertThat(own.list(EscalationQuery.all())).hasSize(1);
            });
    EscalationHook hook = EscalationHook.builder().escalations(own).negativeRatings(1).build();
    enabled
        .withBean(EscalationHook.class, () -> hook)
        .run(
            context -> {
              assertThat(context.getBean(EscalationHook.class)).isSameAs(hook);
              context.getBean(FeedbackManager.class).addFeedback("s2", Feedback.down("no"));
              assertThat(own.list(EscalationQuery.all())).hasSize(2);
            });
  }

  @Test
  void badValuesFailTheStartNamingTheProperty() {
    String p = "agent-feedback.escalation.";
    for (String[] bad :
        List.of(
            new String[] {"negative-ratings=-1", p + "negative-ratings: "},
            new String[] {"down-streak=-2", p + "down-streak: "},
            new String[] {
              "negative-ratings=0",
              "negative-ratings-window=10m",
              p + "negative-ratings-window is set but negative-ratings is 0"
            },
            new String[] {"routing.min-interval=-1s", p + "routing.min-interval: "},
            new String[] {
              "routing.quiet-hours-start=22:00",
              p + "routing: set both quiet-hours-start and quiet-hours-end"
            },
            new String[] {
              "loop-closing.enabled=true",
              "loop-closing.webhook.url=http://127.0.0.1:9/resolved",
              "loop-closing.drain-every=0s",
              p + "loop-closing.drain-every: "
            },
            new String[] {"window-check.period=0s", p + "window-check.period: "})) {
      List<String> properties = new ArrayList<>();
      for (int i = 0; i < bad.length - 1; i++) {
        properties.add(p + bad[i]);
      }
      enabled
          .withBean(Notifier.class, Recording::new)
          .withBean(WindowRule.class, () -> rule("probe", new CountDownLatch(1)))
          .withPropertyValues(properties.toArray(new String[0]))
          .run(
              context ->
                  assertThat(context)
                      .as(properties.toString())
                      .getFailure()
                      .hasStackTraceContaining(bad[bad.length - 1]));
    }
  }

  @Test
  void triageTagsNegativeFeedbackWhenSwitchedOn() {
    runner
        .withPropertyValues("agent-feedback.hooks.triage.enabled=true")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(FeedbackManager.class)
                            .addFeedback("s1", Feedback.down("the answer was wrong"))
                            .feedback()
                            .tags())
                    .anyMatch(tag -> tag.startsWith("category:"))
                    .anyMatch(tag -> tag.startsWith("urgency:")));
  }

  @Test
  void theNewPropertiesAreInTheConfigurationMetadata() throws Exception {
    String metadata = ConfigurationMetadata.text();
    for (String property :
        List.of(
            "agent-feedback.escalation.enabled",
            "agent-feedback.escalation.negative-ratings",
            "agent-feedback.escalation.jdbc.table",
            "agent-feedback.escalation.mongodb.collection",
            "agent-feedback.escalation.routing.quiet-hours-start",
            "agent-feedback.escalation.window-check.period",
            "agent-feedback.escalation.loop-closing.drain-every",
            "agent-feedback.hooks.triage.enabled")) {
      assertThat(metadata).contains("\"name\": \"" + property + "\"");
    }
  }

  /** Three DOWN ratings from user u1 in a session, through the manager. */
  private static void threeDowns(AssertableApplicationContext context, String sessionId) {
    FeedbackManager manager = context.getBean(FeedbackManager.class);
    for (String comment : List.of("wrong order number", "still wrong", "no")) {
      manager.addFeedback(sessionId, Feedback.down(comment).toBuilder().userId("u1").build());
    }
  }

  private static List<Escalation> escalations(AssertableApplicationContext context) {
    return context.getBean(EscalationStore.class).list(EscalationQuery.all());
  }

  /** A window rule that raises nothing and counts its runs down. */
  private static WindowRule rule(String name, CountDownLatch ran) {
    return new WindowRule() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Escalation> evaluate(io.github.agentfeedback.escalation.WindowContext c) {
        ran.countDown();
        return List.of();
      }
    };
  }

  /** A notifier that keeps what it is given. */
  private static final class Recording implements Notifier {
    final BlockingQueue<Notification> got = new LinkedBlockingQueue<>();

    @Override
    public void deliver(Notification notification) {
      got.add(notification);
    }

    List<String> escalations() {
      return got.stream()
          .filter(n -> n.escalation() != null && n.resolved() == null)
          .map(n -> n.escalation().rule())
          .toList();
    }
  }
}
