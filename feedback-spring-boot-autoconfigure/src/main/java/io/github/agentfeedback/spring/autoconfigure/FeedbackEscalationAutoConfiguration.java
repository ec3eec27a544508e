package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.escalation.WindowCheck;
import io.github.agentfeedback.escalation.WindowRule;
import io.github.agentfeedback.hooks.EscalationHook;
import io.github.agentfeedback.hooks.EscalationListener;
import io.github.agentfeedback.hooks.EscalationRule;
import io.github.agentfeedback.hooks.escalation.EscalationRoute;
import io.github.agentfeedback.hooks.escalation.EscalationRouter;
import io.github.agentfeedback.hooks.escalation.LoopCloser;
import io.github.agentfeedback.hooks.escalation.QuietHours;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.memory.InMemoryEscalationStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.memory.InMemoryLeases;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Auto-configures escalations when {@code agent-feedback.escalation.enabled} is true (see
 * {@link FeedbackProperties.Escalation}), beside the feedback store:
 *
 * <ul>
 *   <li>an {@link EscalationStore} where the feedback is kept: MongoDB (the same client and
 *       database), JDBC (the same {@code DataSource}, its table made at startup unless
 *       {@code store.jdbc.initialize-schema} is false), else in memory;
 *   <li>the {@link EscalationHook}, with the {@code negative-ratings} and {@code down-streak}
 *       rules, the application's {@link EscalationRule} beans and {@link EscalationListener}
 *       beans, and the router; the manager puts it in its place in the chain;
 *   <li>an {@link EscalationRouter} when it has somewhere to send: the application's {@link
 *       EscalationRoute} beans, and the notification notifiers (the webhook of {@code
 *       notification.webhook.url} and the {@link Notifier} beans) for what no route takes;
 *   <li>a {@link WindowCheck} of the application's {@link WindowRule} beans, under a lease
 *       ({@link Leases}) kept beside the escalations, started with the context;
 *   <li>with {@code loop-closing.enabled}, a {@link LoopCloser} that sends "resolved" events
 *       to the application's webhook ({@code loop-closing.webhook.url}), which tells the
 *       users that their feedback was acted on.
 * </ul>
 *
 * Each bean backs off when the application defines one of its type. Escalations need the
 * feedback store's bean: an application that defines only its own manager defines these
 * parts too. The router, window check and loop closer are closed with the context.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = FeedbackAutoConfiguration.class)
@ConditionalOnProperty(prefix = FeedbackEscalationAutoConfiguration.PREFIX, name = "enabled")
@ConditionalOnBean(FeedbackStore.class)
@Import({EscalationStoreConfigurations.Mongo.class, EscalationStoreConfigurations.Jdbc.class})
public class FeedbackEscalationAutoConfiguration {

  static final String PREFIX = FeedbackProperties.PREFIX + ".escalation";

  private static final Logger log =
      LoggerFactory.getLogger(FeedbackEscalationAutoConfiguration.class);

  /** Made by Spring. */
  public FeedbackEscalationAutoConfiguration() {}

  /**
   * Escalations in memory, when the feedback store is neither MongoDB nor JDBC. Beside a store
   * of the application's own they are not shared by its replicas: a warning says so.
   *
   * @param store the feedback store
   * @return the escalation store
   */
  @Bean
  @ConditionalOnMissingBean
  public EscalationStore escalationStore(FeedbackStore store) {
    if (!(store instanceof InMemoryFeedbackStore)) {
      log.warn(
          "Escalations are kept in memory beside {}: each replica has its own and a restart"
              + " forgets them; define an EscalationStore bean to share them",
          store);
    }
    return new InMemoryEscalationStore();
  }

  /**
   * Leases in memory for the window check, when the feedback store is neither MongoDB nor
   * JDBC: one process only.
   *
   * @return the leases
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(WindowRule.class)
  public Leases feedbackLeases() {
    return new InMemoryLeases();
  }

  /**
   * The router, when there are routes or notifiers to send to.
   *
   * @param escalations the escalation store, which keeps the minimum interval across replicas
   * @param properties the properties
   * @param routes the application's routes, in order
   * @param notifiers the application's notifiers
   * @return the router, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @Conditional(RouterCondition.class)
  public EscalationRouter escalationRouter(
      EscalationStore escalations,
      FeedbackProperties properties,
      ObjectProvider<EscalationRoute> routes,
      ObjectProvider<Notifier> notifiers) {
    FeedbackProperties.Routing routing = properties.getEscalation().getRouting();
    EscalationRouter.Builder b = EscalationRouter.builder().store(escalations);
    routes.orderedStream().forEach(b::route);
    if (routing.isToNotifiers()) {
      List<Notifier> all =
          HookChainAssembly.notifiers(properties, notifiers.orderedStream().toList());
      if (!all.isEmpty()) {
        b.defaultRoute(all.toArray(new Notifier[0]));
      }
    }
    checked("routing.min-interval", () -> b.minInterval(routing.getMinInterval()));
    LocalTime start = routing.getQuietHoursStart();
    LocalTime end = routing.getQuietHoursEnd();
    if ((start == null) != (end == null)) {
      throw new IllegalArgumentException(
          PREFIX
              + ".routing: set both quiet-hours-start and quiet-hours-end, or neither; was "
              + start
              + " and "
              + end);
    }
    if (start != null && end != null) {
      checked(
          "routing.quiet-hours-start",
          () -> b.quietHours(new QuietHours(start, end, routing.getQuietHoursZone())));
    }
    b.quietHoursBypass(routing.getQuietHoursBypass());
    return b.build();
  }

  /**
   * The escalation hook: the rules of the properties and the application's, its listeners,
   * and the router.
   *
   * @param escalations the escalation store
   * @param store the feedback store, read by the rules that need a session's history
   * @param properties the properties
   * @param rules the application's rules
   * @param listeners the application's listeners
   * @param router the router, if there is one
   * @return the hook, which the manager puts in its place in the chain
   */
  @Bean
  @ConditionalOnMissingBean
  public EscalationHook escalationHook(
      EscalationStore escalations,
      FeedbackStore store,
      FeedbackProperties properties,
      ObjectProvider<EscalationRule> rules,
      ObjectProvider<EscalationListener> listeners,
      ObjectProvider<EscalationRouter> router) {
    FeedbackProperties.Escalation e = properties.getEscalation();
    EscalationHook.Builder b =
        EscalationHook.builder().escalations(escalations).feedbackStore(store);
    int negatives = e.getNegativeRatings();
    Duration window = e.getNegativeRatingsWindow();
    if (negatives != 0) {
      checked(
          "negative-ratings",
          () ->
              window == null
                  ? b.negativeRatings(negatives)
                  : b.rule(EscalationRule.negativeRatings(negatives, window)));
    } else if (window != null) {
      throw new IllegalArgumentException(
          PREFIX + ".negative-ratings-window is set but negative-ratings is 0 (no such rule)");
    }
    if (e.getDownStreak() != 0) {
      checked("down-streak", () -> b.downStreak(e.getDownStreak()));
    }
    rules.orderedStream().forEach(b::rule);
    listeners.orderedStream().forEach(b::listener);
    EscalationRouter r = router.getIfAvailable();
    if (r != null) {
      b.listener(r::route);
    }
    return b.build();
  }

