package io.github.agentfeedback.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory backend of mongo-java-server, made to answer as MongoDB does where the two
 * differ, or as a replica set answers under faults, for tests that need those answers
 * through the real driver. Every statement of an {@code update} command (one per update of
 * a bulk write) is answered on its own, in order, as MongoDB answers them; a
 * {@code findAndModify} with an update is an update too (refused as its statement would be,
 * with a command error, and preceded by {@link #beforeNextUpdate}).
 *
 * <ul>
 *   <li>{@link #refusePushOntoNull()}: MongoDB refuses {@code $push} onto a field holding
 *       null ("The field 'feedbacks' must be an array but is of type null in document
 *       {_id: ...}", code 2); mongo-java-server treats the null as a missing field and
 *       pushes.
 *   <li>{@link #refuseAsTooLarge(String)}: MongoDB refuses an update whose result would
 *       exceed 16 MB (code 17419); mongo-java-server does not enforce the limit on updates.
 *       The backend refuses every update that pushes feedback with the given id.
 *   <li>{@link #writeConcernError(int, String, boolean)}: applies writes, then reports a
 *       {@code writeConcernError}, as a primary does when its secondaries do not confirm in
 *       time.
 *   <li>{@link #beforeNextUpdate(String, Document)}: runs another writer's command just
 *       before the next {@code update} command is applied.
 * </ul>
 */
final class FaultyBackend extends MemoryBackend {

  private static final List<String> WRITES = List.of("insert", "update", "delete", "findandmodify");

  private volatile boolean refusePushOntoNull;
  private final Set<String> tooLarge = ConcurrentHashMap.newKeySet();
  private volatile Document writeConcernError;
  private final AtomicReference<Document> beforeNextUpdate = new AtomicReference<>();

  /** Refuses {@code $push} onto a null field, as MongoDB does. */
  FaultyBackend refusePushOntoNull() {
    refusePushOntoNull = true;
    return this;
  }

  /** Refuses, as too large, every update that pushes feedback with this id. */
  FaultyBackend refuseAsTooLarge(String feedbackId) {
    tooLarge.add(feedbackId);
    return this;
  }

  /** Reports this {@code writeConcernError} with every write from now on. */
  FaultyBackend writeConcernError(int code, String message, boolean wtimeout) {
    writeConcernError =
        new Document("code", code)
            .append("errmsg", message)
            .append("errInfo", new Document("wtimeout", wtimeout));
    return this;
  }

  /** Reports no {@code writeConcernError} any more. */
  FaultyBackend confirmWrites() {
    writeConcernError = null;
    return this;
  }

  /**
   * Runs a command once, as another writer would, just before the next update command.
   *
   * @param command the command's name, such as {@code "update"} or {@code "delete"}
   * @param query the command document
   */
  FaultyBackend beforeNextUpdate(String command, Document query) {
    beforeNextUpdate.set(new Document("command", command).append("query", query));
    return this;
  }

  @Override
  public Document handleCommand(Channel channel, String database, String command, Document query) {
    Document response;
    if (command.equalsIgnoreCase("update") || isUpdatingFindAndModify(command, query)) {
      Document before = beforeNextUpdate.getAndSet(null);
      if (before != null) {
        super.handleCommand(
            channel, database, (String) before.get("command"), (Document) before.get("query"));
      }
      response =
          command.equalsIgnoreCase("update")
              ? update(channel, database, query)
              : findAndModify(channel, database, command, query);
    } else {
      response = super.handleCommand(channel, database, command, query);
    }
    Document error = writeConcernError;
    if (error != null && WRITES.contains(command.toLowerCase(Locale.ROOT))) {
      response.put("writeConcernError", error.cloneDeeply());
    }
    return response;
  }

  private static boolean isUpdatingFindAndModify(String command, Document query) {
    return command.equalsIgnoreCase("findandmodify") && query.get("update") instanceof Document;
  }

  /** Refuses as MongoDB would (a command error), or applies. */
  private Document findAndModify(Channel channel, String database, String command, Document query) {
    Document statement =
        new Document("q", query.getOrDefault("query", new Document()))
            .append("u", query.get("update"));
    Object collection =
        query.containsKey("findAndModify") ? query.get("findAndModify") : query.get(command);
    Document refusal = refusal(channel, database, collection, statement);
    if (refusal != null) {
      return refusal.append("ok", 0.0);
    }
    return super.handleCommand(channel, database, command, query);
  }

  /** Answers each statement on its own, in order, and merges the answers. */
  private Document update(Channel channel, String database, Document query) {
    List<?> statements = (List<?>) query.get("updates");
    int n = 0;
    int modified = 0;
    List<Document> upserted = new ArrayList<>();
    List<Document> writeErrors = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Document statement = (Document) statements.get(i);
      Document refusal = refusal(channel, database, query.get("update"), statement);
      if (refusal != null) {
        writeErrors.add(refusal.append("index", i));
        continue;
      }
      Document one = new Document(query).append("updates", List.of(statement));
      Document answer = super.handleCommand(channel, database, "update", one);
      n += ((Number) answer.get("n")).intValue();
      modified += ((Number) answer.getOrDefault("nModified", 0)).intValue();
      for (Object u : (List<?>) answer.getOrDefault("upserted", List.of())) {
        upserted.add(new Document((Document) u).append("index", i));
      }
      for (Object e : (List<?>) answer.getOrDefault("writeErrors", List.of())) {
        writeErrors.add(new Document((Document) e).append("index", i));
      }
    }
    Document response = new Document("n", n).append("nModified", modified);
    if (!upserted.isEmpty()) {
      response.append("upserted", upserted);
    }
    if (!writeErrors.isEmpty()) {
      response.append("writeErrors", writeErrors);
    }
    return response.append("ok", 1.0);
  }

  /** The error MongoDB would answer this statement with, or null. */
  private Document refusal(
      Channel channel, String database, Object collection, Document statement) {
    Object push = ((Document) statement.get("u")).get("$push");
    if (!(push instanceof Document pushed)) {
      return null;
    }
    for (String field : pushed.keySet()) {
      for (Object element : elements(pushed.get(field))) {
        if (element instanceof Document d && tooLarge.contains(String.valueOf(d.get("id")))) {
          return new Document("code", 17419)
              .append("codeName", "BSONObjectTooLarge")
              .append("errmsg", "Resulting document after update is larger than 16777216");
        }
      }
      if (!refusePushOntoNull) {
        continue;
      }
      // A field that is null itself; MongoDB pushes onto an array that holds a null.
      Document nullField =
          new Document(
              "$and",
              List.of(
                  statement.get("q"),
                  new Document(
                      field,
                      new Document("$type", "null")
                          .append("$not", new Document("$type", "array")))));
      Document found =
          super.handleCommand(
              channel,
              database,
              "find",
              new Document("find", collection).append("filter", nullField));
      List<?> batch = (List<?>) ((Map<?, ?>) found.get("cursor")).get("firstBatch");
      if (!batch.isEmpty()) {
        Object id = ((Document) batch.get(0)).get("_id");
        return new Document("code", 2)
            .append("codeName", "BadValue")
            .append(
                "errmsg",
                "The field '"
                    + field
                    + "' must be an array but is of type "
                    + "null in document {_id: \""
                    + id
                    + "\"}");
      }
    }
    return null;
  }

  /** What a {@code $push} pushes: the elements of {@code $each}, or the one value. */
  private static List<?> elements(Object pushed) {
    if (pushed instanceof Document d && d.containsKey("$each")) {
      return (List<?>) d.get("$each");
    }
    return List.of(pushed);
  }
}
