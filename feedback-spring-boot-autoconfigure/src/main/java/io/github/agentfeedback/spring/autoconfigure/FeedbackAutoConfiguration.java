package io.github.agentfeedback.spring.autoconfigure;

import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.hooks.notify.Notifier;
import io.github.agentfeedback.spi.FeedbackStore;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configures a {@link FeedbackManager} from {@link FeedbackProperties} (prefix
 * {@code agent-feedback}):
 * <ul>
 *   <li>the store: the application's own {@link FeedbackStore} bean if it has one (any
 *       store), else as {@code agent-feedback.store.type} says — MongoDB on the application's
 *       {@code MongoClient} or a URI (feedback-mongo), JDBC on the application's
 *       {@code DataSource} (feedback-jdbc), or in memory;
 *   <li>the hooks, in the documented order of
 *       {@link io.github.agentfeedback.hooks.ReadyHooks}: the ready hooks the properties
 *       switch on (a bean of a ready hook's type replaces it), a notification hook when a
 *       webhook URL is set or {@link Notifier} beans exist, then the application's
 *       {@link FeedbackHook} beans at their {@link FeedbackHookStage stage} in their
 *       {@code @Order}; then {@link ReadyHooksCustomizer}s, {@link FeedbackChainCustomizer}s
 *       and {@link FeedbackManagerCustomizer}s.
 * </ul>
 * Backs off when the application defines its own {@link FeedbackManager}. The manager is
 * closed with the context: its closeable hooks (the notification queue is drained), then
 * the store.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
    })
@ConditionalOnProperty(prefix = FeedbackProperties.PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(FeedbackProperties.class)
@Import({
  FeedbackStoreConfigurations.Mongo.class,
  FeedbackStoreConfigurations.Jdbc.class,
  FeedbackStoreConfigurations.Memory.class,
  FeedbackStoreConfigurations.MissingModule.class
})
public class FeedbackAutoConfiguration {

  /** Made by Spring. */
  public FeedbackAutoConfiguration() {}

  /**
   * The manager, unless the application defines one.
   *
   * @param store the store bean
   * @param properties the properties
   * @param beanFactory where the hook beans' stages are looked up
   * @param hooks the application's hook beans
   * @param notifiers the application's notifier beans
   * @param readyHooksCustomizers customizers of the ready hooks
   * @param chainCustomizers customizers of the whole chain
   * @param managerCustomizers customizers of the manager's builder
   * @return the manager, closed with the context
   */
  @Bean
  @ConditionalOnMissingBean
  public FeedbackManager feedbackManager(
      FeedbackStore store,
      FeedbackProperties properties,
      ConfigurableListableBeanFactory beanFactory,
      ObjectProvider<FeedbackHook> hooks,
      ObjectProvider<Notifier> notifiers,
      ObjectProvider<ReadyHooksCustomizer> readyHooksCustomizers,
      ObjectProvider<FeedbackChainCustomizer> chainCustomizers,
      ObjectProvider<FeedbackManagerCustomizer> managerCustomizers) {
    List<FeedbackHook> chain =
        new HookChainAssembly(properties)
            .assemble(
                beanFactory,
                hooks.orderedStream().toList(),
                notifiers.orderedStream().toList(),
                readyHooksCustomizers.orderedStream().toList());
    for (FeedbackChainCustomizer customizer : chainCustomizers.orderedStream().toList()) {
      chain = List.copyOf(customizer.customize(chain));
    }
    FeedbackManager.Builder builder =
        FeedbackManager.builder()
            .store(store)
            .hooks(chain)
            .unknownSessions(properties.getUnknownSessions())
            .oneVotePerUserAndMessage(properties.isOneVotePerUserAndMessage());
    managerCustomizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }
}