  /**
   * The window check of the application's rules, started once the context is refreshed (a
   * run at once, then one per period, by the replica that holds the lease; see {@link
   * #windowCheckLifecycle}) and closed with it.
   *
   * @param store the feedback store
   * @param escalations the escalation store
   * @param leases the leases
   * @param rules the application's window rules
   * @param properties the properties
   * @return the check
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnBean(WindowRule.class)
  public WindowCheck windowCheck(
      FeedbackStore store,
      EscalationStore escalations,
      Leases leases,
      ObjectProvider<WindowRule> rules,
      FeedbackProperties properties) {
    FeedbackProperties.WindowCheck w = properties.getEscalation().getWindowCheck();
    WindowCheck.Builder b =
        WindowCheck.builder().store(store).escalations(escalations).leases(leases);
    rules.orderedStream().forEach(b::rule);
    checked("window-check.period", () -> b.period(w.getPeriod()));
    checked("window-check.lease-name", () -> b.leaseName(w.getLeaseName()));
    return b.build();
  }

  /**
   * Starts the window check when every bean is ready, not while the context is still being
   * made, and closes it (releasing its lease) before any bean is destroyed; with window rule
   * beans, an application's own check is started too.
   *
   * @param check the window check
   * @return its lifecycle
   */
  @Bean
  @ConditionalOnBean(WindowRule.class)
  public SmartLifecycle windowCheckLifecycle(WindowCheck check) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        check.start();
        running = true;
      }

      @Override
      public void stop() {
        check.close();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }
    };
  }

  /**
   * The loop closer, sending to {@code loop-closing.webhook.url}, draining on its own thread
   * and closed with the context.
   *
   * @param escalations the escalation store
   * @param store the feedback store, where the linked feedback's users are read
   * @param properties the properties
   * @return the loop closer
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = PREFIX, name = "loop-closing.enabled")
  public LoopCloser loopCloser(
      EscalationStore escalations, FeedbackStore store, FeedbackProperties properties) {
    FeedbackProperties.LoopClosing loop = properties.getEscalation().getLoopClosing();
    String url = loop.getWebhook().getUrl();
    if (!StringUtils.hasText(url)) {
      throw new IllegalStateException(
          PREFIX
              + ".loop-closing.enabled is true but "
              + PREFIX
              + ".loop-closing.webhook.url is not set: set the URL of the application's"
              + " endpoint that tells users, or define a LoopCloser bean");
    }
    LoopCloser.Builder b =
        LoopCloser.builder()
            .escalations(escalations)
            .feedback(store)
            .notifier(
                HookChainAssembly.webhook(PREFIX + ".loop-closing.webhook", loop.getWebhook()));
    checked("loop-closing.drain-every", () -> b.drainEvery(loop.getDrainEvery()));
    return b.build();
  }

  /**
   * Runs a builder step whose exceptions name its own setting, so that they name the
   * property too.
   */
  static <T> T checked(String property, Supplier<T> step) {
    return named(PREFIX + "." + property, step);
  }

  /** As {@link #checked}, for a property named in full. */
  static <T> T named(String property, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the router has somewhere to send: route beans, or notifiers (the webhook URL or
   * notifier beans) with {@code routing.to-notifiers}.
   */
  static final class RouterCondition extends SpringBootCondition implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
      return ConfigurationPhase.REGISTER_BEAN;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata md) {
      var beans = context.getBeanFactory();
      if (beans == null) {
        return ConditionOutcome.noMatch("no bean factory");
      }
      if (beans.getBeanNamesForType(EscalationRoute.class, true, false).length > 0) {
        return ConditionOutcome.match("escalation routes");
      }
      boolean toNotifiers =
          context
              .getEnvironment()
              .getProperty(PREFIX + ".routing.to-notifiers", Boolean.class, true);
      boolean notifiers =
          StringUtils.hasText(
                  context
                      .getEnvironment()
                      .getProperty(FeedbackProperties.PREFIX + ".notification.webhook.url"))
              || beans.getBeanNamesForType(Notifier.class, true, false).length > 0;
      return new ConditionOutcome(
          toNotifiers && notifiers,
          "notifiers " + (notifiers ? "" : "none ") + "(to-notifiers " + toNotifiers + ")");
    }
  }
}
