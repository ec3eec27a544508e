package io.github.agentfeedback.mongo;

import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.mongo.internal.BsonValues;
import io.github.agentfeedback.mongo.internal.FeedbackCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonString;
import org.bson.codecs.EncoderContext;

/**
 * The session documents the MongoDB store would hold after appending feedback and setting
 * metadata through its own writes, made without the store: for one {@code insertMany} of a
 * large data set.
 */
final class SessionDocuments {

  /** The documents' {@code created_at} and {@code updated_at}. */
  private static final Instant CREATED = Instant.parse("2025-12-20T00:00:00Z");

  private SessionDocuments() {}

  /**
   * The documents: per session, the codec's feedback sub-documents in the order given and
   * the metadata.
   *
   * @param feedback the feedback, as it would be appended
   * @param metadata per session, the metadata
   * @return one document per session that has feedback
   */
  static List<BsonDocument> of(
      List<SessionFeedback> feedback, Map<String, Map<String, Object>> metadata) {
    FeedbackCodec codec = new FeedbackCodec();
    Map<String, BsonArray> arrays = new LinkedHashMap<>();
    for (SessionFeedback sf : feedback) {
      BsonDocument encoded = new BsonDocument();
      codec.encode(
          new BsonDocumentWriter(encoded), sf.feedback(), EncoderContext.builder().build());
      arrays.computeIfAbsent(sf.sessionId(), k -> new BsonArray()).add(encoded);
    }
    List<BsonDocument> documents = new ArrayList<>(arrays.size());
    BsonDateTime now = new BsonDateTime(CREATED.toEpochMilli());
    arrays.forEach(
        (session, array) -> {
          BsonDocument values = new BsonDocument();
          metadata
              .getOrDefault(session, Map.of())
              .forEach((k, v) -> values.append(k, BsonValues.toBson(v)));
          documents.add(
              new BsonDocument("_id", new BsonString(session))
                  .append("session_id", new BsonString(session))
                  .append("created_at", now)
                  .append("updated_at", now)
                  .append("metadata", values)
                  .append("feedbacks", array));
        });
    return documents;
  }
}
