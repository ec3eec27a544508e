package io.github.agentfeedback.webhooks;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP server on 127.0.0.1 that records each request and answers with a status
 * chosen per request number. It can hold every answer until {@link #release()}, and it can
 * verify each request as a receiver does: a request that fails verification is answered
 * 401 and its exception recorded.
 */
final class TestWebhookServer implements AutoCloseable {

  /** One request as received. */
  record Received(String method, String path, Headers headers, byte[] body) {}

  final List<Received> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger received = new AtomicInteger();
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final CountDownLatch gate;
  private volatile IntUnaryOperator status = n -> 200;
  private volatile WebhookVerifier verifier;

  /** What the verifier accepted, in order of arrival. */
  final List<VerifiedWebhook> verified = new CopyOnWriteArrayList<>();

  /** What the verifier refused, in order of arrival. */
  final List<WebhookVerificationException> refused = new CopyOnWriteArrayList<>();

  private TestWebhookServer(CountDownLatch gate, int port) throws IOException {
    this.gate = gate;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = received.incrementAndGet();
            requests.add(
                new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(),
                    body));
            try {
              gate.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            WebhookVerifier v = verifier;
            if (v != null) {
              try {
                verified.add(v.verify(exchange.getRequestHeaders(), body));
              } catch (WebhookVerificationException e) {
                refused.add(e);
                exchange.sendResponseHeaders(401, -1);
                answered.incrementAndGet();
                return;
              }
            }
            exchange.sendResponseHeaders(status.applyAsInt(n), -1);
            answered.incrementAndGet();
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  /** Answers at once. */
  static TestWebhookServer start() throws IOException {
    return new TestWebhookServer(new CountDownLatch(0), 0);
  }

  /** Answers at once, listening on the given port of 127.0.0.1. */
  static TestWebhookServer startOn(int port) throws IOException {
    return new TestWebhookServer(new CountDownLatch(0), port);
  }

  /** Holds every answer until {@link #release()}. */
  static TestWebhookServer holding() throws IOException {
    return new TestWebhookServer(new CountDownLatch(1), 0);
  }

  /** Answers request number n (from 1) with the status this function gives. */
  TestWebhookServer answering(IntUnaryOperator status) {
    this.status = status;
    return this;
  }

  /** Verifies every request with this verifier before answering. */
  TestWebhookServer verifying(WebhookVerifier verifier) {
    this.verifier = verifier;
    return this;
  }

  void release() {
    gate.countDown();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    executor.shutdownNow();
  }
}
