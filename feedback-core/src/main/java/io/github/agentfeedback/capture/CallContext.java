package io.github.agentfeedback.capture;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

/**
 * What the caller knows about one call that is not feedback: the client's address and user
 * agent, the authenticated principal, its token's claims, and typed extras. Hooks read it
 * through {@link FeedbackHook.Chain#context()} — a rate limit by client, an audit of who
 * called — and it is never stored: nothing in it reaches the store unless a hook copies it
 * into the feedback on purpose.
 *
 * <pre>{@code
 * CallContext context = CallContext.builder()
 *     .clientAddress(request.getRemoteAddr())
 *     .userAgent(request.getHeader("User-Agent"))
 *     .principal("alice")
 *     .build();
 * manager.addFeedback("session-1", Feedback.up("Thanks"), context);
 *
 * FeedbackHook byClient = chain -> {
 *   String client = chain.context().clientAddress();   // null when the caller gave none
 *   return chain.proceed(chain.feedback());
 * };
 * }</pre>
 *
 * <p>The caller fills it: the HTTP layer of the Spring Boot starter from the request, or
 * any application that calls {@link FeedbackManager#addFeedback(String,
 * io.github.agentfeedback.Feedback, CallContext)}. Calls made without one see
 * {@link #empty()}, whose every value is absent; the library itself never puts anything in
 * it. Values are taken as the caller gives them (the client address is whatever the caller
 * believes it to be: behind a proxy, resolve forwarded headers before filling it in).
 *
 * <p>Immutable and thread-safe, if the extras are; built with {@link #builder()}.
 *
 * @since 0.1.0
 */
@NullMarked
public final class CallContext {

  private static final CallContext EMPTY = new CallContext(new Builder());

  private final @Nullable String clientAddress;
  private final @Nullable String userAgent;
  private final @Nullable String principal;
  private final Map<String, Object> claims;
  private final Map<Class<?>, Object> extras;

  private CallContext(Builder b) {
    this.clientAddress = b.clientAddress;
    this.userAgent = b.userAgent;
    this.principal = b.principal;
    this.claims = Map.copyOf(b.claims);
    this.extras = Map.copyOf(b.extras);
  }

  /**
   * The context of a call that carries none: every value absent. One shared instance.
   *
   * @return the empty context
   */
  public static CallContext empty() {
    return EMPTY;
  }

  /**
   * A builder with every value absent.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this context's values, to make a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.clientAddress = clientAddress;
    b.userAgent = userAgent;
    b.principal = principal;
    b.claims.putAll(claims);
    b.extras.putAll(extras);
    return b;
  }

  /**
   * The address of the client that made the call, such as {@code "203.0.113.7"}.
   *
   * @return the address, or {@code null} when the caller gave none
   */
  public @Nullable String clientAddress() {
    return clientAddress;
  }

  /**
   * The client's {@code User-Agent}.
   *
   * @return the user agent, or {@code null} when the caller gave none
   */
  public @Nullable String userAgent() {
    return userAgent;
  }

  /**
   * The name of the authenticated principal that made the call.
   *
   * @return the name, or {@code null} for an anonymous call or when the caller gave none
   */
  public @Nullable String principal() {
    return principal;
  }

  /**
   * The claims of the token the call was authenticated with (a JWT's {@code sub},
   * {@code scope}, …), as the caller gave them.
   *
   * @return an immutable map, empty when there are none
   */
  public Map<String, Object> claims() {
    return claims;
  }

  /**
   * One claim.
   *
   * @param name the claim's name
   * @return its value, or {@code null} when absent
   */
  public @Nullable Object claim(String name) {
    return claims.get(Objects.requireNonNull(name, "name"));
  }

  /**
   * A typed extra the caller attached, such as the request object or a tenant.
   *
   * @param type the type it was attached under
   * @param <T> the type
   * @return the value, or {@code null} when none was attached under {@code type}
   */
  public <T> @Nullable T extra(Class<T> type) {
    return type.cast(extras.get(Objects.requireNonNull(type, "type")));
  }

  /**
   * Whether every value is absent, as in {@link #empty()}.
   *
   * @return true for a context without values
   */
  public boolean isEmpty() {
    return clientAddress == null
        && userAgent == null
        && principal == null
        && claims.isEmpty()
        && extras.isEmpty();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CallContext c
        && Objects.equals(clientAddress, c.clientAddress)
        && Objects.equals(userAgent, c.userAgent)
        && Objects.equals(principal, c.principal)
        && claims.equals(c.claims)
        && extras.equals(c.extras);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientAddress, userAgent, principal, claims, extras);
  }

  /** Names the values that are present; claims and extras by their names only. */
  @Override
  public String toString() {
    return "CallContext[clientAddress="
        + clientAddress
        + ", userAgent="
        + userAgent
        + ", principal="
        + principal
        + ", claims="
        + claims.keySet()
        + ", extras="
        + extras.keySet().stream().map(Class::getSimpleName).toList()
        + "]";
  }

  /**
   * Configures a {@link CallContext}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String clientAddress;
    private @Nullable String userAgent;
    private @Nullable String principal;
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private final Map<Class<?>, Object> extras = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The client's address.
     *
     * @param clientAddress the address, or {@code null} for none
     * @return this builder
     */
    public Builder clientAddress(@Nullable String clientAddress) {
      this.clientAddress = clientAddress;
      return this;
    }

    /**
     * The client's user agent.
     *
     * @param userAgent the user agent, or {@code null} for none
     * @return this builder
     */
    public Builder userAgent(@Nullable String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * The authenticated principal's name.
     *
     * @param principal the name, or {@code null} for an anonymous call
     * @return this builder
     */
    public Builder principal(@Nullable String principal) {
      this.principal = principal;
      return this;
    }

    /**
     * Adds the token's claims; claims with a null value are left out.
     *
     * @param claims the claims
     * @return this builder
     * @throws NullPointerException if {@code claims} or a name is null
     */
    public Builder claims(Map<String, ?> claims) {
      Objects.requireNonNull(claims, "claims")
          .forEach(
              (name, value) -> {
                if (value != null) {
                  this.claims.put(Objects.requireNonNull(name, "claim name"), value);
                }
              });
      return this;
    }

    /**
     * Attaches a typed extra, replacing one attached under the same type.
     *
     * @param type the type hooks will ask for
     * @param value the value
     * @param <T> the type
     * @return this builder
     * @throws NullPointerException if either is null
     */
    public <T> Builder extra(Class<T> type, T value) {
      extras.put(
          Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(value, "value")));
      return this;
    }

    /**
     * Builds the context.
     *
     * @return an immutable context
     */
    public CallContext build() {
      return new CallContext(this);
    }
  }
}
