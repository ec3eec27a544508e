package io.github.agentfeedback.benchmarks.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.spi.FeedbackStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Throughput of {@code POST /api/sessions/{id}/feedback} through the starter, with the
 * documented hook chain of the properties (sanitizing → PII redaction → validation → rate
 * limit, a limit never reached), against a bare Spring MVC endpoint in the same server that
 * reads the same JSON with Jackson and appends the feedback to the same store directly. Both
 * over the JDK's HTTP client from two threads, on 10,000 sessions, with the same body (a
 * comment with markup, a user and a message id). Target: the starter at least 0.9× the bare
 * endpoint's throughput.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks-spring-boot -am package -DskipTests
 * java -jar benchmarks-spring-boot/target/benchmarks-spring-boot.jar StarterEndpoint -f 1
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Threads(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class StarterEndpointBenchmark {

  private static final int SESSIONS = 10_000;
  private static final String BODY =
      "{\"rating\": \"down\", \"comment\": \"The <b>refund</b> steps were wrong, see"
          + " https://example.com/help\", \"user_id\": \"u-42\", \"message_id\": \"m-7\"}";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private @Nullable ConfigurableApplicationContext context;
  private String base = "";

  /** Starts the server on a free port. */
  @Setup(Level.Trial)
  public void start() {
    context =
        new SpringApplicationBuilder(BenchmarkApplication.class)
            .properties(
                "server.port=0",
                "spring.main.banner-mode=off",
                "logging.level.root=WARN",
                "agent-feedback.web.enabled=true",
                "agent-feedback.hooks.rate-limit.enabled=true",
                "agent-feedback.hooks.rate-limit.key=session",
                "agent-feedback.hooks.rate-limit.permits=1000000",
                "agent-feedback.hooks.rate-limit.period=1s")
            .run();
    base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void stop() {
    if (context != null) {
      context.close();
    }
  }

  private int post(String path) throws IOException, InterruptedException {
    String session = "s-" + ThreadLocalRandom.current().nextInt(SESSIONS);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path.replace("{id}", session)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(BODY))
            .build();
    int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    if (status != 201) {
      throw new IllegalStateException(path + " answered " + status);
    }
    return status;
  }

  /**
   * Through the starter's endpoint and hook chain.
   *
   * @return the status
   * @throws Exception if the request fails
   */
  @Benchmark
  public int starter() throws Exception {
    return post("/api/sessions/{id}/feedback");
  }

  /**
   * Through a bare endpoint storing directly.
   *
   * @return the status
   * @throws Exception if the request fails
   */
  @Benchmark
  public int bare() throws Exception {
    return post("/bare/sessions/{id}/feedback");
  }

  /** The application: the starter's auto-configuration and the bare endpoint. */
  @SpringBootConfiguration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  public static class BenchmarkApplication {

    /** Made by Spring. */
    public BenchmarkApplication() {}

    /**
     * The bare endpoint.
     *
     * @param store the starter's store
     * @return the controller
     */
    @Bean
    public BareEndpoint bareEndpoint(FeedbackStore store) {
      return new BareEndpoint(store);
    }
  }

  /** Reads the JSON and appends to the store: no hooks, no checks beyond the model's. */
  @RestController
  public static class BareEndpoint {
    private final FeedbackStore store;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * An endpoint over a store.
     *
     * @param store the store
     */
    public BareEndpoint(FeedbackStore store) {
      this.store = store;
    }

    /**
     * Stores one feedback.
     *
     * @param sessionId the session
     * @param body the JSON body
     * @return 201 with the feedback id
     * @throws IOException if the body is not JSON
     */
    @PostMapping("/bare/sessions/{sessionId}/feedback")
    public ResponseEntity<Map<String, Object>> add(
        @PathVariable("sessionId") String sessionId, @RequestBody byte[] body) throws IOException {
      JsonNode node = json.readTree(body);
      Feedback feedback =
          Feedback.builder()
              .id(UUID.randomUUID().toString())
              .rating(Rating.fromWire(node.path("rating").asText()))
              .comment(node.path("comment").asText())
              .userId(node.path("user_id").asText())
              .messageId(node.path("message_id").asText())
              .createdAt(Instant.now())
              .build();
      FeedbackResult result = store.append(sessionId, feedback, UnknownSessionPolicy.CREATE);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("status", "success");
      out.put("message", "Feedback added successfully");
      out.put("feedback_id", result.feedback().id());
      return ResponseEntity.status(HttpStatus.CREATED).body(out);
    }
  }
}
