package io.github.agentfeedback.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.sun.net.httpserver.HttpServer;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.analytics.CohortComparison;
import io.github.agentfeedback.analytics.FeedbackAnalytics;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.AgentSession;
import io.github.agentfeedback.capture.BatchResult;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStatus;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.export.ExportSummary;
import io.github.agentfeedback.export.FeedbackExporter;
import io.github.agentfeedback.hooks.AnalyticsHook;
import io.github.agentfeedback.hooks.AnalyticsSnapshot;
import io.github.agentfeedback.hooks.EscalationHook;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.hooks.escalation.EscalationRouter;
import io.github.agentfeedback.hooks.escalation.LoopCloser;
import io.github.agentfeedback.hooks.escalation.LoopStats;
import io.github.agentfeedback.jdbc.JdbcEscalationStore;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.mongo.MongoEscalationStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.webhooks.WebhookNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A guided tour of agent-feedback: record feedback on agent sessions, retry safely, run
 * hooks, keep session metadata, read the statistics, ingest a burst, compare two variants,
 * turn a reviewed correction into training data, and act on feedback: an escalation raised by
 * the third DOWN in a session, routed to a local webhook, resolved, and the user told. It stores into PostgreSQL when
 * {@code JDBC_URL} is set (with {@code JDBC_USER} and {@code JDBC_PASSWORD} when the URL
 * does not carry them), else into MongoDB: the server named by {@code MONGODB_URI}, or else
 * an embedded in-process MongoDB wire server.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am package -DskipTests exec:java}.
 */
public final class Tour {

  private Tour() {}

  /**
   * Runs the tour and prints what happens.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    String jdbcUrl = System.getenv("JDBC_URL");
    String run = "tour_" + System.currentTimeMillis();
    if (jdbcUrl != null && !jdbcUrl.isBlank()) {
      DataSource postgres =
          postgres(jdbcUrl, System.getenv("JDBC_USER"), System.getenv("JDBC_PASSWORD"));
      try (JdbcFeedbackStore store = feedbackTables(postgres, run);
          JdbcEscalationStore escalations = escalationTable(postgres, run)) {
        System.out.println("PostgreSQL: JDBC_URL, " + store);
        run(store, escalations, System.out);
      }
      return;
    }
    try (MongoTestServer mongo = MongoTestServer.start();
        MongoClient client = MongoClients.create(mongo.connectionString());
        // A fresh database per run, so that a real server shows the same tour every time.
        FeedbackStore store =
            MongoFeedbackStore.builder().client(client).database("agent_feedback_" + run).build();
        EscalationStore escalations =
            MongoEscalationStore.builder()
                .client(client)
                .database("agent_feedback_" + run)
                .build()) {
      System.out.println("MongoDB: " + mongo.describe());
      run(store, escalations, System.out);
    }
  }

  /**
   * A PostgreSQL data source.
   *
   * @param url the JDBC URL, such as {@code jdbc:postgresql://localhost:5432/postgres}
   * @param user the user, or null when the URL names it
   * @param password the password, or null when the URL carries it or none is needed
   * @return the data source
   */
  public static DataSource postgres(String url, @Nullable String user, @Nullable String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    if (user != null) {
      dataSource.setUser(user);
    }
    if (password != null) {
      dataSource.setPassword(password);
    }
    return dataSource;
  }

  /**
   * A JDBC feedback store on tables of its own for this run (so that a server shows the same
   * tour every time), created here.
   *
   * @param dataSource the database
   * @param run the tables' prefix
   * @return the store
   */
  public static JdbcFeedbackStore feedbackTables(DataSource dataSource, String run) {
    JdbcFeedbackStore store =
        JdbcFeedbackStore.builder()
            .dataSource(dataSource)
            .sessionsTable(run + "_sessions")
            .feedbackTable(run + "_feedback")
            .build();
    store.createSchema();
    return store;
  }

  /**
   * A JDBC escalation store on a table of its own for this run, created here.
   *
   * @param dataSource the database
   * @param run the table's prefix
   * @return the store
   */
  public static JdbcEscalationStore escalationTable(DataSource dataSource, String run) {
    JdbcEscalationStore escalations =
        JdbcEscalationStore.builder().dataSource(dataSource).table(run + "_escalations").build();
    escalations.createSchema();
    return escalations;
  }

