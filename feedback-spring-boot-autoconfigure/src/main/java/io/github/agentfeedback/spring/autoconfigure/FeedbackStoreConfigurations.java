package io.github.agentfeedback.spring.autoconfigure;

import com.mongodb.client.MongoClient;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.jdbc.JdbcFeedbackStore;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStore;
import io.github.agentfeedback.mongo.MongoFeedbackStores;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spring.autoconfigure.FeedbackProperties.StoreType;
import java.util.Locale;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The store beans, tried in order: MongoDB, JDBC, in memory. Each backs off when the
 * application defines a {@link FeedbackStore} or a {@link FeedbackManager}: that is how any
 * other store is used. The manager closes the store, so the store beans have no destroy method
 * of their own; neither the JDBC store nor the manager closes the application's {@link
 * DataSource}, and nothing closes the application's {@code MongoClient}.
 */
final class FeedbackStoreConfigurations {

  private static final String TYPE = FeedbackProperties.PREFIX + ".store.type";
  private static final String MONGO_URI = FeedbackProperties.PREFIX + ".store.mongodb.uri";
  private static final String MONGO_STORE = "io.github.agentfeedback.mongo.MongoFeedbackStore";
  private static final String MONGO_CLIENT = "com.mongodb.client.MongoClient";
  private static final String JDBC = FeedbackProperties.PREFIX + ".store.jdbc";
  private static final String JDBC_STORE = "io.github.agentfeedback.jdbc.JdbcFeedbackStore";
  private static final String DATA_SOURCE = "javax.sql.DataSource";

  private FeedbackStoreConfigurations() {}

  /**
   * MongoDB on the application's {@code MongoClient}, or on a URI of its own. The client is
   * held by a {@link MongoFeedbackStores} bean, so that the escalation store and the leases
   * share it; closed with the context when it was made from the URI.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {MONGO_STORE, MONGO_CLIENT})
  @ConditionalOnMissingBean(FeedbackManager.class)
  @Conditional(MongoCondition.class)
  static class Mongo {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean({FeedbackStore.class, MongoFeedbackStores.class})
    MongoFeedbackStores feedbackMongoStores(
        FeedbackProperties properties, ObjectProvider<MongoClient> applicationClient) {
      FeedbackProperties.Mongodb mongo = properties.getStore().getMongodb();
      MongoFeedbackStores.Builder b =
          MongoFeedbackStores.builder()
              .database(mongo.getDatabase())
              .collection(mongo.getCollection());
      String uri = mongo.getUri();
      if (StringUtils.hasText(uri)) {
        b.connectionString(uri); // made here: closed with the context
      } else {
        MongoClient client = applicationClient.getIfAvailable();
        if (client == null) {
          throw new IllegalStateException(
              TYPE + " is mongodb but there is no MongoClient bean; set " + MONGO_URI);
        }
        b.client(client); // the application's: never closed here
      }
      if (mongo.getMaxFeedbacksPerSession() > 0) {
        b.maxFeedbacksPerSession(mongo.getMaxFeedbacksPerSession());
      }
      return b.build();
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(FeedbackStore.class)
    MongoFeedbackStore feedbackStore(FeedbackProperties properties, MongoFeedbackStores stores) {
      MongoFeedbackStore store = stores.store();
      if (properties.getStore().getMongodb().isEnsureIndexes()) {
        store.ensureIndexes();
      }
      return store;
    }
  }

  /**
   * JDBC (PostgreSQL, SQLite) on the application's {@code DataSource}, which the store never
   * closes; the schema created at startup unless {@code initialize-schema} is false, after
   * the application's database initializers (Flyway, Liquibase, {@code spring.sql.init}):
   * had the store created its tables first, Flyway would refuse a non-empty schema it has
   * no history of.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = JDBC_STORE)
  @ConditionalOnMissingBean(FeedbackManager.class)
  @Conditional(JdbcCondition.class)
  static class Jdbc {

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(FeedbackStore.class)
    @DependsOnDatabaseInitialization
    JdbcFeedbackStore feedbackStore(
        FeedbackProperties properties, ObjectProvider<DataSource> dataSources) {
      DataSource dataSource = dataSources.getIfUnique();
      if (dataSource == null) {
        throw new IllegalStateException(
            TYPE
                + " is "
                + name(properties.getStore().getType())
                + " but there is no single DataSource bean (none, or several and none @Primary);"
                + " define one, e.g. spring.datasource.url with spring-boot-starter-jdbc");
      }
      FeedbackProperties.Jdbc jdbc = properties.getStore().getJdbc();
      // the application's: never closed by the store
      JdbcFeedbackStore.Builder b = JdbcFeedbackStore.builder().dataSource(dataSource);
      checked("sessions-table", () -> b.sessionsTable(jdbc.getSessionsTable()));
      checked("feedback-table", () -> b.feedbackTable(jdbc.getFeedbackTable()));
      checked("statement-timeout", () -> b.statementTimeout(jdbc.getStatementTimeout()));
      checked(
          "max-feedbacks-per-session",
          () -> b.maxFeedbacksPerSession(jdbc.getMaxFeedbacksPerSession()));
      checked("fetch-size", () -> b.fetchSize(jdbc.getFetchSize()));
      checked("batch-size", () -> b.batchSize(jdbc.getBatchSize()));
      JdbcFeedbackStore store = checked("feedback-table", b::build);
      if (jdbc.isInitializeSchema()) {
        store.createSchema();
      }
      return store;
    }
  }

  /**
   * Runs a step of the JDBC store's builder, whose exceptions name its own setting, so that
   * they name the property too.
   */
  private static <T> T checked(String property, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(JDBC + "." + property + ": " + e.getMessage(), e);
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
    FeedbackStore feedbackStore(FeedbackProperties properties) {
      StoreType type = properties.getStore().getType();
      throw new IllegalStateException(
          TYPE
              + " is "
              + name(type)
              + " but io.github.agentfeedback:feedback-"
              + (type == StoreType.MONGODB ? "mongo" : name(type))
              + " is not on the class path");
    }
  }

  private static String name(StoreType type) {
    return type.name().toLowerCase(Locale.ROOT);
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
      boolean match = type == StoreType.MONGODB || (type == StoreType.AUTO && mongoFound(context));
      return new ConditionOutcome(match, "store type " + type + " (MongoDB)");
    }

    /** Whether AUTO finds MongoDB: its module, and a client bean or a URI. */
    static boolean mongoFound(ConditionContext context) {
      return ClassUtils.isPresent(MONGO_STORE, context.getClassLoader())
          && (StringUtils.hasText(context.getEnvironment().getProperty(MONGO_URI))
              || hasBean(context, MONGO_CLIENT));
    }
  }

  static final class JdbcCondition extends StoreCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata md) {
      StoreType type = type(context);
      boolean match =
          type == StoreType.JDBC
              || (type == StoreType.AUTO
                  && !MongoCondition.mongoFound(context)
                  && hasBean(context, DATA_SOURCE));
      return new ConditionOutcome(match, "store type " + type + " (JDBC)");
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
      boolean missing =
          (type == StoreType.MONGODB && !ClassUtils.isPresent(MONGO_STORE, loader))
              || (type == StoreType.JDBC && !ClassUtils.isPresent(JDBC_STORE, loader));
      return new ConditionOutcome(missing, "store type " + type + " without its module");
    }
  }
}
