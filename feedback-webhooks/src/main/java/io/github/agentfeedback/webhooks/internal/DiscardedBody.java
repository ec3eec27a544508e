package io.github.agentfeedback.webhooks.internal;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body that nobody reads: the response is complete as soon as its status and
 * headers are, whatever the body does afterwards. The body is drained in the background and
 * thrown away, so that a short body leaves the connection reusable; after {@link #LIMIT}
 * bytes the body is cancelled, which closes the connection.
 *
 * <p>{@link java.net.http.HttpResponse.BodyHandlers#discarding()} instead completes the
 * response only when the body ends, and the request timeout does not cover the body: a
 * receiver that answers and never ends its body would hold the sender for ever.
 *
 * <p>Each subscriber serves one response; {@link #handler()} makes one per response and is
 * thread-safe.
 */
public final class DiscardedBody implements HttpResponse.BodySubscriber<Void> {

  /** The most body bytes drained before the body is cancelled: 64 KiB. */
  public static final long LIMIT = 64 * 1024;

  private static final HttpResponse.BodyHandler<Void> HANDLER = info -> new DiscardedBody();

  private Flow.@Nullable Subscription subscription;
  private long bytes;

  private DiscardedBody() {}

  /**
   * A body handler that discards each response's body without waiting for it.
   *
   * @return the handler
   */
  public static HttpResponse.BodyHandler<Void> handler() {
    return HANDLER;
  }

  @Override
  public CompletionStage<Void> getBody() {
    return CompletableFuture.completedStage(null);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer buffer : buffers) {
      bytes += buffer.remaining();
    }
    Flow.Subscription s = subscription;
    if (bytes > LIMIT && s != null) {
      subscription = null;
      s.cancel();
    }
  }

  @Override
  public void onError(Throwable error) {
    // The status is already known; a body cut short changes nothing.
  }

  @Override
  public void onComplete() {
    // Nothing waits for the body.
  }
}
