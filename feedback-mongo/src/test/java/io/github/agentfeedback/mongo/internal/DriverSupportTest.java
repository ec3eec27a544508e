package io.github.agentfeedback.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import org.junit.jupiter.api.Test;

/** The check, when a store is built, that the driver has the client-side operation timeout. */
class DriverSupportTest {

  /** A collection type as drivers before 5.2 have it: no {@code withTimeout}. */
  interface CollectionBeforeFiveTwo {
    CollectionBeforeFiveTwo withReadConcern(Object readConcern);
  }

  @Test
  void aDriverWithoutTheOperationTimeoutIsRefusedNamingTheMinimumAndTheOverride() {
    assertThatThrownBy(() -> DriverSupport.require(CollectionBeforeFiveTwo.class, "version 4.11.1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mongodb-driver-sync")
        .hasMessageContaining("5.2.0 or later")
        .hasMessageContaining("the class path has version 4.11.1")
        .hasMessageContaining("Maven")
        .hasMessageContaining("mongodb.version")
        .hasMessageContaining("Gradle");
  }

  @Test
  void theDriverThisModuleIsBuiltWithPasses() {
    assertThatCode(() -> DriverSupport.require(MongoCollection.class, "any"))
        .doesNotThrowAnyException();
    assertThatCode(DriverSupport::check).doesNotThrowAnyException();
    assertThat(DriverSupport.installedVersion()).matches("version \\d+\\.\\d+\\.\\d+.*");
  }
}