  /**
   * Runs the tour against a store.
   *
   * @param store where feedback goes
   * @param escalations where escalations go, shared by every replica
   * @param out where the tour prints
   */
  public static void run(FeedbackStore store, EscalationStore escalations, PrintStream out) {
    // Hooks run in order, the first outermost. A hook is one lambda away...
    FeedbackHook channel =
        chain -> chain.proceed(chain.feedback().toBuilder().attribute("channel", "web").build());
    // ...and feedback-hooks has the ones every team needs, composed in the documented order:
    // the hooks that change text come first, so that validation checks the text that will be
    // stored; yours go in at the stage where they belong.
    AnalyticsHook analytics = AnalyticsHook.defaults();

    FeedbackManager manager =
        FeedbackManager.builder()
            .store(store)
            .hooks(
                ReadyHooks.builder()
                    .sanitizing(SanitizingHook.defaults())
                    .piiRedaction(PiiRedactionHook.defaults())
                    .validation(ValidationHook.defaults())
                    .add(ReadyHooks.Stage.ENRICH, channel)
                    .analytics(analytics)
                    .build())
            .build();
    out.println("== agent-feedback tour on " + store);

    AgentSession session = manager.session("user-123");
    session.updateMetadata(Map.of("model", "gpt-x", "variant", "B"));

    FeedbackResult first = session.addFeedback(Feedback.up("Clear instructions"));
    out.println("1. stored " + first.feedback().rating() + " with id " + first.feedbackId());

    FeedbackResult down =
        session.addFeedback(
            Feedback.down("<b>Couldn't</b> find my order number, mail me at jane@example.com"));
    out.println("   cleaned on the way in: \"" + down.feedback().comment() + "\"");
    session.addFeedback(
        Feedback.builder()
            .rating(Rating.UP)
            .comment("Solved it")
            .score(5, Scale.STARS_5)
            .dimension(Dimension.ACCURACY, 5)
            .dimension(Dimension.CLARITY, 4)
            .tags("orders")
            .build());

    FeedbackResult retried = session.addFeedback(first.feedback());
    out.println(
        "2. retried the first call: created="
            + retried.created()
            + ", still "
            + session.getFeedbacks().size()
            + " feedbacks");

    manager.addFeedback("user-456", Feedback.neutral("saving for later"));

    try {
      session.updateMetadata(Map.of("$where", "sleep(1000)"));
    } catch (InvalidFeedbackException e) {
      out.println("3. rejected bad metadata: " + e.violations().get(0).message());
    }
    try {
      session.addFeedback(Feedback.down(""));
    } catch (InvalidFeedbackException e) {
      out.println("   rejected feedback: " + e.violations().get(0).message());
    }

    out.println("4. session user-123 holds:");
    for (Feedback f : session.getFeedbacks()) {
      out.println("   - " + f.rating() + " \"" + f.comment() + "\" " + f.attributes().keySet());
    }
    out.println("   metadata " + session.getMetadata());

    FeedbackAnalytics figures = manager.analytics();
    FeedbackSummary.Ratings all = figures.summary(FeedbackQuery.all()).ratings();
    out.printf(
        "5. all sessions: %d feedbacks, %d up, %d down, %d neutral, satisfaction %s%n",
        all.total(), all.up(), all.down(), all.neutral(), percent(all.satisfaction()));
    FeedbackSummary variantB =
        figures.summary(FeedbackQuery.builder().metadata("variant", "B").build());
    out.printf(
        "   variant B: satisfaction %s, dimension mean %.1f/5, scales %s%n",
        percent(variantB.ratings().satisfaction()),
        variantB.dimensions().dimensionMean(),
        variantB.scales().stream().map(FeedbackSummary.ScaleScores::scale).toList());
    AnalyticsSnapshot live = analytics.snapshot();
    out.printf(
        "6. live analytics hook: %d stored, satisfaction %s (the same figures)%n",
        live.ratings().total(), percent(live.ratings().satisfaction()));

    // A burst: every item passes the hooks on its own; the store gets them in one call.
    manager.session("user-789").updateMetadata(Map.of("variant", "A"));
    BatchResult batch =
        manager.addFeedbacks(
            List.of(
                new SessionFeedback("user-789", Feedback.down("Wrong refund amount")),
                new SessionFeedback("user-789", Feedback.down("Still the wrong amount")),
                new SessionFeedback("user-789", Feedback.up("Finally fixed")),
                new SessionFeedback("user-789", Feedback.down("")), // refused: no comment
                new SessionFeedback("user-123", first.feedback()))); // a retry of step 1
    out.println("7. batch of 5: " + batch.counts());

    // What the numbers say: variant B against variant A, with a significance test. Votes of
    // one session are not independent: the test clusters by session, and with one session
    // per variant it is withheld as too few.
    CohortComparison ab =
        manager
            .analytics()
            .compare(FeedbackQuery.all(), GroupKey.metadata("variant"), "A", "B", 0.05);
    CohortComparison.ProportionTest satisfaction = ab.satisfaction();
    out.printf(
        "8. satisfaction A %.1f%% vs B %.1f%%: %+.1f points, %s%n",
        satisfaction.a().percent(),
        satisfaction.b().percent(),
        satisfaction.difference(),
        satisfaction.withheld() != null
            ? "no test: " + satisfaction.withheld()
            : String.format(
                "p=%.2f, significant=%s", satisfaction.pValue(), satisfaction.significant()));

    // Learning from feedback: a judge's verdict with the answer it wanted, reviewed, then
    // exported as training data. Export never invents text it was not given.
    FeedbackResult judged =
        session.addFeedback(
            Feedback.builder()
                .rating(Rating.DOWN)
                .source(Source.LLM_JUDGE, "judge-model")
                .model(ModelRef.of("support-model", "2026-11"))
                .prompt("Where is my order number?")
                .response("I don't know.")
                .correction("It is in your confirmation e-mail, in the subject line.")
                .comment("Unhelpful")
                .build());
    manager.review(session.sessionId(), judged.feedbackId(), ReviewStatus.APPROVED, "ann");
    StringWriter dpo = new StringWriter();
    ExportSummary exported =
        FeedbackExporter.dpo()
            .export(
                manager, FeedbackQuery.builder().reviewStatus(ReviewStatus.APPROVED).build(), dpo);
    out.println("9. DPO export: " + exported.rowsWritten() + " row: " + dpo.toString().strip());

    escalate(store, escalations, out);
    out.println("== done");
  }

