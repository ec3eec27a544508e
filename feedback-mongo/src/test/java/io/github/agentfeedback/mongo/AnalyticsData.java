package io.github.agentfeedback.mongo;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Comparison.Candidate;
import io.github.agentfeedback.Comparison.Preference;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.internal.BsonValues;
import io.github.agentfeedback.mongo.internal.FeedbackCodec;
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bson.BsonArray;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonString;
import org.bson.codecs.EncoderContext;

/**
 * A large, varied, seeded data set for the analytics parity tests: every kind of value the
 * analytics read, in many sessions, over a span that crosses a year boundary (ISO week-based
 * years), month ends and both daylight saving changes of North America and Europe.
 */
final class AnalyticsData {

  /** The first instant feedback may have: Saturday 2025-12-20, midnight UTC. */
  static final Instant START = Instant.parse("2025-12-20T00:00:00Z");

  /** How long after {@link #START} feedback is spread: 100 days. */
  static final long SPAN_SECONDS = 100L * 24 * 3600;

  private static final String[] COMMENTS = {
    "", "", "", "ok", "Great answer", "too slow", "Checkout page timeout", "not working",
    "wrong answer, again", "héllo wörld", "🙁🙁 still broken 💥", "日本語のコメント", "slow slow",
    "Timeout!", "I don’t understand the answer", "the search results were irrelevant",
    "billing page shows the wrong total", "no funciona la búsqueda", "x", "a\u0000b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters and 😀", "the answer was too long to read"
  };
  private static final Scale[] SCALES = {
    Scale.STARS_5, Scale.NPS, Scale.CSAT, Scale.CES, Scale.of("ratio", 0, 1),
    Scale.of("percent", 0, 100)
  };
  private static final ModelRef[] MODELS = {
    ModelRef.of("gpt-4o"), ModelRef.of("gpt-4o", "2024-08"), ModelRef.of("gpt-4o", "2024-05"),
    ModelRef.of("claude"), ModelRef.of("claude", "3.5"), ModelRef.of("llama", "3")
  };
  private static final String[] TAGS = {"billing", "search", "latency", "checkout", "ux"};
  /** Sentiment values, usable and not, chosen to exercise rounding to thousandths. */
  private static final Object[] SENTIMENTS = {
    0.0005, 0.0015, 0.0025, -0.0005, -0.0025, 1.0, -1.0, 0.1234995, 0.9995, -0.9995,
    1.5, -1.0000001, "positive", 1, 0L, -1, Double.MIN_VALUE, -0.0
  };

  private AnalyticsData() {}

