package io.github.agentfeedback.spring.autoconfigure.web;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.InvalidFeedbackException;
import io.github.agentfeedback.ModelRef;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.ReviewStatus;
import io.github.agentfeedback.Source;
import io.github.agentfeedback.Violation;
import io.github.agentfeedback.analytics.CompareOptions;
import io.github.agentfeedback.analytics.GroupOptions;
import io.github.agentfeedback.analytics.ReportRequest;
import io.github.agentfeedback.analytics.Trend;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.util.MultiValueMap;

/**
 * The query parameters of the analytics endpoints, read strictly: each names one value of a
 * {@link FeedbackQuery} or {@link ReportRequest} (compared for equality by the store, never
 * read as an operator); an unknown, repeated or malformed parameter is a violation naming it.
 * An instant may be given as a bare date ({@code 2026-03-02}): midnight in the request's
 * {@code zone} where the endpoint takes one, else in UTC. Not thread-safe: one per request.
 */
final class QueryParameters {

  /** The summary's parameters. */
  static final Set<String> SUMMARY =
      Set.of(
          "since",
          "until",
          "session_id",
          "user_id",
          "message_id",
          "tag",
          "rating",
          "source",
          "model",
          "model_version",
          "review_status");

  private static final Set<String> REPORT_ONLY =
      Set.of("week", "month", "from", "to", "zone", "group_by", "title");

  private static final String METADATA = "metadata.";

  private final MultiValueMap<String, String> parameters;
  private final List<Violation> violations = new ArrayList<>();
  private @Nullable ZoneId zone;

  QueryParameters(MultiValueMap<String, String> parameters) {
    this.parameters = parameters;
  }

