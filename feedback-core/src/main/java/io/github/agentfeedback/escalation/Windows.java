package io.github.agentfeedback.escalation;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.internal.Checks;
import io.github.agentfeedback.spi.Tally;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the built-in window rules share: the two windows, the subjects they raise about and
 * the checks of their settings.
 */
final class Windows {

  private static final Logger log = LoggerFactory.getLogger(Windows.class);

  /** The subject of a rule over all the selected feedback. */
  static final String OVERALL = "overall";

  private Windows() {}

  /** One subject of a rule: the whole selection or one group, with its sums in both windows. */
  record Subject(@Nullable GroupKey key, @Nullable String value, Tally previous, Tally current) {

    /** {@code overall}, or the grouping's name and the value: {@code model:gpt-4o}. */
    String name() {
      return key == null || value == null ? OVERALL : groupName(key) + ":" + value;
    }

    /** The groups an escalation lists: none, or {@code model=gpt-4o}. */
    List<String> groups() {
      return key == null || value == null ? List.of() : List.of(groupName(key) + "=" + value);
    }

    /** An escalation about this subject, raised now. */
    Escalation.Builder escalation(String type, Severity severity, String rule, Instant now) {
      return Escalation.builder()
          .type(type)
          .severity(severity)
          .rule(rule)
          .subject(name())
          .groups(groups())
          .raisedAt(now);
    }
  }

  /** A metadata field by its name ({@code variant}), other groupings by their label. */
  static String groupName(GroupKey key) {
    return key.kind() == GroupKey.Kind.METADATA ? Objects.requireNonNull(key.field()) : key.label();
  }

  /**
   * The subjects of a rule at {@code now}: the current window {@code [now − window, now)} and
   * the previous one before it; overall, or every group with feedback in the current window
   * whose subject an escalation can name (a group value too long for {@link
   * Escalation#MAX_SUBJECT_LENGTH}, or with NUL or a lone surrogate, is skipped and logged, so
   * that one such value does not stop the rule for every group).
   */
  static List<Subject> subjects(
      WindowContext context, FeedbackQuery filter, Duration window, @Nullable GroupKey key) {
    Instant now = context.now();
    Instant start = now.minus(window);
    WindowContext.Tallies current = context.tallies(filter, start, now, key);
    WindowContext.Tallies previous = context.tallies(filter, start.minus(window), start, key);
    List<Subject> subjects = new ArrayList<>();
    if (key == null) {
      subjects.add(new Subject(null, null, previous.total(), current.total()));
    } else {
      current
          .groups()
          .forEach(
              (value, tally) -> {
                Subject s = new Subject(key, value, previous.group(value), tally);
                if (Checks.isValidId(s.name(), Escalation.MAX_SUBJECT_LENGTH)) {
                  subjects.add(s);
                } else {
                  log.warn(
                      "A window rule skips a group of {} whose value ({} chars) no escalation"
                          + " subject can name: at most {} chars in all, well-formed, without NUL",
                      groupName(key),
                      value.length(),
                      Escalation.MAX_SUBJECT_LENGTH);
                }
              });
    }
    return subjects;
  }

  static String name(@Nullable String name) {
    return Lease.check("name", name);
  }

  static Duration window(Duration window) {
    Objects.requireNonNull(window, "window");
    if (window.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("window must be at least 1 s, was " + window);
    }
    return window;
  }

  static @Nullable GroupKey grouping(@Nullable GroupKey key) {
    if (key != null && key.kind() == GroupKey.Kind.PERIOD) {
      throw new IllegalArgumentException(
          "groupBy must not be a period (the windows are the periods), was " + key);
    }
    return key;
  }

  static String type(String type) {
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("type must not be blank");
    }
    return type;
  }
}
