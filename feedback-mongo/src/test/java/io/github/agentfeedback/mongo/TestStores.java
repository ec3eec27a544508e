package io.github.agentfeedback.mongo;

import io.github.agentfeedback.mongo.test.EmbeddedMongo;

/** Stores for the tests, on the run's shared MongoDB. */
final class TestStores {

  private TestStores() {}

  /** A store builder on the shared client and a fresh database, dropped after the test. */
  static MongoFeedbackStore.Builder fresh(EmbeddedMongo mongo) {
    return MongoFeedbackStore.builder().client(mongo.client()).database(mongo.newDatabaseName());
  }
}
