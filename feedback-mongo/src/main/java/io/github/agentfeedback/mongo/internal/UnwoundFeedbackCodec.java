package io.github.agentfeedback.mongo.internal;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.SessionFeedback;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;

/**
 * Decodes one result of the stream pipeline, {@code {_id: <session>, feedbacks: {...}}}
 * (the array already unwound to one feedback), into a {@link SessionFeedback}. A session id
 * that is not a string (documents of other tools) is read as its text. Decode-only;
 * thread-safe.
 */
public final class UnwoundFeedbackCodec implements Codec<SessionFeedback> {

  private static final BsonValueCodec VALUES = new BsonValueCodec();

  private final FeedbackCodec feedbackCodec;

  /** Creates the codec. */
  public UnwoundFeedbackCodec(FeedbackCodec feedbackCodec) {
    this.feedbackCodec = feedbackCodec;
  }

  @Override
  public SessionFeedback decode(BsonReader reader, DecoderContext context) {
    String sessionId = null;
    Feedback feedback = null;
    reader.readStartDocument();
    while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = reader.readName();
      if (Schema.ID.equals(name)) {
        sessionId = sessionId(VALUES.decode(reader, context));
      } else if (Schema.FEEDBACKS.equals(name)
          && reader.getCurrentBsonType() == BsonType.DOCUMENT) {
        feedback = feedbackCodec.decode(reader, context);
      } else {
        reader.skipValue();
      }
    }
    reader.readEndDocument();
    if (sessionId == null || feedback == null) {
      throw new CodecConfigurationException(
          "stream result lacks _id or a feedbacks document; the pipeline is broken");
    }
    return new SessionFeedback(sessionId, feedback);
  }

  /** A session document's {@code _id} as the session id: a string as it is, else its text. */
  static String sessionId(BsonValue id) {
    Object model = BsonValues.toModel(id, 1);
    return model == null ? "null" : model.toString();
  }

  @Override
  public void encode(BsonWriter writer, SessionFeedback value, EncoderContext context) {
    throw new CodecConfigurationException("SessionFeedback is read-only here");
  }

  @Override
  public Class<SessionFeedback> getEncoderClass() {
    return SessionFeedback.class;
  }
}
