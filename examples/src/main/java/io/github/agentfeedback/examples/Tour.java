package io.github.agentfeedback.examples;

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
import io.github.agentfeedback.export.ExportSummary;
import io.github.agentfeedback.export.FeedbackExporter;
import io.github.agentfeedback.hooks.AnalyticsHook;
import io.github.agentfeedback.hooks.AnalyticsSnapshot;
import io.github.agentfeedback.hooks.PiiRedactionHook;
import io.github.agentfeedback.hooks.ReadyHooks;
import io.github.agentfeedback.hooks.SanitizingHook;
import io.github.agentfeedback.hooks.ValidationHook;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.FeedbackStore;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A guided tour of agent-feedback: record feedback on agent sessions, retry safely, run
 * hooks, keep session metadata, read the statistics, ingest a burst, compare two variants,
 * and turn a reviewed correction into training data. It stores into PostgreSQL when
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
    if (jdbcUrl != null && !jdbcUrl.isBlank()) {
      try (FeedbackStore store =
          postgres(jdbcUrl, System.getenv("JDBC_USER"), System.getenv("JDBC_PASSWORD"))) {
        System.out.println("PostgreSQL: JDBC_URL, " + store);
        run(store, System.out);
      }
      return;
    }
    try (MongoTestServer mongo = MongoTestServer.start();
        FeedbackStore store =
            MongoFeedbackStore.builder()
                .connectionString(mongo.connectionString())
                // A fresh database per run, so that a real server shows the same tour every time.
                .database("agent_feedback_tour_" + System.currentTimeMillis())
                .build()) {
      System.out.println("MongoDB: " + mongo.describe());
      run(store, System.out);
    }
  }

  /**
   * A JDBC store on a PostgreSQL server, on tables of its own for this run (so that a server
   * shows the same tour every time), created here.
   *
   * @param url the JDBC URL, such as {@code jdbc:postgresql://localhost:5432/postgres}
   * @param user the user, or null when the URL names it
   * @param password the password, or null when the URL carries it or none is needed
   * @return the store
   */
  public static JdbcFeedbackStore postgres(
      String url, @Nullable String user, @Nullable String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url);
    if (user != null) {
      dataSource.setUser(user);
    }
    if (password != null) {
      dataSource.setPassword(password);
    }
    String run = "tour_" + System.currentTimeMillis();
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
   * Runs the tour against a store.
   *
   * @param store where feedback goes
   * @param out where the tour prints
   */
  public static void run(FeedbackStore store, PrintStream out) {
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
    out.println("== done");
  }

  /** A percentage with one decimal, or "no data" for a figure without data. */
  private static String percent(@Nullable Double value) {
    return value == null ? "no data" : String.format(Locale.ROOT, "%.1f%%", value);
  }
}
