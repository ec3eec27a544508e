package io.github.agentfeedback.mongo.internal;

import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.CODE_POINTS;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.COMMENTED;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.COUNT;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.DIMENSION;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.DOWN;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.KEY;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.PART;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.RATING_MISSING;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.SCORE;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.SCORES;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.SENTIMENT_COUNT;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.SENTIMENT_LOW;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.SENTIMENT_SUM;
import static io.github.agentfeedback.mongo.internal.AnalyticsPipelines.UP;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.GroupKeys;
import io.github.agentfeedback.spi.ReferenceFold;
import io.github.agentfeedback.spi.SessionTally;
import io.github.agentfeedback.spi.StoredValues;
import io.github.agentfeedback.spi.Tally;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonValue;
import org.jspecify.annotations.Nullable;

/**
 * Reads the groups of {@link AnalyticsPipelines#pipeline} into an {@link AnalyticsResult}:
 * each group's sums become a {@link Tally}, its stored key becomes the key text the
 * in-memory fold gives the same feedback (by the codec's own reading rules), and an
 * {@link ReferenceFold} fed with them keeps, ranks and orders the groups, pairs and terms
 * as the reference fold does.
 *
 * <p>Stateless and thread-safe.
 */
public final class AnalyticsRows {

  private AnalyticsRows() {}

  /**
   * Folds the groups the server returned.
   *
   * @param request the request the pipeline was built for
   * @param rows the groups, in any order
   * @return the result, equal to the reference fold's over the same feedback
   */
  public static AnalyticsResult read(AnalyticsRequest request, Iterator<BsonDocument> rows) {
    return read(request, rows, null);
  }

  /**
   * Folds the groups the server returned, and the groups of the session sums.
   *
   * @param request the request the pipelines were built for
   * @param rows the groups of {@link AnalyticsPipelines#pipeline}, in any order
   * @param sessionRows the groups of {@link AnalyticsPipelines#sessionPipeline}, or null
   * @return the result, equal to the reference fold's over the same feedback
   */
  public static AnalyticsResult read(
      AnalyticsRequest request,
      Iterator<BsonDocument> rows,
      @Nullable Iterator<BsonDocument> sessionRows) {
    ReferenceFold fold = ReferenceFold.of(request);
    if (sessionRows != null) {
      sessionSums(request, fold, sessionRows);
    }
    int totalOf = AnalyticsPipelines.totalOf(request);
    while (rows.hasNext()) {
      BsonDocument row = rows.next();
      BsonDocument id = row.getDocument(Schema.ID);
      String part = id.getString(PART).getValue();
      BsonValue key = id.get(KEY, BsonNull.VALUE);
      long count = Pipelines.longValue(row.get(COUNT));
      switch (part) {
        case AnalyticsPipelines.TOTAL -> fold.total().add(tally(row));
        case AnalyticsPipelines.PAIR ->
            pair(
                fold,
                Objects.requireNonNull(request.pairwise(), "pairwise").kind(),
                key.asDocument(),
                count);
        case AnalyticsPipelines.NEGATIVE_COMMENT ->
            fold.negativeComment(key.asString().getValue(), count);
        default -> {
          int breakdown = Integer.parseInt(part);
          GroupKey groupKey = request.breakdowns().get(breakdown).key();
          if (groupKey.kind() != GroupKey.Kind.TAG || key.isNull() || isTag(key)) {
            Tally sums = tally(row);
            fold.group(breakdown, keyText(groupKey, key), sums);
            if (breakdown == totalOf) {
              fold.total().add(sums);
            }
          }
        }
      }
    }
    return fold.result();
  }

  /**
   * Adds the session sums of each group (and of the total) to the fold, from the up and down
   * votes and the scores per stored key, session and stored score: the counts of stored keys
   * that read as one group key, and of stored scores that read as one score, are added per
   * session before they are squared.
   */
  private static void sessionSums(
      AnalyticsRequest request, ReferenceFold fold, Iterator<BsonDocument> rows) {
    Map<Cell, SessionTally> sessions = new HashMap<>();
    while (rows.hasNext()) {
      BsonDocument row = rows.next();
      BsonDocument id = row.getDocument(Schema.ID);
      String part = id.getString(PART).getValue();
      BsonValue key = id.get(KEY, BsonNull.VALUE);
      String groupKey = null;
      if (!part.equals(AnalyticsPipelines.TOTAL)) {
        GroupKey kind = request.breakdowns().get(Integer.parseInt(part)).key();
        if (kind.kind() == GroupKey.Kind.TAG && !key.isNull() && !isTag(key)) {
          continue;
        }
        groupKey = keyText(kind, key);
      }
      Cell cell = new Cell(part, groupKey, id.get(AnalyticsPipelines.SESSION, BsonNull.VALUE));
      SessionTally counts = sessions.computeIfAbsent(cell, k -> new SessionTally());
      counts.votes(Pipelines.longValue(row.get(UP)), Pipelines.longValue(row.get(DOWN)));
      BsonValue stored = id.get(SCORE, BsonNull.VALUE);
      Score score = stored.isNull() ? null : FeedbackCodec.score(stored);
      if (score != null) {
        counts.scores(score.scale().name(), score.value(), Pipelines.longValue(row.get(COUNT)));
      }
    }
    sessions.forEach(
        (cell, counts) -> {
          Tally.Builder builder = Tally.builder();
          counts.addTo(builder);
          Tally sums = builder.build();
          if (cell.part().equals(AnalyticsPipelines.TOTAL)) {
            fold.total().add(sums);
          } else {
            fold.group(Integer.parseInt(cell.part()), cell.key(), sums);
          }
        });
  }

  /** A group of a part of the result (by its group key, as read) and a session's stored id. */
  private record Cell(String part, @Nullable String key, BsonValue session) {}

