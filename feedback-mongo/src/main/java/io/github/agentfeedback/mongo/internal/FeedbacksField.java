package io.github.agentfeedback.mongo.internal;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's {@code feedbacks} field as other tools may leave it: null (Python's None),
 * which the store replaces with an empty array, or something else that is no array, which
 * it refuses to append to. Shared by single and bulk appends.
 *
 * <p>Stateless and thread-safe.
 */
public final class FeedbacksField {

  private static final Logger log = LoggerFactory.getLogger(FeedbacksField.class);

  private FeedbacksField() {}

  /**
   * Why the store will not append to a {@code feedbacks} that holds this value.
   *
   * @param found the value, neither an array nor null
   * @return the message, naming the BSON type found and what to do
   */
  public static String notAnArray(BsonValue found) {
    return "the session document's 'feedbacks' is of BSON type "
        + typeAlias(found.getBsonType())
        + ", not an array; another tool wrote it. The store neither appends to it nor "
        + "overwrites it: fix the document (make 'feedbacks' an array) and retry";
  }

  /**
   * Replaces a null {@code feedbacks} (Python's None) with an empty array in each of the
   * sessions, in one update, so that {@code $push} works again. The update's own filter
   * selects only a {@code feedbacks} that is null at the moment it is applied:
   * {@code {feedbacks: {$type: "null", $not: {$type: "array"}}}}. Both parts are needed:
   * {@code {feedbacks: null}} also matches a missing field and an array that holds a null
   * element, and {@code $type} alone, like every query operator, also matches an array by
   * its elements. So an array that another writer put there since the read that found the
   * null, or that merely holds a null element, is never touched, and nothing is lost. The
   * repair is a second step because mongo-java-server, the test server, supports no update
   * pipelines (on MongoDB 4.2+ a pipeline with {@code $ifNull} could do it in the same
   * update).
   *
   * @param call the store operation, for its time budget
   * @param documents the sessions collection
   * @param sessionIds the sessions whose {@code feedbacks} was found null
   */
  public static void repairNulls(
      StoreCall call, MongoCollection<BsonDocument> documents, Collection<String> sessionIds) {
    List<BsonValue> ids = new ArrayList<>(sessionIds.size());
    sessionIds.forEach(id -> ids.add(new BsonString(id)));
    long repaired =
        call.on(documents)
            .updateMany(
                new BsonDocument(Schema.ID, new BsonDocument("$in", new BsonArray(ids)))
                    .append(
                        Schema.FEEDBACKS,
                        new BsonDocument("$type", new BsonString("null"))
                            .append("$not", new BsonDocument("$type", new BsonString("array")))),
                new BsonDocument("$set", new BsonDocument(Schema.FEEDBACKS, new BsonArray())))
            .getModifiedCount();
    log.info(
        "Replaced the null 'feedbacks' of {} of sessions {} with an empty array",
        repaired,
        sessionIds);
  }

  /** The name MongoDB's {@code $type} gives a BSON type, such as "object" or "int". */
  private static String typeAlias(BsonType type) {
    return switch (type) {
      case DOCUMENT -> "object";
      case INT32 -> "int";
      case INT64 -> "long";
      case BOOLEAN -> "bool";
      case DATE_TIME -> "date";
      case OBJECT_ID -> "objectId";
      case BINARY -> "binData";
      case DECIMAL128 -> "decimal";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }
}
