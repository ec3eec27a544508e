package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Review;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.memory.InMemoryFeedbackStore;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Whatever the model accepts reads back equal from both stores: random feedback and session
 * metadata, with every field and value type, unicode of every kind, extreme numbers and
 * instants across the whole accepted range, and now and then a value the model refuses
 * (a lone surrogate, an instant out of range, an operator-shaped key, a non-finite number).
 * Refused input must be refused by construction, before any store sees it; accepted input
 * must come back from the in-memory store and from MongoDB exactly as it went in.
 *
 * <p>QuickTheories generates the cases from a fixed seed and shrinks a failing one to a
 * small example; the seed is in the failure report.
 */
class RoundTripPropertyTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");
  private static final AtomicInteger SESSIONS = new AtomicInteger();

  /** Text pieces: every kind of char a user or another writer may send. */
  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\"",
    "'",
    "\\",
    "$",
    ".",
    "{",
    "}",
    "[",
    "$where",
    "{\"$gt\": \"\"}",
    "é",
    "ß",
    "漢字",
    "\u0301",
    "\u200F",
    "\uFEFF",
    "\uFFFD",
    "\uD83D\uDE00",
    "\uD83C\uDDEB\uD83C\uDDF7",
    "\u0000",
    "\u0001",
    "\u007F",
    "\u00A0",
    "<b>",
    "&amp;",
    "null",
    "true",
    "-0",
    "1e308",
  };

  /** Refused by the model: a lone surrogate. */
  private static final String[] BAD_PIECES = {"\uD800", "\uDC00x"};

  private FeedbackManager memory;
  private FeedbackManager mongoManager;
  private MongoFeedbackStore store;
  private final AtomicInteger accepted = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  @BeforeEach
  void managers() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    memory = FeedbackManager.builder().store(new InMemoryFeedbackStore()).clock(clock).build();
    store = TestStores.fresh(mongo).clock(clock).build();
    mongoManager = FeedbackManager.builder().store(store).clock(clock).build();
  }

  @AfterEach
  void close() {
    memory.close();
    mongoManager.close();
  }

  @Test
  void acceptedFeedbackReadsBackEqualFromBothStores() {
    qt().withFixedSeed(20261123L)
        .withExamples(300)
        .withShrinkCycles(200)
        .forAll(feedbackInputs())
        .checkAssert(
            input -> {
              Feedback f;
              try {
                f = input.get();
              } catch (InvalidFeedbackException e) {
                refused.incrementAndGet();
                return;
              }
              accepted.incrementAndGet();
              String session = "p-" + SESSIONS.incrementAndGet();
              Feedback stored = memory.addFeedback(session, f).feedback(); // id, time assigned
              assertThat(mongoManager.addFeedback(session, stored).feedback()).isEqualTo(stored);
              assertThat(memory.getFeedbacks(session)).containsExactly(stored);
              assertThat(mongoManager.getFeedbacks(session)).containsExactly(stored);
            });
    // The generator must exercise both sides of the property.
    assertThat(accepted.get()).isGreaterThan(150);
    assertThat(refused.get()).isGreaterThan(10);
  }

  @Test
  void acceptedMetadataReadsBackEqualFromBothStores() {
    qt().withFixedSeed(424242L)
        .withExamples(300)
        .withShrinkCycles(200)
        .forAll(metadataInputs())
        .checkAssert(
            values -> {
              String session = "m-" + SESSIONS.incrementAndGet();
              try {
                memory.updateMetadata(session, values);
              } catch (InvalidFeedbackException e) {
                refused.incrementAndGet();
                assertThat(store.metadata(session)).isEmpty();
                return;
              }
              accepted.incrementAndGet();
              mongoManager.updateMetadata(session, values);
              Map<String, Object> expected = memory.getMetadata(session);
              assertThat(mongoManager.getMetadata(session)).isEqualTo(expected);
            });
    assertThat(accepted.get()).isGreaterThan(150);
    assertThat(refused.get()).isGreaterThan(10);
  }

  // ---- generators: cases are built from raw draws, so QuickTheories can shrink them ----

  private static long between(RandomnessSource in, long min, long max) {
    return in.next(Constraint.between(min, max));
  }

  private static boolean chance(RandomnessSource in, int percent) {
    return between(in, 0, 99) < percent;
  }

  private static String text(RandomnessSource in, int maxPieces, boolean mayBeBad) {
    int n = (int) between(in, 0, maxPieces);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(
          mayBeBad && chance(in, 2)
              ? BAD_PIECES[(int) between(in, 0, BAD_PIECES.length - 1)]
              : PIECES[(int) between(in, 0, PIECES.length - 1)]);
    }
    return sb.toString();
  }

  private static String id(RandomnessSource in) {
    return "i" + text(in, 4, true).replace("\u0000", "");
  }

  private static String optionalId(RandomnessSource in) {
    return chance(in, 50) ? null : id(in);
  }

  private static Instant instant(RandomnessSource in) {
    long min = FeedbackLimits.MIN_INSTANT.toEpochMilli();
    long max = FeedbackLimits.MAX_INSTANT.toEpochMilli();
    switch ((int) between(in, 0, 5)) {
      case 0:
        return Instant.ofEpochMilli(min - between(in, 0, 1)); // the edge, or just out
      case 1:
        return Instant.ofEpochMilli(max + between(in, 0, 1));
      case 2:
        return Instant.ofEpochSecond(
            between(in, -5_000_000_000L, 5_000_000_000L),
            between(in, 0, 999_999_999)); // sub-millisecond parts are dropped
      default:
        return Instant.ofEpochMilli(between(in, min, max));
    }
  }

  private static String key(RandomnessSource in) {
    String k = "k" + text(in, 3, true).replace(".", "").replace("\u0000", "");
    switch ((int) between(in, 0, 30)) {
      case 0:
        return "$" + k; // refused: an operator
      case 1:
        return k + ".x"; // refused: a path
      default:
        return k;
    }
  }

  private static Object value(RandomnessSource in, int depth, boolean nulls) {
    switch ((int) between(in, 0, depth >= 3 ? 8 : 10)) {
      case 0:
        return text(in, 6, true);
      case 1:
        return chance(in, 50);
      case 2:
        return (int) between(in, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case 3:
        return chance(in, 20)
            ? (chance(in, 50) ? Long.MIN_VALUE : Long.MAX_VALUE)
            : between(in, Long.MIN_VALUE, Long.MAX_VALUE);
      case 4:
        {
          double[] specials = {
            -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-300, 0.1, Double.NaN
          };
          return chance(in, 50)
              ? specials[(int) between(in, 0, specials.length - 1)]
              : Double.longBitsToDouble(between(in, 0, 0x7FEF_FFFF_FFFF_FFFFL))
                  * (chance(in, 50) ? 1 : -1);
        }
      case 5:
        return instant(in);
      case 6:
        return nulls && chance(in, 50) ? null : text(in, 2, false);
      case 7:
        return (short) between(in, Short.MIN_VALUE, Short.MAX_VALUE);
      case 8:
        {
          List<Object> list = new ArrayList<>();
          for (int i = (int) between(in, 0, 3); i > 0; i--) {
            list.add(value(in, depth + 1, nulls));
          }
          return list;
        }
      default:
        return map(in, depth + 1, nulls);
    }
  }

  private static Map<String, Object> map(RandomnessSource in, int depth, boolean nulls) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = (int) between(in, 0, 3); i > 0; i--) {
      map.put(key(in), value(in, depth, nulls));
    }
    return map;
  }

  private static ModelRef model(RandomnessSource in) {
    return chance(in, 50) ? ModelRef.of(id(in)) : ModelRef.of(id(in), id(in));
  }

  private static String hex(RandomnessSource in, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append("0123456789abcdefABCDEF".charAt((int) between(in, 0, 21)));
    }
    return sb.toString();
  }

  /**
   * Draws the parts of one feedback; building it may then be refused. A part refused while
   * it is drawn (a model with a bad name, a score's scale) makes the whole case one that
   * building refuses.
   */
  private static Gen<Supplier<Feedback>> feedbackInputs() {
    return in -> {
      try {
        return draw(in);
      } catch (InvalidFeedbackException e) {
        return () -> {
          throw e;
        };
      }
    };
  }

  private static Supplier<Feedback> draw(RandomnessSource in) {
    {
      Feedback.Builder b =
          Feedback.builder()
              .id(chance(in, 20) ? null : id(in))
              .rating(Rating.values()[(int) between(in, 0, 2)])
              .comment(chance(in, 10) ? null : text(in, 12, true))
              .createdAt(chance(in, 20) ? null : instant(in))
              .userId(optionalId(in))
              .messageId(optionalId(in))
              .correction(chance(in, 70) ? null : text(in, 8, true))
              .authorId(optionalId(in))
              .prompt(chance(in, 60) ? null : text(in, 8, true))
              .response(chance(in, 60) ? null : text(in, 8, true))
              .updatedAt(chance(in, 80) ? null : instant(in));
      List<String> tags = new ArrayList<>();
      for (int i = (int) between(in, 0, 3); i > 0; i--) {
        tags.add(id(in));
      }
      b.tags(tags);
      if (chance(in, 50)) {
        Scale scale =
            switch ((int) between(in, 0, 4)) {
              case 0 -> Scale.STARS_5;
              case 1 -> Scale.NPS;
              case 2 -> Scale.CSAT;
              case 3 -> Scale.CES;
              default ->
                  Scale.of(
                      "custom_" + between(in, 0, 3),
                      -between(in, 0, 100),
                      between(in, 1, 1_000_000));
            };
        b.score(
            new Score(
                scale.min() + (scale.max() - scale.min()) * between(in, 0, 1000) / 1000.0, scale));
      }
      for (Dimension d : Dimension.values()) {
        if (chance(in, 20)) {
          b.dimension(d, (int) between(in, 1, 5));
        }
      }
      if (chance(in, 30)) {
        b.attributes(map(in, 1, false));
      }
      if (chance(in, 20)) {
        b.source(chance(in, 50) ? Source.LLM_JUDGE : Source.of("kind_" + between(in, 0, 9)));
      }
      if (chance(in, 20)) {
        b.traceId(chance(in, 90) ? hex(in, 32) : hex(in, 31));
        b.spanId(hex(in, 16));
      }
      if (chance(in, 30)) {
        b.model(model(in));
      }
      if (chance(in, 20)) {
        b.comparison(
            Comparison.of(
                new Comparison.Candidate(model(in), optionalId(in), text(in, 4, false)),
                new Comparison.Candidate(
                    chance(in, 50) ? null : model(in),
                    optionalId(in),
                    chance(in, 50) ? null : text(in, 4, false)),
                Comparison.Preference.values()[(int) between(in, 0, 2)]));
      }
      if (chance(in, 20)) {
        b.review(
            new Review(
                ReviewStatus.values()[(int) between(in, 0, 2)],
                optionalId(in),
                chance(in, 50) ? null : instant(in)));
      }
      return b::build;
    }
  }

  private static Gen<Map<String, Object>> metadataInputs() {
    return in -> map(in, 1, true);
  }
}