  /**
   * The sums of one group. Its score list gives the distribution, each score read as the
   * codec reads it, and the feedback without a rating: those without a {@code rating} key
   * whose score the codec reads; the rest of the feedback rated neither up nor down is
   * neutral, as the codec reads it.
   */
  private static Tally tally(BsonDocument row) {
    long n = Pipelines.longValue(row.get(COUNT));
    long up = Pipelines.longValue(row.get(UP));
    long down = Pipelines.longValue(row.get(DOWN));
    Tally.Builder t =
        Tally.builder()
            .comments(
                Pipelines.longValue(row.get(COMMENTED)), Pipelines.longValue(row.get(CODE_POINTS)))
            .sentiment(
                Pipelines.longValue(row.get(SENTIMENT_SUM)),
                Pipelines.longValue(row.get(SENTIMENT_LOW)),
                Pipelines.longValue(row.get(SENTIMENT_COUNT)));
    for (Dimension d : Dimension.values()) {
      long packed = Pipelines.longValue(row.get(DIMENSION + d.ordinal()));
      t.dimension(d, AnalyticsPipelines.ratingSum(packed), AnalyticsPipelines.ratingCount(packed));
    }
    long unrated = 0;
    for (BsonValue entry : row.getArray(SCORES)) {
      BsonValue key = entry.asDocument().get(SCORE, BsonNull.VALUE);
      Score score = key.isNull() ? null : FeedbackCodec.score(key);
      if (score != null) {
        long count = Pipelines.longValue(entry.asDocument().get(COUNT));
        t.score(score.scale().name(), score.value(), count);
        if (Pipelines.longValue(key.asDocument().get(RATING_MISSING)) == 1) {
          unrated += count;
        }
      }
    }
    return t.rating(Rating.UP, up)
        .rating(Rating.DOWN, down)
        .rating(Rating.NEUTRAL, n - up - down - unrated)
        .unrated(unrated)
        .build();
  }

  /** Counts comparisons, keyed {@code {a, b, p}}, as the codec reads the comparison. */
  private static void pair(ReferenceFold fold, GroupKey.Kind kind, BsonDocument key, long count) {
    BsonValue preference = key.get(Schema.C_PREFERENCE);
    Comparison.Preference p;
    try {
      p =
          Comparison.Preference.fromWire(
              preference != null && preference.isString()
                  ? preference.asString().getValue()
                  : null);
    } catch (InvalidFeedbackException unreadable) {
      return; // the codec reads no comparison at all
    }
    fold.pair(
        modelKey(kind, key.get(Schema.C_A, BsonNull.VALUE)),
        modelKey(kind, key.get(Schema.C_B, BsonNull.VALUE)),
        p,
        count);
  }

  private static @Nullable String modelKey(GroupKey.Kind kind, BsonValue storedModel) {
    return GroupKeys.modelKey(kind, storedModel.isNull() ? null : FeedbackCodec.model(storedModel));
  }

  /**
   * A stored group value as the key text {@link GroupKeys#keys} gives the feedback read
   * from it, or null for "no value".
   */
  static @Nullable String keyText(GroupKey groupKey, BsonValue stored) {
    if (groupKey.kind() == GroupKey.Kind.SOURCE) {
      Source source = stored.isNull() ? null : FeedbackCodec.source(stored);
      return (source == null ? Source.END_USER : source).name();
    }
    if (groupKey.kind() == GroupKey.Kind.SESSION) {
      return UnwoundFeedbackCodec.sessionId(stored);
    }
    if (stored.isNull()) {
      return null;
    }
    return switch (groupKey.kind()) {
      case METADATA -> GroupKeys.metadataText(BsonValues.toModel(stored, 1));
      case TAG -> stored.asString().getValue();
      case USER, MESSAGE -> FeedbackCodec.id(stored, FeedbackLimits.MAX_ID_LENGTH);
      case MODEL, MODEL_VERSION -> GroupKeys.modelKey(groupKey.kind(), FeedbackCodec.model(stored));
      case REVIEW_STATUS -> reviewStatus(stored);
      case PERIOD -> period(groupKey, stored);
      default -> throw new IllegalStateException("no key text for " + groupKey.kind());
    };
  }

  private static @Nullable String reviewStatus(BsonValue stored) {
    if (!stored.isString()) {
      return null;
    }
    try {
      return ReviewStatus.fromWire(stored.asString().getValue()).wireValue();
    } catch (InvalidFeedbackException unknown) {
      return null; // the codec reads no review
    }
  }

  /**
   * A period printed by the server, the start of an hour, or a creation time
   * {@code {r: <value>}} as stored.
   */
  private static @Nullable String period(GroupKey groupKey, BsonValue stored) {
    Granularity granularity =
        Objects.requireNonNull(groupKey.granularity(), "a period key's granularity");
    ZoneId zone = Objects.requireNonNull(groupKey.zone(), "a period key's zone");
    if (stored.isDateTime()) { // the start of an hour
      return GroupKeys.periodKey(
          Instant.ofEpochMilli(stored.asDateTime().getValue()), granularity, zone);
    }
    if (stored.isString()) {
      return AnalyticsPipelines.periodKey(stored.asString().getValue(), granularity);
    }
    BsonValue raw = stored.isDocument() ? stored.asDocument().get(AnalyticsPipelines.RAW) : null;
    Instant at = raw == null ? null : FeedbackCodec.instant(raw);
    return at == null ? null : GroupKeys.periodKey(at, granularity, zone);
  }

  /** Whether a stored tag is one the codec keeps: a string the model accepts as a tag. */
  private static boolean isTag(BsonValue stored) {
    return stored.isString()
        && StoredValues.isValidId(stored.asString().getValue(), Feedback.MAX_TAG_LENGTH);
  }
}
