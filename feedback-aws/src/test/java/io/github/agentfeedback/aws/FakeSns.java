package io.github.agentfeedback.aws;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * A local HTTP endpoint standing in for SNS: records each form-encoded query-protocol
 * request as a map of its parameters and answers with a PublishResponse, or with an error
 * when told to.
 */
final class FakeSns implements AutoCloseable {

  final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
  final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final AtomicInteger messageIds = new AtomicInteger();
  private final HttpServer server;
  private volatile int status = 200;

  FakeSns() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            requests.add(parseForm(body));
            byte[] answer =
                (status == 200
                        ? publishResponse("msg-" + messageIds.incrementAndGet())
                        : errorResponse())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
          }
        });
    server.start();
  }

  /** Answers every later request with this status; 200 gives a PublishResponse. */
  void answer(int status) {
    this.status = status;
  }

  /** A real SDK client pointed at this endpoint, with fake credentials and no retries. */
  SnsClient client() {
    return SnsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "fake-secret-key")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String publishResponse(String messageId) {
    return "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
        + "<PublishResult><MessageId>"
        + messageId
        + "</MessageId></PublishResult>"
        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
        + "</PublishResponse>";
  }

  private static String errorResponse() {
    return "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
        + "<Error><Type>Receiver</Type><Code>InternalError</Code>"
        + "<Message>boom</Message></Error><RequestId>req-2</RequestId></ErrorResponse>";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
