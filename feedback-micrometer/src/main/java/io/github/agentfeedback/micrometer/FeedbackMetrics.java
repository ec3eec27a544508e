package io.github.agentfeedback.micrometer;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.FeedbackStoreException;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionNotFoundException;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.capture.CallContext;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer metrics of the feedback that passes the hook chain: a hook to put outermost,
 * and {@link #timed(List)} to time each of the other hooks.
 *
 * <pre>{@code
 * FeedbackMetrics metrics = FeedbackMetrics.builder(meterRegistry).build();
 * FeedbackManager manager = FeedbackManager.builder()
 *     .store(store)
 *     .hooks(metrics.withHooks(ReadyHooks.builder()
 *         .validation(ValidationHook.defaults())
 *         .build()))                      // metrics first, each other hook timed
 *     .build();
 * }</pre>
 *
 * <h2>Meters</h2>
 * Names are lowercase and dot-separated; tags have few values (never a session, user or
 * feedback id). Every meter also carries the {@link Builder#tags(Iterable) common tags}.
 * <ul>
 *   <li>{@code feedback.stored} (counter; tags {@code rating}: {@code up}, {@code down},
 *       {@code neutral} or {@code none} for a score alone; {@code source}: {@code end_user},
 *       {@code reviewer}, {@code llm_judge}, {@code code}, or {@code other} for a source of
 *       your own) — feedback newly stored.
 *   <li>{@code feedback.duplicates} (counter) — calls whose feedback id was already stored
 *       (retries), which stored nothing.
 *   <li>{@code feedback.rejected} (counter; tag {@code reason}: the lowercase code of a
 *       {@link FeedbackRejectedException}, such as {@code rate_limited} or {@code spam};
 *       {@code invalid} for {@link InvalidFeedbackException}; {@code session_not_found}) —
 *       feedback refused, nothing stored.
 *   <li>{@code feedback.store.errors} (counter; tags {@code operation}, {@code retry_safe})
 *       — {@link FeedbackStoreException}s.
 *   <li>Codes and operations come from whatever hook or store threw: each is its own tag
 *       value only when it is a short lowercase code ({@code [a-z0-9][a-z0-9_.-]}, at most 64
 *       characters) among the first {@value #MAX_TAG_VALUES} seen; any other is counted as
 *       {@code other}, so that a code made of input cannot make a meter per user.
 *   <li>{@code feedback.add} and {@code feedback.update} (timers; tag {@code outcome}: the
 *       lowercase {@link FeedbackResult.Outcome}, or {@code rejected}, {@code invalid},
 *       {@code session_not_found}, {@code store_error}, {@code error}) — the time of each
 *       {@code addFeedback} and {@code updateFeedback} call through the hooks and the store,
 *       from where this hook sits (outermost: all of it but the manager's own argument
 *       checks).
 *   <li>{@code feedback.hook} (timer; tags {@code hook}, {@code action}) — the time spent in
 *       each hook wrapped by {@link #timed}, without the time of the hooks and the store
 *       after it.
 *   <li>{@code feedback.satisfaction} (gauge, percent) — {@code 100 · up / (up + down)} of
 *       the feedback stored during the last {@link Builder#window(Duration) window}; NaN
 *       without any.
 * </ul>
 * Notification deliveries are bound by {@link NotificationMetrics}.
 *
 * <p>A registry that refuses a meter registered during a call (one of another type under the
 * same name, a filter that throws) never fails the call: that meter records nothing and the
 * refusal is logged once at WARN.
 *
 * <p>Thread-safe; the meters known in advance are registered when it is built, the others
 * (an outcome, a reason, a store error) at their first use. Per call the hook allocates
 * nothing once a rejection reason or store error has been seen; {@link #timed} adds one
 * small object per timed hook and call. Feedback rejected by the manager's own checks,
 * before any hook runs, is not counted. Build one per registry and set of common tags: a
 * second shares the first's counters and timers, but the registry keeps the first's
 * {@code feedback.satisfaction} gauge, so the second's window is never reported.
 *
 * @since 0.1.0
 */
public final class FeedbackMetrics implements FeedbackHook {

  /**
   * Most distinct values of the {@code reason} tag of {@code feedback.rejected}, and of the
   * {@code operation} tag of {@code feedback.store.errors}, that come from exceptions; later
   * ones, and any that is not a short lowercase code, are counted as {@code other}.
   */
  public static final int MAX_TAG_VALUES = 32;

  private static final Rating[] RATINGS = Rating.values();

  /** A tag value taken from an exception as it is: a short lowercase code. */
  private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  private static final String OTHER = "other";

  private static final Logger log = LoggerFactory.getLogger(FeedbackMetrics.class);

  /** The sources counted by name; any other is counted as {@code other}. */
  private static final Source[] SOURCES = {
    Source.END_USER, Source.REVIEWER, Source.LLM_JUDGE, Source.CODE
  };

  private final MeterRegistry registry;
  private final Clock clock;
  private final Tags tags;

  /** {@code [rating ordinal, or RATINGS.length for none][source index, or SOURCES.length]}. */
  private final Counter[][] stored;

  private final Counter duplicates;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> storeErrors = new ConcurrentHashMap<>();
  private final Map<String, Timer> calls = new ConcurrentHashMap<>();
  private final SatisfactionWindow satisfaction;

  private FeedbackMetrics(Builder b) {
    this.registry = b.registry;
    this.clock = b.registry.config().clock();
    this.tags = b.tags;
    this.stored = new Counter[RATINGS.length + 1][SOURCES.length + 1];
    for (int r = 0; r <= RATINGS.length; r++) {
      for (int i = 0; i <= SOURCES.length; i++) {
        stored[r][i] =
            Counter.builder("feedback.stored")
                .description("Feedback newly stored")
                .baseUnit("feedbacks")
                .tags(tags)
                .tag("rating", r == RATINGS.length ? "none" : lower(RATINGS[r].name()))
                .tag("source", i == SOURCES.length ? "other" : SOURCES[i].name())
                .register(registry);
      }
    }
    this.duplicates =
        Counter.builder("feedback.duplicates")
            .description("Calls whose feedback id was already stored; nothing stored")
            .baseUnit("calls")
            .tags(tags)
            .register(registry);
    this.satisfaction = new SatisfactionWindow(b.window, clock);
    Gauge.builder("feedback.satisfaction", satisfaction, SatisfactionWindow::percent)
        .description("100 * up / (up + down) of the feedback stored in the last " + b.window)
        .baseUnit("percent")
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  /**
   * A builder registering into {@code registry}.
   *
   * @param registry the registry
   * @return a new builder
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * This hook first, then {@code hooks}, each {@linkplain #timed(List) timed}: the list to
   * give to {@code FeedbackManager.Builder.hooks}.
   *
   * @param hooks the other hooks, outermost first
   * @return a new immutable list
   */
  public List<FeedbackHook> withHooks(List<? extends FeedbackHook> hooks) {
    List<FeedbackHook> all = new ArrayList<>(hooks.size() + 1);
    all.add(this);
    all.addAll(timed(hooks));
    return List.copyOf(all);
  }

  /**
   * Wraps each hook so that the time spent in it, without the hooks and the store after
   * it, is recorded as {@code feedback.hook} tagged with the hook's simple class name (for a
   * lambda or an anonymous class, {@code hook-} and its position in the list).
   *
   * <p>A wrapped hook behaves as the hook, with one difference: an error about a broken
   * chain rule (proceed twice, never) names the wrapper's class; its {@code toString()}
   * names the hook.
   *
   * @param hooks the hooks, outermost first
   * @return the wrapped hooks, in the same order
   */
  public List<FeedbackHook> timed(List<? extends FeedbackHook> hooks) {
    List<FeedbackHook> out = new ArrayList<>(hooks.size());
    for (int i = 0; i < hooks.size(); i++) {
      FeedbackHook hook = Objects.requireNonNull(hooks.get(i), "hooks[" + i + "]");
      out.add(timed(name(hook, i), hook));
    }
    return List.copyOf(out);
  }

  /**
   * Wraps one hook so that its own time is recorded as {@code feedback.hook} with tag
   * {@code hook=name}.
   *
   * @param name a short, fixed name for the hook
   * @param hook the hook
   * @return the wrapped hook
   */
  public FeedbackHook timed(String name, FeedbackHook hook) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hook, "hook");
    return new TimedHook(
        name,
        hook,
        clock,
        hookTimer(name, FeedbackAction.ADD),
        hookTimer(name, FeedbackAction.UPDATE));
  }

  private Timer hookTimer(String name, FeedbackAction action) {
    return Timer.builder("feedback.hook")
        .description("Time spent in one hook, without the hooks and the store after it")
        .tags(tags)
        .tag("hook", name)
        .tag("action", lower(action.name()))
        .register(registry);
  }

  private static String name(FeedbackHook hook, int index) {
    Class<?> type = hook.getClass();
    String simple = type.getSimpleName();
    return type.isSynthetic()
            || type.isAnonymousClass()
            || simple.contains("$$")
            || simple.isEmpty()
        ? "hook-" + index
        : simple;
  }

  /** Counts the call's outcome and times it. */
  @Override
  public FeedbackResult intercept(Chain chain) {
    long start = clock.monotonicTime();
    FeedbackAction action = chain.action();
    FeedbackResult result;
    try {
      result = chain.proceed(chain.feedback());
    } catch (FeedbackRejectedException e) {
      reject(lower(e.code()), false);
      time(action, "rejected", start);
      throw e;
    } catch (InvalidFeedbackException e) {
      reject("invalid", true);
      time(action, "invalid", start);
      throw e;
    } catch (SessionNotFoundException e) {
      reject("session_not_found", true);
      time(action, "session_not_found", start);
      throw e;
    } catch (FeedbackStoreException e) {
      storeError(e);
      time(action, "store_error", start);
      throw e;
    } catch (RuntimeException e) {
      time(action, "error", start);
      throw e;
    }
    FeedbackResult.Outcome outcome = result.outcome();
    if (outcome == FeedbackResult.Outcome.CREATED) {
      Feedback f = result.feedback();
      Rating rating = f.rating();
      stored[rating == null ? RATINGS.length : rating.ordinal()][sourceIndex(f.source())]
          .increment();
      satisfaction.record(rating);
    } else if (outcome == FeedbackResult.Outcome.DUPLICATE) {
      duplicates.increment();
    }
    time(action, outcome.name(), start);
    return result;
  }

  private static int sourceIndex(Source source) {
    for (int i = 0; i < SOURCES.length; i++) {
      if (SOURCES[i].equals(source)) {
        return i;
      }
    }
    return SOURCES.length;
  }

  private void time(FeedbackAction action, String outcome, long start) {
    long took = clock.monotonicTime() - start;
    String key = action == FeedbackAction.ADD ? outcome : "update:" + outcome;
    Timer timer = calls.get(key);
    if (timer == null) {
      timer =
          register(
              calls,
              key,
              () ->
                  Timer.builder(action == FeedbackAction.ADD ? "feedback.add" : "feedback.update")
                      .description("Calls through the hooks and the store")
                      .tags(tags)
                      .tag("outcome", lower(outcome))
                      .register(registry),
              NoopTimer::new);
    }
    timer.record(took, TimeUnit.NANOSECONDS);
  }

  /** Counts a rejection; a {@code fixed} reason is one of ours and always its own value. */
  private void reject(String code, boolean fixed) {
    Counter counter = rejected.get(code);
    if (counter == null) {
      String reason = fixed ? code : bounded(rejected, code);
      counter =
          register(
              rejected,
              reason,
              () ->
                  Counter.builder("feedback.rejected")
                      .description("Feedback refused; nothing stored")
                      .baseUnit("feedbacks")
                      .tags(tags)
                      .tag("reason", reason)
                      .register(registry),
              NoopCounter::new);
    }
    counter.increment();
  }

  private void storeError(FeedbackStoreException e) {
    String retrySafe = Boolean.toString(e.retrySafe());
    Counter counter = storeErrors.get(e.operation() + ":" + retrySafe);
    if (counter == null) {
      String operation = bounded(storeErrors, e.operation());
      counter =
          register(
              storeErrors,
              operation + ":" + retrySafe,
              () ->
                  Counter.builder("feedback.store.errors")
                      .description("Store failures")
                      .baseUnit("errors")
                      .tags(tags)
                      .tag("operation", operation)
                      .tag("retry_safe", retrySafe)
                      .register(registry),
              NoopCounter::new);
    }
    counter.increment();
  }

  /**
   * A tag value from an exception: itself when it is a short code ({@link #CODE}) and fewer
   * than {@link #MAX_TAG_VALUES} values are known ({@code known} is keyed by value, or by
   * value, colon and more), else {@code other}.
   */
  private static String bounded(Map<String, ?> known, String value) {
    if (!CODE.matcher(value).matches()) {
      return OTHER;
    }
    if (known.size() < MAX_TAG_VALUES) {
      return value;
    }
    String prefix = value + ":";
    for (String key : known.keySet()) {
      if (key.equals(value) || key.startsWith(prefix)) {
        return value;
      }
    }
    return OTHER;
  }

  /**
   * The meter under {@code key}, registered once. A registry that throws (a meter of another
   * type under the same name, a filter that fails) must not fail the call being measured:
   * the meter is then a no-op, and the refusal is logged once.
   */
  private <M extends Meter> M register(
      Map<String, M> meters, String key, Supplier<M> register, Function<Meter.Id, M> noop) {
    synchronized (meters) {
      M meter = meters.get(key);
      if (meter != null) {
        return meter;
      }
      try {
        meter = register.get();
      } catch (RuntimeException e) {
        log.warn("The meter registry refused a feedback meter ({}); not recorded", key, e);
        meter = noop.apply(new Meter.Id("feedback.refused", tags, null, null, Meter.Type.OTHER));
      }
      meters.put(key, meter);
      return meter;
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "FeedbackMetrics" + tags.stream().map(Tag::toString).toList();
  }

  /** A hook and its timers; records its own time, not that of what follows it. */
  private static final class TimedHook implements FeedbackHook {
    private final String name;
    private final FeedbackHook hook;
    private final Clock clock;
    private final Timer add;
    private final Timer update;

    TimedHook(String name, FeedbackHook hook, Clock clock, Timer add, Timer update) {
      this.name = name;
      this.hook = hook;
      this.clock = clock;
      this.add = add;
      this.update = update;
    }

    @Override
    public FeedbackResult intercept(Chain chain) {
      TimingChain timing = new TimingChain(chain, clock);
      long start = clock.monotonicTime();
      try {
        return hook.intercept(timing);
      } finally {
        long own = clock.monotonicTime() - start - timing.downstream;
        (chain.action() == FeedbackAction.ADD ? add : update)
            .record(Math.max(own, 0), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public String toString() {
      return "timed " + name + " (" + hook + ")";
    }
  }

  /** The chain as the timed hook sees it: counts the time spent after it. */
  private static final class TimingChain implements Chain {
    private final Chain chain;
    private final Clock clock;
    long downstream;

    TimingChain(Chain chain, Clock clock) {
      this.chain = chain;
      this.clock = clock;
    }

    @Override
    public String sessionId() {
      return chain.sessionId();
    }

    @Override
    public FeedbackAction action() {
      return chain.action();
    }

    @Override
    public Feedback feedback() {
      return chain.feedback();
    }

    @Override
    public CallContext context() {
      return chain.context();
    }

    @Override
    public FeedbackResult proceed(Feedback feedback) {
      long start = clock.monotonicTime();
      try {
        return chain.proceed(feedback);
      } finally {
        downstream += clock.monotonicTime() - start;
      }
    }
  }

  /**
   * Configures {@link FeedbackMetrics}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private Duration window = Duration.ofHours(1);

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Tags added to every meter, such as the application's name. Keep their values few.
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * How far back {@code feedback.satisfaction} looks. Defaults to one hour; counted in 60
     * slots, so the window slides in steps of a sixtieth of it.
     *
     * @param window from one second to 30 days
     * @return this builder
     * @throws IllegalArgumentException if the window is outside that range
     */
    public Builder window(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.compareTo(Duration.ofSeconds(1)) < 0
          || window.compareTo(Duration.ofDays(30)) > 0) {
        throw new IllegalArgumentException(
            "window must be from 1 second to 30 days, was " + window);
      }
      this.window = window;
      return this;
    }

    /**
     * Builds the metrics and registers the meters known in advance.
     *
     * @return the metrics, a hook to put first in the chain
     */
    public FeedbackMetrics build() {
      return new FeedbackMetrics(this);
    }
  }
}