  /**
   * Feedback in {@code sessions} sessions ({@code s-0000}, ...), each session getting at
   * least one.
   *
   * @param seed the generator's seed
   * @param count how many feedbacks, at least {@code sessions}
   * @param sessions how many sessions
   */
  static List<SessionFeedback> feedback(long seed, int count, int sessions) {
    Random random = new Random(seed);
    List<SessionFeedback> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int session = i < sessions ? i : random.nextInt(sessions);
      out.add(new SessionFeedback(sessionId(session), feedback(random, i)));
    }
    return out;
  }

  /**
   * Every session's metadata: {@code variant} a string, missing, null, the numbers 3 and
   * 3.0 (one group, "3"), a boolean or a list (no value); {@code cohort} an instant or a
   * long; {@code region} a string.
   */
  static Map<String, Map<String, Object>> metadata(int sessions) {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (int s = 0; s < sessions; s++) {
      Map<String, Object> values = new HashMap<>();
      switch (s % 9) {
        case 0, 1, 2 -> values.put("variant", String.valueOf((char) ('A' + s % 3)));
        case 3 -> { } // no variant
        case 4 -> values.put("variant", null);
        case 5 -> values.put("variant", 3);
        case 6 -> values.put("variant", 3.0);
        case 7 -> values.put("variant", true);
        default -> values.put("variant", List.of("A", "B"));
      }
      values.put("cohort", s % 2 == 0 ? (Object) Instant.parse("2025-11-01T00:00:00Z")
          .plusSeconds(86_400L * (s % 5)) : (Object) (long) (s % 4));
      values.put("region", s % 3 == 0 ? "eu" : "us");
      all.put(sessionId(s), values);
    }
    return all;
  }

  static String sessionId(int s) {
    return String.format("s-%04d", s);
  }

  /** Loads feedback and metadata through the store's own writes. */
  static void append(FeedbackStore store, List<SessionFeedback> feedback,
      Map<String, Map<String, Object>> metadata) {
    for (SessionFeedback sf : feedback) {
      store.append(sf.sessionId(), sf.feedback(), UnknownSessionPolicy.CREATE);
    }
    metadata.forEach(store::updateMetadata);
  }

  /**
   * The session documents the MongoDB store would hold after {@link #append}: the codec's
   * feedback sub-documents in order and the metadata, for one {@code insertMany}.
   */
  static List<BsonDocument> sessionDocuments(List<SessionFeedback> feedback,
      Map<String, Map<String, Object>> metadata) {
    FeedbackCodec codec = new FeedbackCodec();
    Map<String, BsonArray> arrays = new LinkedHashMap<>();
    for (SessionFeedback sf : feedback) {
      BsonDocument encoded = new BsonDocument();
      codec.encode(new BsonDocumentWriter(encoded), sf.feedback(),
          EncoderContext.builder().build());
      arrays.computeIfAbsent(sf.sessionId(), k -> new BsonArray()).add(encoded);
    }
    List<BsonDocument> documents = new ArrayList<>(arrays.size());
    BsonDateTime now = new BsonDateTime(START.toEpochMilli());
    arrays.forEach((session, array) -> {
      BsonDocument values = new BsonDocument();
      metadata.getOrDefault(session, Map.of())
          .forEach((k, v) -> values.append(k, BsonValues.toBson(v)));
      documents.add(new BsonDocument("_id", new BsonString(session))
          .append("session_id", new BsonString(session)).append("created_at", now)
          .append("updated_at", now).append("metadata", values).append("feedbacks", array));
    });
    return documents;
  }

  private static Feedback feedback(Random random, int i) {
    Feedback.Builder b = Feedback.builder()
        .id("f-" + i)
        .rating(Rating.values()[random.nextInt(3)])
        .comment(comment(random))
        .createdAt(START.plusSeconds((long) (random.nextDouble() * SPAN_SECONDS))
            .plusMillis(random.nextInt(1000)));
    if (random.nextInt(3) > 0) {
      b.userId("user-" + random.nextInt(200));
    }
    if (random.nextInt(3) > 0) {
      b.messageId("m-" + random.nextInt(1000));
    }
    if (random.nextBoolean()) {
      Scale scale = SCALES[random.nextInt(SCALES.length)];
      double value = switch (scale.name()) {
        case "ratio" -> random.nextInt(5) / 4.0;
        case "percent" -> random.nextInt(201) / 2.0;
        default -> scale.min() + random.nextInt((int) (scale.max() - scale.min()) + 1);
      };
      b.score(value, scale);
      if (i % 4 == 0) {
        b.rating(null); // a survey answer: a score and no rating
      }
    }
    if (random.nextInt(3) == 0) {
      List<String> tags = new ArrayList<>();
      for (String tag : TAGS) {
        if (random.nextInt(3) == 0) {
          tags.add(tag);
        }
      }
      b.tags(tags);
    }
    for (Dimension d : Dimension.values()) {
      if (random.nextInt(5) == 0) {
        b.dimension(d, 1 + random.nextInt(5));
      }
    }
    if (random.nextInt(3) == 0) {
      b.attribute("sentiment", random.nextInt(4) == 0
          ? SENTIMENTS[random.nextInt(SENTIMENTS.length)]
          : random.nextBoolean() ? random.nextDouble() * 2 - 1
          : (random.nextInt(2001) - 1000) / 1000.0);
    }
    if (random.nextInt(5) == 0) {
      b.attribute("mood", random.nextDouble() * 2 - 1);
    }
    if (random.nextInt(3) == 0) {
      b.model(MODELS[random.nextInt(MODELS.length)]);
    }
    switch (random.nextInt(8)) {
      case 0 -> b.source(Source.LLM_JUDGE, "judge-" + random.nextInt(3));
      case 1 -> b.source(Source.REVIEWER, "rev-" + random.nextInt(3));
      case 2 -> b.source(Source.of("qa_bot"));
      default -> { } // an end user
    }
    if (random.nextInt(4) == 0) {
      b.review(new Review(ReviewStatus.values()[random.nextInt(3)],
          random.nextBoolean() ? "ann" : null, null));
    }
    if (random.nextInt(5) == 0) {
      b.comparison(Comparison.of(candidate(random), candidate(random),
          Preference.values()[random.nextInt(3)]));
    }
    return b.build();
  }

  /** A comment; most negative ones differ, since pairs of phrases are joined. */
  private static String comment(Random random) {
    String first = COMMENTS[random.nextInt(COMMENTS.length)];
    return random.nextInt(3) == 0 ? first + " " + COMMENTS[random.nextInt(COMMENTS.length)]
        : first;
  }

  private static Candidate candidate(Random random) {
    return random.nextInt(10) == 0 ? new Candidate(null, "r-" + random.nextInt(50), null)
        : Candidate.of(MODELS[random.nextInt(MODELS.length)], null);
  }
}
