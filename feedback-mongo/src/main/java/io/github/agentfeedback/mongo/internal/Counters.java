package io.github.agentfeedback.mongo.internal;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionCounts;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonNumber;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * A session document's optional {@code counters} sub-document, which the store keeps in the
 * same update as every write of feedback so that the write's result carries the session's
 * {@link SessionCounts} at no extra round trip: {@code {v: 1, up, down, neutral, total}}
 * (a count that is missing is 0). The Python library ignores the field.
 *
 * <p>Appends {@code $inc} the counts of what they push (an update that pushes nothing, a
 * duplicate, changes nothing); replacements move a count from the old rating to the new one
 * in the update whose filter holds the old element. Writes that cannot know what they remove
 * in the same update ({@code $pull} of a delete or an erasure) drop {@code v} and
 * {@code $inc} {@code rev}, marking the counts for a recount; so does a session the store did
 * not create (the Python library's, or one written before the counters existed), which has
 * no {@code v}. The next write that reads counts without {@code v} recounts the session's
 * array once and sets the counts with a compare-and-set on the sub-document as read (see
 * {@link #recountFilter}); every write changes the sub-document, so a recount that lost a
 * race writes nothing and the next write tries again.
 *
 * <p>Under a retention cap the array is bounded: the store does not keep counters (it
 * {@code $unset}s them) and counts the array of the write's post-image instead, projected to
 * the ids and ratings of its elements.
 *
 * <p>Not instantiable; thread-safe.
 */
public final class Counters {

  /** The sub-document's field in a session document. */
  public static final String FIELD = "counters";

  /** {@code counters.v}: present (1) while the counts are kept. */
  public static final String VALID = FIELD + ".v";

  private static final String V = "v";
  private static final String REV = "rev";
  private static final String TOTAL = "total";

  private Counters() {}

  /** {@code counters.<key>} for a rating; {@code null} for feedback without one. */
  private static @Nullable String key(@Nullable Rating rating) {
    return rating == null ? null : rating.name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Adds to an update the {@code $inc} that counts feedbacks pushed.
   *
   * @param update the update
   * @param pushed the feedbacks it pushes
   */
  public static void countPushed(Document update, List<Feedback> pushed) {
    Document inc = incOf(update);
    for (Feedback f : pushed) {
      add(inc, f.rating(), 1);
    }
  }

  /**
   * Adds to an update the {@code $inc} that moves one count from one rating to another.
   *
   * @param update the update
   * @param from the stored rating, or {@code null}
   * @param to the new rating, or {@code null}
   */
  public static void countMoved(Document update, @Nullable Rating from, @Nullable Rating to) {
    if (from == to) {
      return;
    }
    Document inc = incOf(update);
    add(inc, from, -1);
    add(inc, to, 1);
  }

  /**
   * Adds to an update what marks the counts for a recount: {@code $unset} of {@code v} and
   * {@code $inc} of {@code rev}, so that a recount racing the update loses.
   *
   * @param update an update that removes feedback
   */
  public static void markForRecount(BsonDocument update) {
    update.append("$unset", new BsonDocument(VALID, new BsonString("")));
    update.append("$inc", new BsonDocument(FIELD + "." + REV, new BsonInt32(1)));
  }

  /**
   * Adds to an update the {@code $unset} of the whole sub-document (under a retention cap).
   *
   * @param update the update
   */
  public static void drop(Document update) {
    update.append("$unset", new Document(FIELD, ""));
  }

  private static Document incOf(Document update) {
    Object inc = update.get("$inc");
    if (inc instanceof Document d) {
      return d;
    }
    Document created = new Document();
    update.append("$inc", created);
    return created;
  }

  private static void add(Document inc, @Nullable Rating rating, int delta) {
    String key = key(rating);
    if (key != null) {
      inc.merge(FIELD + "." + key, delta, (a, b) -> (Integer) a + (Integer) b);
    }
    inc.merge(FIELD + "." + TOTAL, delta, (a, b) -> (Integer) a + (Integer) b);
  }

  /**
   * The projection that reads the kept counts.
   *
   * @return {@code {counters: 1, _id: 0}}
   */
  public static BsonDocument projection() {
    return new BsonDocument(FIELD, new BsonInt32(1)).append(Schema.ID, new BsonInt32(0));
  }

  /**
   * The projection that reads what a recount, or a capped store, counts: the ids and
   * ratings of the array's elements, and the kept counts.
   *
   * @return the projection
   */
  public static BsonDocument arrayProjection() {
    return new BsonDocument(Schema.feedbackPath(Schema.F_ID), new BsonInt32(1))
        .append(Schema.feedbackPath(Schema.F_RATING), new BsonInt32(1))
        .append(FIELD, new BsonInt32(1))
        .append(Schema.ID, new BsonInt32(0));
  }

  /**
   * The kept counts of a session document, when they are kept.
   *
   * @param session a document with {@code counters} projected, or {@code null}
   * @return the counts, or {@code null} when they are missing or marked for a recount
   */
  public static @Nullable SessionCounts kept(@Nullable BsonDocument session) {
    BsonValue c = session == null ? null : session.get(FIELD);
    if (c == null || !c.isDocument() || !c.asDocument().containsKey(V)) {
      return null;
    }
    BsonDocument d = c.asDocument();
    long up = number(d, "up");
    long down = number(d, "down");
    long neutral = number(d, "neutral");
    long total = number(d, TOTAL);
    if (up < 0 || down < 0 || neutral < 0 || total < up + down + neutral) {
      return null; // changed by someone else: count again
    }
    return new SessionCounts(up, down, neutral, total);
  }

  private static long number(BsonDocument d, String key) {
    BsonValue v = d.get(key);
    return v instanceof BsonNumber n ? n.longValue() : 0;
  }

  /**
   * Counts the elements of a session document's {@code feedbacks} array by
   * {@link #rating(BsonDocument)}; every element that is a document counts in the total.
   *
   * @param session a document with {@code feedbacks} projected, or {@code null}
   * @return the counts; empty when there is no array
   */
  public static SessionCounts ofArray(@Nullable BsonDocument session) {
    BsonValue array = session == null ? null : session.get(Schema.FEEDBACKS);
    if (array == null || !array.isArray()) {
      return SessionCounts.EMPTY;
    }
    long up = 0;
    long down = 0;
    long neutral = 0;
    long total = 0;
    for (BsonValue e : array.asArray()) {
      if (!e.isDocument()) {
        continue;
      }
      total++;
      Rating r = rating(e.asDocument());
      if (r == Rating.UP) {
        up++;
      } else if (r == Rating.DOWN) {
        down++;
      } else if (r == Rating.NEUTRAL) {
        neutral++;
      }
    }
    return new SessionCounts(up, down, neutral, total);
  }

  /**
   * The rating of a stored element as the store reads it: none without a {@code rating}
   * key, {@code "up"} and {@code "down"} as such, anything else (null, as Python stores
   * neutral) neutral.
   *
   * @param element a feedback sub-document
   * @return the rating, or {@code null} for none
   */
  public static @Nullable Rating rating(BsonDocument element) {
    BsonValue r = element.get(Schema.F_RATING);
    if (r == null) {
      return null;
    }
    if (r.isString() && r.asString().getValue().equals("up")) {
      return Rating.UP;
    }
    if (r.isString() && r.asString().getValue().equals("down")) {
      return Rating.DOWN;
    }
    return Rating.NEUTRAL;
  }

  /**
   * The filter of a recount's write: the session while its sub-document is exactly as the
   * recount read it (or still missing).
   *
   * @param id the session's {@code _id}
   * @param read the document the recount read, with {@code counters} projected
   * @return the filter
   */
  public static BsonDocument recountFilter(BsonValue id, BsonDocument read) {
    BsonValue c = read.get(FIELD);
    return new BsonDocument(Schema.ID, id)
        .append(FIELD, c != null ? c : new BsonDocument("$exists", org.bson.BsonBoolean.FALSE));
  }

  /**
   * The update of a recount's write: the counts, kept.
   *
   * @param counts what the recount counted
   * @return {@code {$set: {counters: {v: 1, up, down, neutral, total}}}}
   */
  public static BsonDocument recountUpdate(SessionCounts counts) {
    return new BsonDocument(
        "$set",
        new BsonDocument(
            FIELD,
            new BsonDocument(V, new BsonInt32(1))
                .append("up", new org.bson.BsonInt64(counts.up()))
                .append("down", new org.bson.BsonInt64(counts.down()))
                .append("neutral", new org.bson.BsonInt64(counts.neutral()))
                .append(TOTAL, new org.bson.BsonInt64(counts.total()))));
  }
}
