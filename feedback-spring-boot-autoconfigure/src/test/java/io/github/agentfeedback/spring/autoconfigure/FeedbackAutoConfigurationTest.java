package io.github.agentfeedback.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.sun.net.httpserver.HttpServer;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spring.autoconfigure.health.FeedbackHealthAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.health.FeedbackStoreHealthIndicator;
import io.github.agentfeedback.spring.autoconfigure.web.FeedbackController;
import io.github.agentfeedback.spring.autoconfigure.web.FeedbackTokenAutoConfiguration;
import io.github.agentfeedback.spring.autoconfigure.web.FeedbackWebAutoConfiguration;
import io.github.agentfeedback.webhooks.WebhookVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The auto-configuration in real Spring Boot application contexts (no server): properties
 * bind and take effect, the starter backs off for the application's beans, MongoDB from a
 * client bean or a URI, a signed webhook, closing on shutdown, the store's health.
 */
class FeedbackAutoConfigurationTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  FeedbackAutoConfiguration.class, FeedbackHealthAutoConfiguration.class));

  @Test
  void propertiesBindAndTakeEffect() {
    runner
        .withPropertyValues(
            "agent-feedback.unknown-sessions=refuse",
            "agent-feedback.hooks.validation.max-comment-length=10",
            "agent-feedback.hooks.rate-limit.enabled=true",
            "agent-feedback.hooks.rate-limit.permits=7",
            "agent-feedback.hooks.rate-limit.period=30s",
            "agent-feedback.hooks.rate-limit.key=client",
            "agent-feedback.store.mongodb.database=chat_db",
            "agent-feedback.web.max-body-size=8KB",
            "agent-feedback.notification.ratings=down,neutral")
        .run(
            context -> {
              FeedbackProperties p = context.getBean(FeedbackProperties.class);
              assertThat(p.getUnknownSessions()).isEqualTo(UnknownSessionPolicy.REFUSE);
              assertThat(p.getHooks().getRateLimit().getPermits()).isEqualTo(7);
              assertThat(p.getHooks().getRateLimit().getPeriod()).isEqualTo(Duration.ofSeconds(30));
              assertThat(p.getHooks().getRateLimit().getKey())
                  .isEqualTo(FeedbackProperties.RateLimitKey.CLIENT);
              assertThat(p.getStore().getMongodb().getDatabase()).isEqualTo("chat_db");
              assertThat(p.getWeb().getMaxBodySize().toBytes()).isEqualTo(8192);
              assertThat(p.getNotification().getRatings()).hasSize(2);

              assertThat(context).hasSingleBean(InMemoryFeedbackStore.class);
              FeedbackManager manager = context.getBean(FeedbackManager.class);
              manager.updateMetadata("s1", Map.of("channel", "web"));
              assertThatThrownBy(() -> manager.addFeedback("s1", Feedback.up("eleven chars")))
                  .isInstanceOf(InvalidFeedbackException.class)
                  .hasMessageContaining("comment");
              assertThatThrownBy(() -> manager.addFeedback("unknown", Feedback.up("ok")))
                  .hasMessageContaining("unknown");
            });
  }

  @Test
  void backsOffWhenTheApplicationDefinesItsManager() {
    FeedbackManager own = FeedbackManager.builder().store(new InMemoryFeedbackStore()).build();
    runner
        .withBean(FeedbackManager.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(FeedbackManager.class).isSameAs(own);
              assertThat(context).doesNotHaveBean(FeedbackStore.class);
            });
  }

  @Test
  void usesTheApplicationsStore() {
    InMemoryFeedbackStore own = new InMemoryFeedbackStore();
    runner
        .withBean(FeedbackStore.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBeans(FeedbackStore.class).hasSize(1);
              context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("ok"));
              assertThat(own.list("s1")).hasSize(1);
            });
  }

  @Test
  void storesInMongoThroughTheApplicationsClient() {
    String database = mongo.newDatabaseName();
    runner
        // the run's shared client: Spring must not close it with the context
        .withBean(MongoClient.class, mongo::client, d -> d.setDestroyMethodName(""))
        .withPropertyValues(
            "agent-feedback.store.mongodb.database=" + database,
            "agent-feedback.store.mongodb.collection=chat_sessions")
        .run(
            context -> {
              assertThat(context).hasSingleBean(MongoFeedbackStore.class);
              context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("ok"));
              Document doc =
                  mongo
                      .client()
                      .getDatabase(database)
                      .getCollection("chat_sessions")
                      .find()
                      .first();
              assertThat(doc).isNotNull();
              assertThat(doc.getString("session_id")).isEqualTo("s1");
            });
    // the application's client survives the context
    assertThat(mongo.client().getDatabase(database).getCollection("chat_sessions").countDocuments())
        .isEqualTo(1);
  }

  @Test
  void storesInMongoAtAUri() {
    String database = mongo.newDatabaseName();
    runner
        .withPropertyValues(
            "agent-feedback.store.mongodb.uri=" + mongo.connectionString(),
            "agent-feedback.store.mongodb.database=" + database)
        .run(
            context -> {
              assertThat(context).hasSingleBean(MongoFeedbackStore.class);
              context.getBean(FeedbackManager.class).addFeedback("s1", Feedback.up("ok"));
              assertThat(
                      mongo
                          .client()
                          .getDatabase(database)
                          .getCollection("sessions")
                          .countDocuments())
                  .isEqualTo(1);
            });
  }

  @Test
  void mongoWithoutAClientOrUriFailsNamingTheProperty() {
    runner
        .withPropertyValues("agent-feedback.store.type=mongodb")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("agent-feedback.store.mongodb.uri"));
  }

  @Test
  void theManagerClosesWithTheContextAndClosesItsHooks() {
    AtomicBoolean closed = new AtomicBoolean();
    ClosingHook hook = new ClosingHook(closed);
    runner
        .withBean("closingHook", FeedbackHook.class, () -> hook, d -> d.setDestroyMethodName(""))
        .run(context -> assertThat(closed).isFalse());
    assertThat(closed).isTrue();
  }

  @Test
  void aWebhookUrlAndSecretDeliverSignedNotifications() throws Exception {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) 7);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    BlockingQueue<String> received = new ArrayBlockingQueue<>(4);
    WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).build();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hooks/feedback",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            verifier.verify(exchange.getRequestHeaders(), body); // throws if unsigned
            received.add(new String(body, StandardCharsets.UTF_8));
          } finally {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          }
        });
    receiver.start();
    try {
      runner
          .withPropertyValues(
              "agent-feedback.notification.webhook.url=http://127.0.0.1:"
                  + receiver.getAddress().getPort()
                  + "/hooks/feedback",
              "agent-feedback.notification.webhook.secret=" + secret)
          .run(
              context -> {
                FeedbackManager manager = context.getBean(FeedbackManager.class);
                manager.addFeedback("s1", Feedback.up("fine"));
                manager.addFeedback("s1", Feedback.down("wrong order number"));
                assertThat(received.poll(10, TimeUnit.SECONDS)).contains("wrong order number");
              });
    } finally {
      receiver.stop(0);
    }
    assertThat(received).isEmpty(); // the UP was not notified
  }

  @Test
  void healthGoesDownWhenTheStoreDoes() {
    try (MongoTestServer server = MongoTestServer.startEmbedded()) {
      runner
          .withPropertyValues(
              "agent-feedback.store.mongodb.uri="
                  + server.connectionString()
                  + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")
          .run(
              context -> {
                FeedbackStoreHealthIndicator health =
                    context.getBean(FeedbackStoreHealthIndicator.class);
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);

                server.stop();

                assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
              });
    }
  }

  @Test
  void theEndpointsAreOffUnlessEnabled() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    FeedbackAutoConfiguration.class, FeedbackWebAutoConfiguration.class));
    web.run(context -> assertThat(context).doesNotHaveBean(FeedbackController.class));
    web.withPropertyValues("agent-feedback.web.enabled=true")
        .run(context -> assertThat(context).hasSingleBean(FeedbackController.class));
  }

  @Test
  void theEndpointsAndTheTokenEndpointsShareOneErrorAdvice() {
    WebApplicationContextRunner web =
        new WebApplicationContextRunner()
            .withConfiguration(
                AutoConfigurations.of(
                    FeedbackAutoConfiguration.class,
                    FeedbackWebAutoConfiguration.class,
                    FeedbackTokenAutoConfiguration.class));
    String key = "agent-feedback.tokens.keys.k1=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
    for (String[] properties :
        new String[][] {
          {"agent-feedback.web.enabled=true"},
          {"agent-feedback.tokens.enabled=true", key},
          {"agent-feedback.web.enabled=true", "agent-feedback.tokens.enabled=true", key}
        }) {
      web.withPropertyValues(properties)
          .run(
              context ->
                  assertThat(context.getBeansWithAnnotation(RestControllerAdvice.class))
                      .as(String.join(", ", properties))
                      .hasSize(1));
    }
    web.run(
        context ->
            assertThat(context.getBeansWithAnnotation(RestControllerAdvice.class)).isEmpty());
  }

  @Test
  void configurationMetadataDescribesTheProperties() throws IOException {
    String metadata = ConfigurationMetadata.text();
    for (String property :
        List.of(
            "agent-feedback.store.type",
            "agent-feedback.store.mongodb.uri",
            "agent-feedback.hooks.rate-limit.permits",
            "agent-feedback.notification.webhook.secret",
            "agent-feedback.web.enabled",
            "agent-feedback.web.max-body-size",
            "management.health.feedback.enabled")) {
      assertThat(metadata).contains("\"name\": \"" + property + "\"");
    }
    assertThat(metadata).contains("Feedbacks allowed per period and key.");
  }

  /** A hook that records being closed. */
  private record ClosingHook(AtomicBoolean closed) implements FeedbackHook, AutoCloseable {
    @Override
    public io.github.agentfeedback.FeedbackResult intercept(Chain chain) {
      return chain.proceed(chain.feedback());
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
