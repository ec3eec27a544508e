package io.github.agentfeedback.spring.autoconfigure;

import static io.github.agentfeedback.spring.autoconfigure.FeedbackEscalationAutoConfiguration.checked;
import static io.github.agentfeedback.spring.autoconfigure.FeedbackEscalationAutoConfiguration.named;

import com.mongodb.client.MongoClient;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.Leases;
import io.github.agentfeedback.escalation.WindowRule;
import io.github.agentfeedback.jdbc.JdbcEscalationStore;
import io.github.agentfeedback.jdbc.JdbcLeases;
import io.github.agentfeedback.mongo.MongoEscalationStore;
import io.github.agentfeedback.mongo.MongoFeedbackStores;
import io.github.agentfeedback.mongo.MongoLeases;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The escalation store and the leases beside a MongoDB or JDBC feedback store bean, in the
 * same database; each backs off when the application defines one. An application's feedback
 * store bean declared as another type gets them in memory (with a warning) unless it defines
 * its own.
 */
final class EscalationStoreConfigurations {

  private static final String MONGO_STORE = "io.github.agentfeedback.mongo.MongoFeedbackStore";
  private static final String JDBC_STORE = "io.github.agentfeedback.jdbc.JdbcFeedbackStore";
  private static final String TIMEOUT = FeedbackProperties.PREFIX + ".store.jdbc.statement-timeout";

  private EscalationStoreConfigurations() {}

  /**
   * MongoDB: the client and database of the feedback store's {@link MongoFeedbackStores}
   * (the starter's, or the application's), else the application's {@link MongoClient} bean
   * and the database of {@code store.mongodb.database}. The escalation store makes its
   * unique index when it is built, whatever {@code store.mongodb.ensure-indexes} says: one
   * open escalation per rule and subject depends on it.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {MONGO_STORE, "com.mongodb.client.MongoClient"})
  @ConditionalOnBean(type = MONGO_STORE)
  static class Mongo {

    @Bean
    @ConditionalOnMissingBean(EscalationStore.class)
    MongoEscalationStore escalationStore(
        FeedbackProperties properties,
        ObjectProvider<MongoFeedbackStores> stores,
        ObjectProvider<MongoClient> clients) {
      Target at = Target.of(properties, stores, clients);
      MongoEscalationStore.Builder b =
          MongoEscalationStore.builder().client(at.client()).database(at.database());
      checked(
          "mongodb.collection",
          () -> b.collection(properties.getEscalation().getMongodb().getCollection()));
      return b.build();
    }

    @Bean
    @ConditionalOnMissingBean(Leases.class)
    @ConditionalOnBean(WindowRule.class)
    MongoLeases feedbackLeases(
        FeedbackProperties properties,
        ObjectProvider<MongoFeedbackStores> stores,
        ObjectProvider<MongoClient> clients) {
      Target at = Target.of(properties, stores, clients);
      MongoLeases.Builder b = MongoLeases.builder().client(at.client()).database(at.database());
      checked(
          "mongodb.leases-collection",
          () -> b.collection(properties.getEscalation().getMongodb().getLeasesCollection()));
      return b.build();
    }

    /** The client and database that escalations and leases share with the feedback. */
    private record Target(MongoClient client, String database) {

      static Target of(
          FeedbackProperties properties,
          ObjectProvider<MongoFeedbackStores> stores,
          ObjectProvider<MongoClient> clients) {
        MongoFeedbackStores shared = stores.getIfUnique();
        if (shared != null) {
          return new Target(shared.client(), shared.database());
        }
        MongoClient client = clients.getIfUnique();
        if (client == null) {
          throw new IllegalStateException(
              FeedbackEscalationAutoConfiguration.PREFIX
                  + " is enabled beside a MongoDB feedback store of the application's, but"
                  + " there is no single MongoClient bean: define one, or an EscalationStore"
                  + " bean");
        }
        return new Target(client, properties.getStore().getMongodb().getDatabase());
      }
    }
  }

  /**
   * JDBC: the application's {@link DataSource}, the statement timeout of {@code
   * store.jdbc.statement-timeout}; the tables made at startup unless {@code
   * store.jdbc.initialize-schema} is false, after the application's database initializers.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = JDBC_STORE)
  @ConditionalOnBean(type = JDBC_STORE)
  static class Jdbc {

    @Bean
    @ConditionalOnMissingBean(EscalationStore.class)
    @DependsOnDatabaseInitialization
    JdbcEscalationStore escalationStore(
        FeedbackProperties properties, ObjectProvider<DataSource> dataSources) {
      FeedbackProperties.Jdbc jdbc = properties.getStore().getJdbc();
      JdbcEscalationStore.Builder b =
          JdbcEscalationStore.builder().dataSource(dataSource(dataSources));
      named(TIMEOUT, () -> b.statementTimeout(jdbc.getStatementTimeout()));
      checked("jdbc.table", () -> b.table(properties.getEscalation().getJdbc().getTable()));
      JdbcEscalationStore store = b.build();
      if (jdbc.isInitializeSchema()) {
        store.createSchema();
      }
      return store;
    }

    @Bean
    @ConditionalOnMissingBean(Leases.class)
    @ConditionalOnBean(WindowRule.class)
    @DependsOnDatabaseInitialization
    JdbcLeases feedbackLeases(
        FeedbackProperties properties, ObjectProvider<DataSource> dataSources) {
      FeedbackProperties.Jdbc jdbc = properties.getStore().getJdbc();
      JdbcLeases.Builder b = JdbcLeases.builder().dataSource(dataSource(dataSources));
      named(TIMEOUT, () -> b.statementTimeout(jdbc.getStatementTimeout()));
      checked(
          "jdbc.leases-table",
          () -> b.table(properties.getEscalation().getJdbc().getLeasesTable()));
      JdbcLeases leases = b.build();
      if (jdbc.isInitializeSchema()) {
        leases.createSchema();
      }
      return leases;
    }

    private static DataSource dataSource(ObjectProvider<DataSource> dataSources) {
      DataSource dataSource = dataSources.getIfUnique();
      if (dataSource == null) {
        throw new IllegalStateException(
            FeedbackEscalationAutoConfiguration.PREFIX
                + " is enabled beside a JDBC feedback store, but there is no single DataSource"
                + " bean: define one, or an EscalationStore bean");
      }
      return dataSource;
    }
  }
}
