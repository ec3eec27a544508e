package io.github.agentfeedback.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;

/**
 * The in-memory backend of mongo-java-server, made to answer as MongoDB does where the two
 * differ, or as a replica set answers under faults, for tests that need those answers
 * through the real driver.
 *
 * <ul>
 *   <li>{@link #refusePushOntoNull()}: MongoDB refuses {@code $push} onto a field holding
 *       null ("The field 'feedbacks' must be an array but is of type null in document
 *       {_id: ...}", code 2); mongo-java-server treats the null as a missing field and
 *       pushes.
 *   <li>{@link #writeConcernError(int, String, boolean)}: applies writes, then reports a
 *       {@code writeConcernError}, as a primary does when its secondaries do not confirm in
 *       time.
 * </ul>
 */
final class FaultyBackend extends MemoryBackend {

  private static final List<String> WRITES = List.of("insert", "update", "delete",
      "findandmodify");

  private volatile boolean refusePushOntoNull;
  private volatile Document writeConcernError;

  /** Refuses {@code $push} onto a null field, as MongoDB does. */
  FaultyBackend refusePushOntoNull() {
    refusePushOntoNull = true;
    return this;
  }

  /** Reports this {@code writeConcernError} with every write from now on. */
  FaultyBackend writeConcernError(int code, String message, boolean wtimeout) {
    writeConcernError = new Document("code", code).append("errmsg", message)
        .append("errInfo", new Document("wtimeout", wtimeout));
    return this;
  }

  /** Reports no {@code writeConcernError} any more. */
  FaultyBackend confirmWrites() {
    writeConcernError = null;
    return this;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command,
      Document query) {
    if (refusePushOntoNull && command.equalsIgnoreCase("update")) {
      Document refusal = refusePushOntoNull(channel, database, query);
      if (refusal != null) {
        return refusal;
      }
    }
    Document response = super.handleCommand(channel, database, command, query);
    Document error = writeConcernError;
    if (error != null && WRITES.contains(command.toLowerCase(java.util.Locale.ROOT))) {
      response.put("writeConcernError", error.cloneDeeply());
    }
    return response;
  }

  /** The answer MongoDB gives when the first update pushes onto a null field, or null. */
  private Document refusePushOntoNull(Channel channel, String database, Document query) {
    Document statement = (Document) ((List<?>) query.get("updates")).get(0);
    Object push = ((Document) statement.get("u")).get("$push");
    if (!(push instanceof Document pushed)) {
      return null;
    }
    for (String field : pushed.keySet()) {
      Document nullField = new Document("$and", List.of(statement.get("q"),
          new Document(field, null), new Document(field, new Document("$exists", true))));
      Document found = super.handleCommand(channel, database, "find",
          new Document("find", query.get("update")).append("filter", nullField));
      List<?> batch = (List<?>) ((Map<?, ?>) found.get("cursor")).get("firstBatch");
      if (!batch.isEmpty()) {
        Object id = ((Document) batch.get(0)).get("_id");
        return new Document("n", 0).append("nModified", 0).append("writeErrors", List.of(
            new Document("index", 0).append("code", 2).append("codeName", "BadValue")
                .append("errmsg", "The field '" + field + "' must be an array but is of type "
                    + "null in document {_id: \"" + id + "\"}")))
            .append("ok", 1.0);
      }
    }
    return null;
  }
}