  /**
   * From feedback to action: the third DOWN of a session raises an escalation in the store
   * every replica shares, a router sends it to a webhook (a local one here), someone resolves
   * it, and the user whose feedback was acted on is told through the same webhook.
   */
  private static void escalate(FeedbackStore store, EscalationStore escalations, PrintStream out) {
    try (LocalWebhook receiver = LocalWebhook.start()) {
      WebhookNotifier webhook = WebhookNotifier.builder().uri(receiver.uri()).build();
      try (EscalationRouter router =
          EscalationRouter.builder().store(escalations).defaultRoute(webhook).build()) {
        // A second manager over the same stores, as another replica would be. Not closed:
        // closing a manager closes its store, which the tour's caller owns.
        FeedbackManager support =
            FeedbackManager.builder()
                .store(store)
                .hooks(
                    ReadyHooks.builder()
                        .escalation(
                            EscalationHook.builder()
                                .escalations(escalations)
                                .negativeRatings(3)
                                .listener(router::route)
                                .build())
                        .build())
                .build();
        AgentSession chat = support.session("user-321");
        for (Feedback feedback :
            List.of(
                Feedback.down("Wrong order number"),
                Feedback.up("The refund part was right"),
                Feedback.down("Still the wrong number"),
                Feedback.down("Giving up"))) {
          chat.addFeedback(feedback.toBuilder().userId("u-321").build());
        }
        Escalation open =
            escalations
                .list(EscalationQuery.builder().status(EscalationStatus.OPEN).build())
                .get(0);
        out.printf(
            "10. DOWN, UP, DOWN, DOWN in session user-321: escalation %s, %s, count %d%n",
            open.rule(), open.severity(), open.count());
        JsonNode routed = receiver.next().path("escalation");
        out.printf(
            "    the webhook received it: %s %s about %s%n",
            routed.path("severity").asText(),
            routed.path("type").asText(),
            routed.path("subject").asText());

        String id = Objects.requireNonNull(open.id(), "a stored escalation has an id");
        escalations.resolve(id, "ann", Instant.now(), "Order numbers are read from the e-mail now");
        try (LoopCloser closer =
            LoopCloser.builder()
                .escalations(escalations)
                .feedback(store)
                .notifier(webhook)
                .build()) {
          LoopStats loop = closer.drain();
          JsonNode told = receiver.next().path("resolved");
          out.printf(
              "11. resolved by ann; %d loop-closing event sent: user %s hears \"%s\"%n",
              loop.sent(), told.path("user_id").asText(), told.path("note").asText());
        }
      }
    }
  }

  /** A local HTTP endpoint that keeps the JSON bodies posted to it, standing for a webhook. */
  private static final class LocalWebhook implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

    private LocalWebhook(HttpServer server) {
      this.server = server;
    }

    static LocalWebhook start() {
      try {
        HttpServer server =
            HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalWebhook hook = new LocalWebhook(server);
        server.createContext(
            "/hook",
            exchange -> {
              try (InputStream body = exchange.getRequestBody()) {
                hook.bodies.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
              }
              exchange.sendResponseHeaders(204, -1);
              exchange.close();
            });
        server.start();
        return hook;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    URI uri() {
      return URI.create(
          "http://"
              + server.getAddress().getHostString()
              + ":"
              + server.getAddress().getPort()
              + "/hook");
    }

    /** The next body posted, waiting up to 10 seconds for it. */
    JsonNode next() {
      try {
        String body = bodies.poll(10, TimeUnit.SECONDS);
        if (body == null) {
          throw new IllegalStateException("the webhook received nothing within 10 seconds");
        }
        return JSON.readTree(body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the webhook", e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** A percentage with one decimal, or "no data" for a figure without data. */
  private static String percent(@Nullable Double value) {
    return value == null ? "no data" : String.format(Locale.ROOT, "%.1f%%", value);
  }
}
