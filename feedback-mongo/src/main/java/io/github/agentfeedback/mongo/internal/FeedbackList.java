package io.github.agentfeedback.mongo.internal;

import io.github.agentfeedback.Feedback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecConfigurationException;

/**
 * A session's feedback array, as read by a query that projects only {@code feedbacks}.
 * Immutable and thread-safe.
 *
 * @param feedbacks the feedback in array order (oldest first)
 */
public record FeedbackList(List<Feedback> feedbacks) {

  /** Copies the list. */
  public FeedbackList {
    feedbacks = List.copyOf(feedbacks);
  }

  /**
   * Decodes {@code {feedbacks: [...]}} straight from the wire into {@link Feedback}s,
   * skipping array elements that are not documents. Decode-only; thread-safe.
   */
  public static final class ListCodec implements Codec<FeedbackList> {

    private final FeedbackCodec feedbackCodec;

    /** Creates the codec. */
    public ListCodec(FeedbackCodec feedbackCodec) {
      this.feedbackCodec = feedbackCodec;
    }

    @Override
    public FeedbackList decode(BsonReader reader, DecoderContext context) {
      List<Feedback> list = List.of();
      reader.readStartDocument();
      while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
        String name = reader.readName();
        if (Schema.FEEDBACKS.equals(name) && reader.getCurrentBsonType() == BsonType.ARRAY) {
          list = new ArrayList<>();
          reader.readStartArray();
          while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            if (reader.getCurrentBsonType() == BsonType.DOCUMENT) {
              list.add(feedbackCodec.decode(reader, context));
            } else {
              reader.skipValue();
            }
          }
          reader.readEndArray();
        } else {
          reader.skipValue();
        }
      }
      reader.readEndDocument();
      return new FeedbackList(Collections.unmodifiableList(list));
    }

    @Override
    public void encode(BsonWriter writer, FeedbackList value, EncoderContext context) {
      throw new CodecConfigurationException("FeedbackList is read-only");
    }

    @Override
    public Class<FeedbackList> getEncoderClass() {
      return FeedbackList.class;
    }
  }
}