  /** The filter of a summary ({@code allowed} names the plain parameters accepted). */
  FeedbackQuery query(Set<String> allowed) {
    names(allowed, true);
    FeedbackQuery.Builder b = FeedbackQuery.builder();
    ZoneId dates = allowed.contains("zone") ? zone() : ZoneOffset.UTC;
    Instant since = get("since", text -> instant(text, dates));
    Instant until = get("until", text -> instant(text, dates));
    apply(() -> b.since(since).until(until));
    String session = get("session_id", Function.identity());
    if (session != null) {
      apply(() -> b.sessionId(session));
    }
    String user = get("user_id", Function.identity());
    apply(() -> b.userId(user));
    String message = get("message_id", Function.identity());
    apply(() -> b.messageId(message));
    String tag = get("tag", Function.identity());
    apply(() -> b.tag(tag));
    Rating rating = get("rating", Rating::fromWire);
    apply(() -> b.rating(rating));
    Source source = get("source", Source::new);
    apply(() -> b.source(source));
    String model = get("model", Function.identity());
    String version = get("model_version", Function.identity());
    if (model != null) {
      apply(() -> b.model(version == null ? ModelRef.of(model) : ModelRef.of(model, version)));
    }
    ReviewStatus review = get("review_status", ReviewStatus::fromWire);
    apply(() -> b.reviewStatus(review));
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      if (e.getKey().startsWith(METADATA) && !e.getValue().isEmpty()) {
        String key = e.getKey().substring(METADATA.length());
        apply(() -> b.metadata(key, e.getValue().get(0)));
      }
    }
    FeedbackQuery query = apply(b::build);
    throwIfAny();
    return Objects.requireNonNull(query, "query");
  }

  /** A report request: period, zone, grouping, title and the summary's filters. */
  ReportRequest report() {
    Set<String> allowed = new HashSet<>(SUMMARY);
    allowed.remove("since");
    allowed.remove("until");
    allowed.addAll(REPORT_ONLY);
    FeedbackQuery filter = query(Set.copyOf(allowed));
    ReportRequest.Builder b = ReportRequest.builder().filter(filter);
    ZoneId zone = zone();
    if (parameters.containsKey("zone")) {
      apply(() -> b.zone(zone));
    }
    // A week or month goes to the builder as it is read, so that the builder's checks (years
    // 1 to 9999) name the parameter.
    LocalDate week = get("week", text -> set(LocalDate.parse(text), b::week));
    YearMonth month = get("month", text -> set(YearMonth.parse(text), b::month));
    Instant from = get("from", text -> instant(text, zone));
    Instant to = get("to", text -> instant(text, zone));
    int periods = (week != null ? 1 : 0) + (month != null ? 1 : 0) + (from != null ? 1 : 0);
    if (periods > 1 || (from == null) != (to == null)) {
      violations.add(
          new Violation("period", "ambiguous", "give one of week, month, or from and to together"));
    } else if (from != null && to != null) {
      apply(() -> b.between(from, to));
    } else if (week == null && month == null) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      b.between(now.minus(7, ChronoUnit.DAYS), now);
    }
    GroupKey group = get("group_by", QueryParameters::groupKey);
    if (group != null) {
      apply(() -> b.groupBy(group));
    }
    String title = get("title", Function.identity());
    if (title != null) {
      apply(() -> b.title(title));
    }
    throwIfAny();
    ReportRequest request = apply(b::build);
    throwIfAny();
    return Objects.requireNonNull(request, "request");
  }

  /** A trend's parameters: the feedback it covers, how it cuts time, and which periods. */
  record TrendRequest(FeedbackQuery query, Granularity granularity, ZoneId zone, Trend.Fill fill) {}

  /**
   * A trend request: the summary's filters ({@code since} and {@code until} bound the
   * periods), {@code granularity} ({@code hour}, {@code day}, {@code iso_week},
   * {@code month}, {@code hour_of_day}; day by default), {@code zone} (UTC by default) and
   * {@code fill} ({@code every_period}, the default, or {@code data_only}).
   */
  TrendRequest trend() {
    FeedbackQuery query = query(with(SUMMARY, "granularity", "zone", "fill"));
    Granularity granularity =
        get("granularity", text -> Granularity.valueOf(text.toUpperCase(Locale.ROOT)));
    Trend.Fill fill = get("fill", text -> Trend.Fill.valueOf(text.toUpperCase(Locale.ROOT)));
    throwIfAny();
    return new TrendRequest(
        query,
        granularity != null ? granularity : Granularity.DAY,
        zone(),
        fill != null ? fill : Trend.Fill.EVERY_PERIOD);
  }

  /**
   * A violation for each parameter that is not {@code allowed} (nor {@code metadata.<key>},
   * when {@code metadata} is) and for each one given twice.
   */
  private void names(Set<String> allowed, boolean metadata) {
    for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
      String name = e.getKey();
      boolean known =
          allowed.contains(name)
              || (metadata && name.startsWith(METADATA) && name.length() > METADATA.length());
      if (!known) {
        violations.add(
            new Violation(
                FeedbackJson.shown(name),
                "unknown_parameter",
                "unknown query parameter '" + FeedbackJson.shown(name) + "'"));
      } else if (e.getValue().size() > 1) {
        violations.add(
            new Violation(name, "repeated", "query parameter '" + name + "' given twice"));
      }
    }
  }

  /** The most feedbacks one page of a session's feedback lists. */
  static final int MAX_PAGE_SIZE = 1000;

  /** The feedbacks a page of a session's feedback lists when the request gives no limit. */
  static final int DEFAULT_PAGE_SIZE = 100;

  /**
   * A page of a session's feedback.
   *
   * @param limit the most feedbacks it lists
   * @param after the id of the feedback it follows, or null for the first page
   */
  record PageRequest(int limit, @Nullable String after) {}

  /**
   * A page request: {@code limit} (1 to {@value #MAX_PAGE_SIZE}, {@value #DEFAULT_PAGE_SIZE}
   * by default) and {@code after}, the {@code next} of the page before.
   */
  PageRequest page() {
    names(Set.of("limit", "after"), false);
    Integer limit =
        get(
            "limit",
            text -> {
              int n = Integer.parseInt(text);
              if (n < 1 || n > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException(
                    "limit must be within 1.." + MAX_PAGE_SIZE + ", was " + n);
              }
              return n;
            });
    String after = get("after", Function.identity());
    throwIfAny();
    return new PageRequest(limit == null ? DEFAULT_PAGE_SIZE : limit, after);
  }

  /** The most groups {@link #groups()} lists at each end. */
  static final int MAX_GROUP_LIMIT = 1000;

  /** A comparison's parameters: the feedback, the field, the two values and the options. */
  record CompareRequest(
      FeedbackQuery query, GroupKey key, String a, String b, CompareOptions options) {}

  /**
   * A comparison request: the summary's filters, {@code zone} (for bare dates), {@code by}
   * (as {@code group_by}), {@code a} and {@code b} (required, different), {@code alpha},
   * {@code min_sample_size} and {@code standard_errors} ({@code auto}, {@code independent},
   * {@code session_clustered}), as {@link CompareOptions#defaults()} when absent.
   */
  CompareRequest compare() {
    FeedbackQuery query =
        query(with(SUMMARY, "zone", "by", "a", "b", "alpha", "min_sample_size", "standard_errors"));
    GroupKey key = required("by", QueryParameters::groupKey);
    String a = required("a", Function.identity());
    String b = required("b", Function.identity());
    if (a != null && a.equals(b)) {
      violations.add(
          new Violation(
              "b", "same_as_a", "b must differ from a, both were '" + FeedbackJson.shown(a) + "'"));
    }
    CompareOptions.Builder options = CompareOptions.builder();
    get("alpha", text -> options.alpha(Double.parseDouble(text)));
    get("min_sample_size", text -> options.minSampleSize(Integer.parseInt(text)));
    get(
        "standard_errors",
        text ->
            options.standardErrors(
                CompareOptions.StandardErrors.valueOf(text.toUpperCase(Locale.ROOT))));
    throwIfAny();
    return new CompareRequest(
        query,
        Objects.requireNonNull(key, "by"),
        Objects.requireNonNull(a, "a"),
        Objects.requireNonNull(b, "b"),
        options.build());
  }

  /** A group breakdown's parameters. */
  record GroupsRequest(FeedbackQuery query, GroupKey key, GroupOptions options) {}

  /**
   * A group breakdown request: the summary's filters, {@code zone} (for bare dates), {@code
   * by} (as {@code group_by}, required), {@code metric} ({@code satisfaction}, {@code
   * positive_rate}, {@code response_quality}, {@code dimension_mean}), {@code
   * min_sample_size} and {@code limit} (1 to {@value #MAX_GROUP_LIMIT}), as {@link
   * GroupOptions#defaults()} when absent.
   */
  GroupsRequest groups() {
    FeedbackQuery query = query(with(SUMMARY, "zone", "by", "metric", "min_sample_size", "limit"));
    GroupKey key = required("by", QueryParameters::groupKey);
    GroupOptions.Builder options = GroupOptions.builder();
    get(
        "metric",
        text -> options.metric(GroupOptions.Metric.valueOf(text.toUpperCase(Locale.ROOT))));
    get("min_sample_size", text -> options.minSampleSize(Integer.parseInt(text)));
    get("limit", text -> options.limit(limit(Integer.parseInt(text))));
    throwIfAny();
    return new GroupsRequest(query, Objects.requireNonNull(key, "by"), options.build());
  }

  private static int limit(int limit) {
    if (limit > MAX_GROUP_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be at most " + MAX_GROUP_LIMIT + ", was " + limit);
    }
    return limit;
  }

  private static Set<String> with(Set<String> names, String... more) {
    Set<String> all = new HashSet<>(names);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  /** The request's {@code zone}, UTC when absent or bad (a bad one is a violation, once). */
  private ZoneId zone() {
    ZoneId z = zone;
    if (z == null) {
      ZoneId given = get("zone", ZoneId::of);
      z = given != null ? given : ZoneOffset.UTC;
      zone = z;
    }
    return z;
  }

  /**
   * An ISO-8601 instant, or a bare date read as its midnight in {@code zone}, within {@link
   * FeedbackLimits#MIN_INSTANT} and {@link FeedbackLimits#MAX_INSTANT}.
   */
  private static Instant instant(String text, ZoneId zone) {
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeException e) {
      instant = LocalDate.parse(text).atStartOfDay(zone).toInstant();
    }
    if (instant.isBefore(FeedbackLimits.MIN_INSTANT)
        || instant.isAfter(FeedbackLimits.MAX_INSTANT)) {
      throw new IllegalArgumentException(
          "must be within "
              + FeedbackLimits.MIN_INSTANT
              + ".."
              + FeedbackLimits.MAX_INSTANT
              + ", was "
              + instant);
    }
    return instant;
  }

  /** Hands a value to a builder's setter, which checks it, and returns it. */
  private static <T> T set(T value, Consumer<T> setter) {
    setter.accept(value);
    return value;
  }

  private static GroupKey groupKey(String text) {
    if (text.startsWith(METADATA)) {
      return GroupKey.metadata(text.substring(METADATA.length()));
    }
    return switch (text) {
      case "tag" -> GroupKey.tag();
      case "user" -> GroupKey.user();
      case "message" -> GroupKey.message();
      case "session" -> GroupKey.session();
      case "model" -> GroupKey.model();
      case "model_version" -> GroupKey.modelVersion();
      case "source" -> GroupKey.source();
      case "review_status" -> GroupKey.reviewStatus();
      default ->
          throw new IllegalArgumentException(
              "a grouping must be metadata.<field>, tag, user, message, session, model,"
                  + " model_version, source or review_status");
    };
  }

  /** As {@link #get}, and a violation when the parameter is absent. */
  private <T> @Nullable T required(String name, Function<String, T> parse) {
    if (parameters.getFirst(name) == null) {
      violations.add(new Violation(name, "required", "query parameter '" + name + "' is required"));
      return null;
    }
    return get(name, parse);
  }

  /** The parameter's value read by {@code parse}, or null; a parse error is a violation. */
  private <T> @Nullable T get(String name, Function<String, T> parse) {
    String value = parameters.getFirst(name);
    if (value == null) {
      return null;
    }
    try {
      return parse.apply(value);
    } catch (InvalidFeedbackException e) {
      for (Violation v : e.violations()) {
        violations.add(new Violation(name, v.code(), v.message()));
      }
    } catch (RuntimeException e) {
      violations.add(
          new Violation(
              name,
              "bad_value",
              "query parameter '"
                  + name
                  + "' has a bad value: "
                  + FeedbackJson.shown(String.valueOf(e.getMessage()))));
    }
    return null;
  }

  private <T> @Nullable T apply(Supplier<T> step) {
    try {
      return step.get();
    } catch (InvalidFeedbackException e) {
      violations.addAll(e.violations());
    } catch (IllegalArgumentException e) {
      violations.add(
          new Violation("query", "bad_value", FeedbackJson.shown(String.valueOf(e.getMessage()))));
    }
    return null;
  }

  private void throwIfAny() {
    if (!violations.isEmpty()) {
      throw new InvalidFeedbackException(List.copyOf(violations));
    }
  }
}
