package io.github.agentfeedback.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import java.time.Duration;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/**
 * Which retry-safe driver failures may have left a write applied: the failures a network or a
 * slow server produce, which the embedded server cannot (the write concern case runs through
 * the driver in {@code MongoEscalationStoreTest}).
 */
class MongoErrorsTest {

  private static final ServerAddress SERVER = new ServerAddress("127.0.0.1", 27017);

  @Test
  void aWriteSentOnAConnectionThatFailedMayHaveBeenApplied() {
    assertThat(MongoErrors.mayHaveBeenApplied(new MongoSocketReadException("reset", SERVER)))
        .isTrue();
    assertThat(MongoErrors.mayHaveBeenApplied(new MongoOperationTimeoutException("read"))).isTrue();
  }

  @Test
  void aServerThatCouldNotBeReachedOrRefusedTheWriteAppliedNothing() {
    assertThat(MongoErrors.mayHaveBeenApplied(new MongoSocketOpenException("refused", SERVER)))
        .isFalse();
    assertThat(MongoErrors.mayHaveBeenApplied(new MongoTimeoutException("no server"))).isFalse();
    assertThat(
            MongoErrors.mayHaveBeenApplied(
                new MongoNotPrimaryException(new BsonDocument(), SERVER)))
        .isFalse();
  }

  @Test
  void onlyWorkThatIsNotIdempotentLosesItsRetrySafety() {
    MongoSocketReadException reset = new MongoSocketReadException("reset", SERVER);
    Duration timeout = Duration.ofSeconds(10);
    assertThat(MongoErrors.translate(reset, "append", "s1", "f1", timeout).retrySafe()).isTrue();
    assertThat(MongoErrors.translateNotIdempotent(reset, "raise", timeout).retrySafe()).isFalse();
    MongoSocketOpenException refused = new MongoSocketOpenException("refused", SERVER);
    assertThat(MongoErrors.translateNotIdempotent(refused, "raise", timeout).retrySafe()).isTrue();
  }
}
