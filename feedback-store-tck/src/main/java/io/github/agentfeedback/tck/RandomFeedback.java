package io.github.agentfeedback.tck;

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
import io.github.agentfeedback.spi.FeedbackStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Seeded random feedback with every kind of value a store keeps and the analytics read:
 * ratings (and survey answers with a score and no rating), comments in several scripts
 * (with emoji, a NUL character, a replacement character, 300 chars; one or two phrases),
 * scores on every built-in scale and two custom ones, dimension ratings, tags, users,
 * messages, models, sources, reviews, pairwise comparisons, prompts, responses and
 * corrections, and a {@code sentiment} attribute that is sometimes unusable (a string, out
 * of range). Session metadata varies in type too.
 *
 * <pre>{@code
 * RandomFeedback data = RandomFeedback.builder().seed(7).sessions(17).build();
 * data.load(store, 300);                          // or list(300), stream(1_000_000)
 * }</pre>
 *
 * <p>Feedback number {@code i} is made from the seed and {@code i} alone, so that a stream of
 * any length holds one feedback at a time and {@link #get(int)} needs no predecessor. The
 * first {@link Builder#sessions(int) sessions} feedbacks go one to each session, so that
 * every session has feedback; the others go to sessions at random. Ids are
 * {@code f-<i>}; creation times lie in [{@link Builder#start}, start +
 * {@link Builder#span}).
 *
 * <p>Thread-safe: immutable.
 */
public final class RandomFeedback {

  /** The default first instant: Saturday 2025-12-20, midnight UTC. */
  public static final Instant DEFAULT_START = Instant.parse("2025-12-20T00:00:00Z");

  /**
   * The default span: 100 days from {@link #DEFAULT_START}, which crosses a year boundary
   * (ISO week-based years), month ends and both daylight saving changes of North America
   * and Europe.
   */
  public static final Duration DEFAULT_SPAN = Duration.ofDays(100);

  private static final String[] COMMENTS = {
    "",
    "",
    "",
    "ok",
    "Great answer",
    "too slow",
    "Checkout page timeout",
    "not working",
    "wrong answer, again",
    "héllo wörld",
    "🙁🙁 still broken 💥",
    "日本語のコメント",
    "slow slow",
    "Timeout!",
    "I don’t understand the answer",
    "the search results were irrelevant",
    "billing page shows the wrong total",
    "no funciona la búsqueda",
    "x",
    "a\u0000b",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 letters and 😀",
    "the answer was too long to read",
    "mixed 😀 and 文字 and ascii",
    "\uFFFD replacement char",
    "x".repeat(300)
  };

  /** Words of prompts, responses and corrections: non-ASCII and characters JSON escapes. */
  private static final String[] WORDS = {
    "the",
    "answer",
    "was",
    "helpful",
    "but",
    "missed",
    "a",
    "step",
    "naïve",
    "café",
    "日本語",
    "😀",
    "\"quoted\"",
    "back\\slash",
    "new\nline",
    "tab\there",
    "Größe",
    "ok",
    "settings",
    "reset",
    "password",
    "order",
    "number",
    "refund",
    "—",
    "≠",
    "ünïcödé"
  };

  private static final Scale[] SCALES = {
    Scale.STARS_5,
    Scale.NPS,
    Scale.CSAT,
    Scale.CES,
    Scale.of("ratio", 0, 1),
    Scale.of("percent", 0, 100)
  };
  private static final ModelRef[] MODELS = {
    ModelRef.of("gpt-4o"), ModelRef.of("gpt-4o", "2024-08"), ModelRef.of("gpt-4o", "2024-05"),
    ModelRef.of("claude"), ModelRef.of("claude", "3.5"), ModelRef.of("llama", "3")
  };
  private static final String[] TAGS = {"billing", "search", "latency", "checkout", "ux"};

  /** Sentiment values, usable and not, near the ends and the fixed-point steps of the sums. */
  private static final Object[] SENTIMENTS = {
    0.0005,
    0.0015,
    0.0025,
    -0.0005,
    -0.0025,
    1.0,
    -1.0,
    0.1234995,
    0.9995,
    -0.9995,
    1.5,
    -1.0000001,
    "positive",
    1,
    0L,
    -1,
    Double.MIN_VALUE,
    -0.0
  };

  private final long seed;
  private final int sessions;
  private final Instant start;
  private final long spanMillis;
  private final int users;
  private final int messages;
  private final boolean trainingText;

  private RandomFeedback(Builder b) {
    this.seed = b.seed;
    this.sessions = b.sessions;
    this.start = b.start;
    this.spanMillis = b.span.toMillis();
    this.users = b.users;
    this.messages = b.messages;
    this.trainingText = b.trainingText;
  }

  /**
   * A builder with the defaults: seed 0, 17 sessions, {@link #DEFAULT_START},
   * {@link #DEFAULT_SPAN}, 200 users, 1,000 messages, training text on some feedback only.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Feedback number {@code index} with its session.
   *
   * @param index from 0
   * @return the same feedback for the same settings and index, every time
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public SessionFeedback get(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be at least 0, got " + index);
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    int session = index < sessions ? index : random.nextInt(sessions);
    return new SessionFeedback(sessionId(session), feedback(random, index));
  }

  /**
   * The first {@code count} feedbacks, made as the stream is read.
   *
   * @param count how many, at least 0
   * @return a sequential stream of {@code count} feedbacks
   */
  public Stream<SessionFeedback> stream(int count) {
    checkCount(count);
    return IntStream.range(0, count).mapToObj(this::get);
  }

  /**
   * The first {@code count} feedbacks.
   *
   * @param count how many, at least 0
   * @return a new list
   */
  public List<SessionFeedback> list(int count) {
    checkCount(count);
    List<SessionFeedback> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(get(i));
    }
    return list;
  }

  /**
   * The id of session number {@code session}: {@code s-0000}, {@code s-0001}, ...
   *
   * @param session from 0
   * @return the session id
   */
  public static String sessionId(int session) {
    return String.format("s-%04d", session);
  }

  /**
   * Every session's metadata: {@code variant} a string A, B or C, missing, null, the numbers
   * 3 and 3.0 (which group as one value, "3"), a boolean or a list (which are no group
   * value); {@code cohort} an instant or a long; {@code region} "eu" or "us"; {@code turns}
   * an int from 0 to 3.
   *
   * @return per session id in session order, a new mutable map of its values
   */
  public Map<String, Map<String, Object>> metadata() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (int s = 0; s < sessions; s++) {
      Map<String, Object> values = new HashMap<>();
      switch (s % 9) {
        case 0, 1, 2 -> values.put("variant", String.valueOf((char) ('A' + s % 3)));
        case 3 -> {} // no variant
        case 4 -> values.put("variant", null);
        case 5 -> values.put("variant", 3);
        case 6 -> values.put("variant", 3.0);
        case 7 -> values.put("variant", true);
        default -> values.put("variant", List.of("A", "B"));
      }
      values.put(
          "cohort",
          s % 2 == 0
              ? (Object) Instant.parse("2025-11-01T00:00:00Z").plusSeconds(86_400L * (s % 5))
              : (Object) (long) (s % 4));
      values.put("region", s % 3 == 0 ? "eu" : "us");
      values.put("turns", s % 4);
      all.put(sessionId(s), values);
    }
    return all;
  }

  /**
   * Appends the first {@code count} feedbacks to a store, then sets every session's
   * {@link #metadata()}.
   *
   * @param store the store
   * @param count how many feedbacks
   */
  public void load(FeedbackStore store, int count) {
    load(store, stream(count).toList(), metadata());
  }

  /**
   * Appends feedback to a store through its own writes, in the order given, then sets the
   * metadata.
   *
   * @param store the store
   * @param feedback the feedback to append, in order
   * @param metadata per session, the values to set
   */
  public static void load(
      FeedbackStore store,
      List<SessionFeedback> feedback,
      Map<String, Map<String, Object>> metadata) {
    for (SessionFeedback sf : feedback) {
      store.append(sf.sessionId(), sf.feedback(), UnknownSessionPolicy.CREATE);
    }
    metadata.forEach(store::updateMetadata);
  }

  private static void checkCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be at least 0, got " + count);
    }
  }

  private Feedback feedback(SplittableRandom random, int i) {
    Feedback.Builder b =
        Feedback.builder()
            .id("f-" + i)
            .rating(Rating.values()[random.nextInt(3)])
            .comment(RandomTexts.join(random, COMMENTS, 1, 2, " "))
            .createdAt(start.plusMillis(random.nextLong(spanMillis)));
    if (random.nextInt(3) > 0) {
      b.userId("user-" + random.nextInt(users));
    }
    if (random.nextInt(3) > 0) {
      b.messageId("m-" + random.nextInt(messages));
    }
    if (random.nextBoolean()) {
      Scale scale = SCALES[random.nextInt(SCALES.length)];
      double value =
          switch (scale.name()) {
            case "ratio" -> random.nextInt(5) / 4.0;
            case "percent" -> random.nextInt(201) / 2.0;
            default -> scale.min() + random.nextInt((int) (scale.max() - scale.min()) + 1);
          };
      b.score(value, scale);
      if (random.nextInt(4) == 0) {
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
      b.attribute(
          "sentiment",
          random.nextInt(4) == 0
              ? SENTIMENTS[random.nextInt(SENTIMENTS.length)]
              : random.nextBoolean()
                  ? random.nextDouble() * 2 - 1
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
      default -> {} // an end user
    }
    if (random.nextInt(4) == 0) {
      b.review(
          new Review(
              ReviewStatus.values()[random.nextInt(3)], random.nextBoolean() ? "ann" : null, null));
    }
    if (random.nextInt(5) == 0) {
      b.comparison(
          Comparison.of(
              candidate(random), candidate(random), Preference.values()[random.nextInt(3)]));
    }
    if (trainingText || random.nextInt(3) == 0) {
      b.prompt(text(random)).response(text(random));
    }
    if (trainingText || random.nextInt(6) == 0) {
      b.correction(text(random));
    }
    return b.build();
  }

  private static Candidate candidate(SplittableRandom random) {
    return random.nextInt(10) == 0
        ? new Candidate(null, "r-" + random.nextInt(50), null)
        : Candidate.of(MODELS[random.nextInt(MODELS.length)], null);
  }

  /** Six to sixteen random words; two such texts are equal with a chance below 1e-9. */
  private static String text(SplittableRandom random) {
    return RandomTexts.join(random, WORDS, 6, 16, " ");
  }

  /**
   * Settings of a {@link RandomFeedback}; each has a default.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private long seed;
    private int sessions = 17;
    private Instant start = DEFAULT_START;
    private Duration span = DEFAULT_SPAN;
    private int users = 200;
    private int messages = 1_000;
    private boolean trainingText;

    private Builder() {}

    /**
     * Sets the seed: the same seed and settings give the same feedback.
     *
     * @param seed any value; default 0
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how many sessions the feedback is spread over.
     *
     * @param sessions at least 1; default 17
     * @return this builder
     */
    public Builder sessions(int sessions) {
      this.sessions = atLeastOne("sessions", sessions);
      return this;
    }

    /**
     * Sets the first instant feedback may have.
     *
     * @param start the instant; default {@link #DEFAULT_START}
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * Sets how long after {@link #start} feedback is created.
     *
     * @param span at least one millisecond; default {@link #DEFAULT_SPAN}
     * @return this builder
     */
    public Builder span(Duration span) {
      Objects.requireNonNull(span, "span");
      if (span.toMillis() < 1) {
        throw new IllegalArgumentException("span must be at least 1 ms, got " + span);
      }
      this.span = span;
      return this;
    }

    /**
     * Sets how many distinct user ids ({@code user-0}, ...) feedback has; about two thirds
     * of the feedback has one.
     *
     * @param users at least 1; default 200
     * @return this builder
     */
    public Builder users(int users) {
      this.users = atLeastOne("users", users);
      return this;
    }

    /**
     * Sets how many distinct message ids ({@code m-0}, ...) feedback has; about two thirds
     * of the feedback has one.
     *
     * @param messages at least 1; default 1,000
     * @return this builder
     */
    public Builder messages(int messages) {
      this.messages = atLeastOne("messages", messages);
      return this;
    }

    /**
     * Gives every feedback a prompt, a response and a correction (for exports); otherwise
     * a third has a prompt and a response and a sixth a correction.
     *
     * @param trainingText whether every feedback has them; default false
     * @return this builder
     */
    public Builder trainingText(boolean trainingText) {
      this.trainingText = trainingText;
      return this;
    }

    /**
     * Builds the generator.
     *
     * @return the generator
     */
    public RandomFeedback build() {
      return new RandomFeedback(this);
    }

    private static int atLeastOne(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
      return value;
    }
  }
}
