package io.github.agentfeedback.spring.autoconfigure;

import com.mongodb.client.MongoClient;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spring.autoconfigure.FeedbackProperties.StoreType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The store beans, tried in order: MongoDB, in memory. Each backs off when the application
 * defines a {@link FeedbackStore} or a {@link FeedbackManager}: that is how any other store
 * (a JDBC one, say) is used. The manager closes the store, so the store beans have no destroy
 * method of their own.
 */
final class FeedbackStoreConfigurations {

  private static final String TYPE = FeedbackProperties.PREFIX + ".store.type";
  private static final String MONGO_URI = FeedbackProperties.PREFIX + ".store.mongodb.uri";
  private static final String MONGO_STORE = "io.github.agentfeedback.mongo.MongoFeedbackStore";

  private FeedbackStoreConfigurations() {}

  /** MongoDB on the application's {@code MongoClient}, or on a URI of its own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {MONGO_STORE, "com.mongodb.client.MongoClient"})
  @ConditionalOnMissingBean(FeedbackManager.class)
  @Conditional(MongoCondition.class)
  static class Mongo {

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(FeedbackStore.class)
    MongoFeedbackStore feedbackStore(
        FeedbackProperties properties, ObjectProvider<MongoClient> applicationClient) {
      FeedbackProperties.Mongodb mongo = properties.getStore().getMongodb();
      MongoFeedbackStore.Builder b =
          MongoFeedbackStore.builder()
              .database(mongo.getDatabase())
              .collection(mongo.getCollection());
      String uri = mongo.getUri();
      if (StringUtils.hasText(uri)) {
        b.connectionString(uri); // the store owns this client and closes it
      } else {
        MongoClient client = applicationClient.getIfAvailable();
        if (client == null) {
          throw new IllegalStateException(
              TYPE + " is mongodb but there is no MongoClient bean; set " + MONGO_URI);
        }
        b.client(client); // the application's: never closed by the store
      }
      if (mongo.getMaxFeedbacksPerSession() > 0) {
        b.maxFeedbacksPerSession(mongo.getMaxFeedbacksPerSession());
      }
      MongoFeedbackStore store = b.build();
      if (mongo.isEnsureIndexes()) {
        store.ensureIndexes();
      }
      return store;
    }
  }

  /** In memory, when nothing else was chosen. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(FeedbackManager.class)
  @Conditional(MemoryCondition.class)
  static class Memory {

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(FeedbackStore.class)
    InMemoryFeedbackStore feedbackStore() {
      return new InMemoryFeedbackStore();
    }
  }

  /** A store type chosen whose module is missing: fails at startup, naming the module. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(FeedbackManager.class)
  @Conditional(MissingModuleCondition.class)
  static class MissingModule {

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(FeedbackStore.class)
    FeedbackStore feedbackStore() {
      throw new IllegalStateException(
          TYPE + " is mongodb but io.github.agentfeedback:feedback-mongo is not on the class path");
    }
  }

  private static StoreType type(ConditionContext context) {
    return Binder.get(context.getEnvironment()).bind(TYPE, StoreType.class).orElse(StoreType.AUTO);
  }

  private static boolean hasBean(ConditionContext context, String type) {
    ConfigurableListableBeanFactory beans = context.getBeanFactory();
    ClassLoader loader = context.getClassLoader();
    return beans != null
        && ClassUtils.isPresent(type, loader)
        && beans.getBeanNamesForType(ClassUtils.resolveClassName(type, loader), true, false).length
            > 0;
  }

  /** Decided when beans are registered, so that the application's beans are known. */
  abstract static class StoreCondition extends SpringBootCondition
      implements ConfigurationCondition {

    @Override
    public ConfigurationPhase getConfigurationPhase() {
      return ConfigurationPhase.REGISTER_BEAN;
    }
  }

  static final class MongoCondition extends StoreCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata md) {
      StoreType type = type(context);
      boolean match =
          type == StoreType.MONGODB
              || (type == StoreType.AUTO
                  && (StringUtils.hasText(context.getEnvironment().getProperty(MONGO_URI))
                      || hasBean(context, "com.mongodb.client.MongoClient")));
      return new ConditionOutcome(match, "store type " + type + " (MongoDB)");
    }
  }

  static final class MemoryCondition extends StoreCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata md) {
      StoreType type = type(context);
      return new ConditionOutcome(
          type == StoreType.AUTO || type == StoreType.MEMORY, "store type " + type + " (memory)");
    }
  }

  static final class MissingModuleCondition extends StoreCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata md) {
      StoreType type = type(context);
      ClassLoader loader = context.getClassLoader();
      boolean missing = type == StoreType.MONGODB && !ClassUtils.isPresent(MONGO_STORE, loader);
      return new ConditionOutcome(missing, "store type " + type + " without its module");
    }
  }
}
