package io.github.agentfeedback.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.analytics.FeedbackSummary;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.hooks.PiiRedactionHook.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad arguments to the public builders, factories, methods and records of the hooks
 * package are refused with a typed exception that names the setting — never the JDK's
 * unnamed {@code NullPointerException}, a {@code ClassCastException}, an
 * {@code ArithmeticException} or an index out of bounds.
 */
class HookArgumentsTest {

  private static Arguments refused(
      String what, ThrowingCallable call, Class<? extends RuntimeException> type, String message) {
    return Arguments.of(what, call, type, message);
  }

  /** A collection whose declared element type is a lie, as raw types allow. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Collection<T> raw(Object... elements) {
    return (Collection) new ArrayList<>(Arrays.asList(elements));
  }

  private static List<Long> hours() {
    return new ArrayList<>(Collections.nCopies(24, 0L));
  }

  private static List<Long> negativeHour() {
    List<Long> hours = hours();
    hours.set(5, -1L);
    return hours;
  }

  static Stream<Arguments> nullArraysAndCollections() {
    return Stream.of(
        refused(
            "allowedRatings(null array)",
            () -> ValidationHook.builder().allowedRatings((Rating[]) null),
            NullPointerException.class,
            "allowedRatings"),
        refused(
            "allowedRatings(null collection)",
            () -> ValidationHook.builder().allowedRatings((Collection<Rating>) null),
            NullPointerException.class,
            "allowedRatings"),
        refused(
            "allowedScales(null array)",
            () -> ValidationHook.builder().allowedScales((Scale[]) null),
            NullPointerException.class,
            "allowedScales"),
        refused(
            "kinds(null array)",
            () -> PiiRedactionHook.builder().kinds((Kind[]) null),
            NullPointerException.class,
            "kinds"),
        refused(
            "kinds(null collection)",
            () -> PiiRedactionHook.builder().kinds((Collection<Kind>) null),
            NullPointerException.class,
            "kinds"),
        refused(
            "phrases(null)",
            () -> SpamFilterHook.builder().phrases(null),
            NullPointerException.class,
            "phrases"),
        refused(
            "addPhrases(null array)",
            () -> SpamFilterHook.builder().addPhrases((String[]) null),
            NullPointerException.class,
            "addPhrases"),
        refused(
            "AnalyticsSnapshot byHourOfDay null",
            () -> AnalyticsSnapshot.builder().byHourOfDay(null).build(),
            NullPointerException.class,
            "byHourOfDay"),
        refused(
            "AnalyticsSnapshot sessions null",
            () -> AnalyticsSnapshot.builder().sessions(null).build(),
            NullPointerException.class,
            "sessions"),
        refused(
            "AuditEvent without an action",
            () ->
                new AuditEvent(
                    AuditEvent.Phase.BEFORE,
                    Instant.EPOCH,
                    null,
                    "s",
                    "f",
                    null,
                    Rating.UP,
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    null),
            NullPointerException.class,
            "action"));
  }

  static Stream<Arguments> nullElementsKeysAndValues() {
    Map<String, FeedbackSummary.Ratings> nullCounts = new HashMap<>();
    nullCounts.put("s-1", null);
    Map<String, FeedbackSummary.Ratings> nullSession = new HashMap<>();
    nullSession.put(null, AnalyticsHookTest.ratings(1, 0, 0, 0));
    List<Long> nullHour = hours();
    nullHour.set(3, null);
    return Stream.of(
        refused(
            "allowedRatings(UP, null)",
            () -> ValidationHook.builder().allowedRatings(Rating.UP, null),
            NullPointerException.class,
            "allowedRatings[1] must not be null"),
        refused(
            "allowedRatings([DOWN, null])",
            () -> ValidationHook.builder().allowedRatings(Arrays.asList(Rating.DOWN, null)),
            NullPointerException.class,
            "allowedRatings[1] must not be null"),
        refused(
            "allowedScales(NPS, null)",
            () -> ValidationHook.builder().allowedScales(Scale.NPS, null),
            NullPointerException.class,
            "allowedScales[1] must not be null"),
        refused(
            "kinds(null, EMAIL)",
            () -> PiiRedactionHook.builder().kinds(null, Kind.EMAIL),
            NullPointerException.class,
            "kinds[0] must not be null"),
        refused(
            "phrases([ok, null])",
            () -> SpamFilterHook.builder().phrases(Arrays.asList("ok", null)),
            NullPointerException.class,
            "phrases[1] must not be null"),
        refused(
            "addPhrases(ok, null)",
            () -> SpamFilterHook.builder().addPhrases("ok", null),
            NullPointerException.class,
            "addPhrases[1] must not be null"),
        refused(
            "AnalyticsSnapshot null hour",
            () -> AnalyticsSnapshot.builder().byHourOfDay(nullHour).build(),
            NullPointerException.class,
            "byHourOfDay[3] must not be null"),
        refused(
            "AnalyticsSnapshot null session counts",
            () -> AnalyticsSnapshot.builder().sessions(nullCounts).build(),
            NullPointerException.class,
            "sessions[s-1] must not be null"),
        refused(
            "AnalyticsSnapshot null session id",
            () -> AnalyticsSnapshot.builder().sessions(nullSession).build(),
            NullPointerException.class,
            "sessions key must not be null"));
  }

  static Stream<Arguments> elementsOfTheWrongType() {
    Map<String, Object> wrongCounts = new HashMap<>();
    wrongCounts.put("s-1", 42);
    return Stream.of(
        refused(
            "allowedRatings(raw [\"UP\"])",
            () -> ValidationHook.builder().allowedRatings(raw("UP")),
            IllegalArgumentException.class,
            "allowedRatings[0] must be a Rating, was a " + "java.lang.String"),
        refused(
            "kinds(raw [1])",
            () -> PiiRedactionHook.builder().kinds(raw(1)),
            IllegalArgumentException.class,
            "kinds[0] must be a Kind"),
        refused(
            "phrases(raw [ok, 42])",
            () -> SpamFilterHook.builder().phrases(raw("ok", 42)),
            IllegalArgumentException.class,
            "phrases[1] must be a String"),
        refused(
            "AnalyticsSnapshot raw session counts",
            () -> AnalyticsSnapshot.builder().sessions(rawMap(wrongCounts)).build(),
            IllegalArgumentException.class,
            "sessions[s-1] must be a Ratings"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, FeedbackSummary.Ratings> rawMap(Map<String, Object> map) {
    return (Map) map;
  }

  static Stream<Arguments> valuesOutOfRange() {
    return Stream.of(
        // Used to match at every position and fail with StringIndexOutOfBoundsException.
        refused(
            "a phrase that is blank once normalized",
            () -> SpamFilterHook.builder().addPhrases("\u00a0"),
            IllegalArgumentException.class,
            "addPhrases[0] must not be blank"),
        refused(
            "a blank phrase",
            () -> SpamFilterHook.builder().phrases(List.of("ok", " ")),
            IllegalArgumentException.class,
            "phrases[1] must not be blank"),
        refused(
            "a negative-ratings threshold of zero",
            () -> EscalationHook.builder().negativeRatings(0),
            IllegalArgumentException.class,
            "negativeRatings threshold must be at least 1, was 0"),
        refused(
            "a negative comment length",
            () ->
                new AuditEvent(
                    AuditEvent.Phase.BEFORE,
                    Instant.EPOCH,
                    FeedbackAction.ADD,
                    "s",
                    "f",
                    null,
                    Rating.UP,
                    null,
                    null,
                    null,
                    -1,
                    null,
                    null,
                    null),
            IllegalArgumentException.class,
            "commentLength must not be negative"),
        refused(
            "a prompt limit below 1",
            () -> ValidationHook.builder().maxPromptLength(0),
            IllegalArgumentException.class,
            "maxPromptLength must be at least 1, was 0"),
        refused(
            "a response limit below 1",
            () -> ValidationHook.builder().maxResponseLength(-5),
            IllegalArgumentException.class,
            "maxResponseLength must be at least 1, was -5"),
        refused(
            "a negative hour count",
            () -> AnalyticsSnapshot.builder().byHourOfDay(negativeHour()).build(),
            IllegalArgumentException.class,
            "byHourOfDay[5] must not be negative, was -1"),
        refused(
            "a negative eviction count",
            () -> AnalyticsSnapshot.builder().evictedSessions(-1).build(),
            IllegalArgumentException.class,
            "evictedSessions must not be negative, was -1"),
        refused(
            "redaction into an unmodifiable set",
            () -> PiiRedactionHook.defaults().redact("mail a@b.com", Set.of()),
            IllegalArgumentException.class,
            "found must be a modifiable set"));
  }

  static Stream<Arguments> nullTexts() {
    return Stream.of(
        refused(
            "signals(null)",
            () -> SpamFilterHook.defaults().signals(null),
            NullPointerException.class,
            "text"),
        refused(
            "SentimentLexicon.score(null)",
            () -> SentimentLexicon.defaults().score(null),
            NullPointerException.class,
            "text"),
        refused(
            "SentimentLexicon.parse(null)",
            () -> SentimentLexicon.parse(null),
            NullPointerException.class,
            "reader"),
        refused(
            "redact(null, found)",
            () -> PiiRedactionHook.defaults().redact(null, EnumSet.noneOf(Kind.class)),
            NullPointerException.class,
            "text"),
        refused(
            "sanitize(null)",
            () -> SanitizingHook.defaults().sanitize(null),
            NullPointerException.class,
            "text"),
        refused(
            "limit(1, null)",
            () -> RateLimitHook.builder().limit(1, null),
            NullPointerException.class,
            "period"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "nullArraysAndCollections",
    "nullElementsKeysAndValues",
    "elementsOfTheWrongType",
    "valuesOutOfRange",
    "nullTexts"
  })
  void badArgumentsAreRefusedWithATypedExceptionNamingTheSetting(
      String what, ThrowingCallable call, Class<? extends RuntimeException> type, String message) {
    assertThatThrownBy(call).as(what).isExactlyInstanceOf(type).hasMessageContaining(message);
  }

  @Test
  void repeatedElementsAreIgnoredNotRefused() {
    ValidationHook.builder()
        .allowedRatings(Rating.UP, Rating.UP)
        .allowedScales(Scale.NPS, Scale.NPS)
        .build();
    PiiRedactionHook hook = PiiRedactionHook.builder().kinds(Kind.EMAIL, Kind.EMAIL).build();
    assertThat(hook.redact("a@b.com +1 555 123 4567", EnumSet.noneOf(Kind.class)))
        .isEqualTo("[EMAIL] +1 555 123 4567");
  }

  @Test
  void satisfactionOfHugeCountsDoesNotOverflow() {
    FeedbackSummary.Ratings huge =
        AnalyticsHookTest.ratings(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, 0);
    assertThat(huge.satisfaction()).isEqualTo(50.0);
    assertThat(huge.positiveRate()).isEqualTo(100.0 / 3);
    assertThat(huge.responseQuality()).isEqualTo(50.0);
  }
}
