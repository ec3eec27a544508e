package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Scale;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.internal.Text;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triages each negative feedback before it is stored: a category, an urgency and whether it
 * is actionable, stored as tags on the feedback, so that every store keeps them and every
 * store's analytics count and trend them ({@link TriageFigures}, {@code GroupKey.tag()},
 * {@code FeedbackQuery.tag(...)}) and escalation rules read them
 * ({@link EscalationRule#category}).
 *
 * <h2>The tags</h2>
 * <ul>
 *   <li>{@code category:<name>}: exactly one; {@code <name>} a lowercase identifier.
 *   <li>{@code urgency:<low|medium|high|critical>}: exactly one, a {@link Severity} in lower
 *       case.
 *   <li>{@code actionable}: when the comment says what was wrong: it holds at least
 *       {@link Builder#actionableWords(int) 5 words}, or the feedback carries a correction.
 * </ul>
 * The namespace belongs to the hook: tags already starting with {@code category:} or
 * {@code urgency:}, and the tag {@code actionable}, are replaced by its own on negative
 * feedback (an updated feedback is triaged again) and removed from any other (feedback an
 * update or a changed vote made positive is no longer counted as a complaint); other tags
 * are kept. {@link ValidationHook}'s limit on the number of tags does not count them.
 *
 * <h2>Which feedback</h2>
 * Negative feedback ({@link #isNegative(Feedback)}): rated {@link Rating#DOWN}, or scored in
 * the bottom of its scale: an NPS score (scale {@code nps}) of a detractor, 0 to 6; on any
 * other scale a value at most {@code min + (max − min) / 4} (2 on 1–5 stars or CSAT, 2.5 on
 * 1–7). Other feedback passes on unchanged.
 *
 * <h2>The category</h2>
 * The first rule that matches, in order: the caller's rules ({@link Builder#rule}) in the
 * order added, then, unless {@link Builder#defaultRules(boolean) turned off}, the default
 * rules: {@value #SAFETY} first (so that "wrong and offensive" is a safety matter), then
 * {@value #ACCURACY}, {@value #RELEVANCE}, {@value #COMPLETENESS} and {@value #LATENCY}
 * ({@link #defaultRules()} lists their keywords); else {@value #OTHER}. A rule matches on a
 * keyword of the comment (words, case-insensitive, see {@link TriageRule}) or a tag the
 * feedback carries (outside the triage namespace).
 *
 * <h2>The urgency</h2>
 * The matching rule's {@link TriageRule#urgency()} if it sets one; else by category:
 * {@value #SAFETY} critical, {@value #ACCURACY} high, {@value #RELEVANCE},
 * {@value #COMPLETENESS} and {@value #LATENCY} medium, {@value #OTHER} low, a caller's
 * category medium. It depends on the feedback alone: the hook runs before the store, so it
 * knows nothing of the session's history (rules on the counts do: {@link EscalationHook}).
 *
 * <h2>Limits and cost</h2>
 * The hook never makes feedback the store would refuse: when the tags would take it beyond
 * {@link FeedbackLimits#MAX_FEEDBACK_BYTES}, it passes the feedback on unchanged and counts
 * it in {@link #skipped()}. A triage takes time linear in the comment's length (one pass to
 * split it into words, each word looked up in a map of the rules' first words), whatever the
 * comment holds. Acts on {@code ADD} and {@code UPDATE} alike. Place it in {@link
 * ReadyHooks.Stage#ENRICH} ({@link ReadyHooks.Builder#triage}), after sanitizing so that
 * markup is not read as words.
 *
 * <p>Immutable and thread-safe (its counters are atomic).
 *
 * @since 0.1.0
 */
public final class TriageHook implements FeedbackHook {

  /** The prefix of the category tag. */
  public static final String CATEGORY_PREFIX = "category:";

  /** The prefix of the urgency tag. */
  public static final String URGENCY_PREFIX = "urgency:";

  /** The tag of actionable feedback. */
  public static final String ACTIONABLE = "actionable";

  /** The default category of answers that are wrong. */
  public static final String ACCURACY = "accuracy";

  /** The default category of answers beside the question. */
  public static final String RELEVANCE = "relevance";

  /** The default category of answers that leave something out. */
  public static final String COMPLETENESS = "completeness";

  /** The default category of harmful or offensive answers. */
  public static final String SAFETY = "safety";

  /** The default category of slow answers. */
  public static final String LATENCY = "latency";

  /** The category of negative feedback no rule matched. */
  public static final String OTHER = "other";

  private static final Logger log = LoggerFactory.getLogger(TriageHook.class);

  private static final List<TriageRule> DEFAULTS =
      List.of(
          rule(
              SAFETY,
              "unsafe",
              "dangerous",
              "harmful",
              "offensive",
              "toxic",
              "inappropriate",
              "racist",
              "sexist",
              "hateful",
              "abusive",
              "illegal",
              "violent",
              "self harm",
              "suicide",
              "threatening",
              "explicit"),
          rule(
              ACCURACY,
              "wrong",
              "incorrect",
              "inaccurate",
              "false",
              "untrue",
              "not true",
              "mistake",
              "mistaken",
              "error",
              "errors",
              "hallucinated",
              "hallucination",
              "made up",
              "invented",
              "outdated",
              "factually",
              "misleading",
              "bug",
              "buggy"),
          rule(
              RELEVANCE,
              "irrelevant",
              "not relevant",
              "off topic",
              "unrelated",
              "not what i asked",
              "didn't answer",
              "did not answer",
              "missed the point",
              "not my question",
              "ignored my question"),
          rule(
              COMPLETENESS,
              "incomplete",
              "missing",
              "partial",
              "truncated",
              "cut off",
              "not enough",
              "too short",
              "left out",
              "more detail",
              "more details",
              "unfinished",
              "half"),
          rule(
              LATENCY,
              "slow",
              "slowly",
              "timeout",
              "timed out",
              "took forever",
              "lag",
              "laggy",
              "delay",
              "delayed",
              "hangs",
              "hung",
              "waiting",
              "latency"));

  private static final Map<String, Severity> DEFAULT_URGENCY =
      Map.of(
          SAFETY, Severity.CRITICAL,
          ACCURACY, Severity.HIGH,
          RELEVANCE, Severity.MEDIUM,
          COMPLETENESS, Severity.MEDIUM,
          LATENCY, Severity.MEDIUM,
          OTHER, Severity.LOW);

  private final List<TriageRule> rules;

  /** First word of each phrase: the phrases starting with it, with their rule's index. */
  private final Map<String, List<Phrase>> byFirstWord;

  /** Tag: the lowest index of a rule naming it. */
  private final Map<String, Integer> byTag;

  private final int actionableWords;
  private final AtomicLong triaged = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();

  private record Phrase(int rule, List<String> words) {}

  private TriageHook(Builder b) {
    List<TriageRule> all = new ArrayList<>(b.rules);
    if (b.defaults) {
      all.addAll(DEFAULTS);
    }
    this.rules = List.copyOf(all);
    Map<String, List<Phrase>> first = new HashMap<>();
    Map<String, Integer> tags = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      for (List<String> words : rules.get(i).phrases()) {
        first.computeIfAbsent(words.get(0), w -> new ArrayList<>()).add(new Phrase(i, words));
      }
      for (String tag : rules.get(i).tags()) {
        tags.putIfAbsent(tag, i);
      }
    }
    first.replaceAll((w, list) -> List.copyOf(list));
    this.byFirstWord = Map.copyOf(first);
    this.byTag = Map.copyOf(tags);
    this.actionableWords = b.actionableWords;
  }

  private static TriageRule rule(String category, String... keywords) {
    return TriageRule.builder().category(category).keywords(keywords).build();
  }

  /**
   * A hook with the default rules only.
   *
   * @return the hook
   */
  public static TriageHook defaults() {
    return builder().build();
  }

  /**
   * A builder with the default rules and no rules of the caller's.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default rules, in the order they are tried after the caller's.
   *
   * @return the rules, immutable
   */
  public static List<TriageRule> defaultRules() {
    return DEFAULTS;
  }

  /**
   * Whether feedback is negative: rated {@link Rating#DOWN}, or scored 0 to 6 on the
   * {@code nps} scale, or at most {@code min + (max − min) / 4} on any other scale.
   *
   * @param feedback the feedback
   * @return whether the hook triages it
   */
  public static boolean isNegative(Feedback feedback) {
    if (feedback.rating() == Rating.DOWN) {
      return true;
    }
    Score score = feedback.score();
    if (score == null) {
      return false;
    }
    Scale scale = score.scale();
    if (scale.name().equals(Scale.NPS.name())) {
      return score.value() <= 6;
    }
    return score.value() <= scale.min() + (scale.max() - scale.min()) / 4;
  }

  /**
   * The triage tags this hook gives feedback: {@code category:<name>}, {@code
   * urgency:<level>} and, when actionable, {@code actionable}; empty for feedback that is
   * not negative.
   *
   * @param feedback the feedback
   * @return the tags, immutable
   */
  public List<String> tags(Feedback feedback) {
    Objects.requireNonNull(feedback, "feedback");
    if (!isNegative(feedback)) {
      return List.of();
    }
    List<String> words = TriageRule.words(feedback.comment());
    int match = match(feedback, words);
    String category = match < 0 ? OTHER : rules.get(match).category();
    @Nullable Severity urgency = match < 0 ? null : rules.get(match).urgency();
    if (urgency == null) {
      urgency = DEFAULT_URGENCY.getOrDefault(category, Severity.MEDIUM);
    }
    String correction = feedback.correction();
    boolean actionable =
        words.size() >= actionableWords || (correction != null && !Text.isBlank(correction));
    String level = URGENCY_PREFIX + urgency.name().toLowerCase(Locale.ROOT);
    return actionable
        ? List.of(CATEGORY_PREFIX + category, level, ACTIONABLE)
        : List.of(CATEGORY_PREFIX + category, level);
  }

  /** The index of the first rule that matches, or -1. */
  private int match(Feedback feedback, List<String> words) {
    int best = Integer.MAX_VALUE;
    for (String tag : feedback.tags()) {
      Integer i = isTriageTag(tag) ? null : byTag.get(tag);
      if (i != null && i < best) {
        best = i;
      }
    }
    for (int at = 0; at < words.size() && best > 0; at++) {
      List<Phrase> candidates = byFirstWord.get(words.get(at));
      if (candidates == null) {
        continue;
      }
      for (Phrase p : candidates) {
        if (p.rule() < best && startsAt(words, at, p.words())) {
          best = p.rule();
        }
      }
    }
    return best == Integer.MAX_VALUE ? -1 : best;
  }

  private static boolean startsAt(List<String> words, int at, List<String> phrase) {
    if (at + phrase.size() > words.size()) {
      return false;
    }
    for (int i = 1; i < phrase.size(); i++) {
      if (!words.get(at + i).equals(phrase.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a tag belongs to the triage namespace. */
  /**
   * How many kinds of the triage namespace the tags hold: 0 to 3 (a category, an urgency,
   * {@value #ACTIONABLE}), whatever the number of tags of each kind.
   */
  static int triageKinds(List<String> tags) {
    boolean category = false;
    boolean urgency = false;
    boolean actionable = false;
    for (String tag : tags) {
      category |= tag.startsWith(CATEGORY_PREFIX);
      urgency |= tag.startsWith(URGENCY_PREFIX);
      actionable |= tag.equals(ACTIONABLE);
    }
    return (category ? 1 : 0) + (urgency ? 1 : 0) + (actionable ? 1 : 0);
  }

  static boolean isTriageTag(String tag) {
    return tag.startsWith(CATEGORY_PREFIX)
        || tag.startsWith(URGENCY_PREFIX)
        || tag.equals(ACTIONABLE);
  }

  /**
   * Passes on a copy of negative feedback carrying its triage tags, and of other feedback
   * carrying tags of the triage namespace without them.
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    List<String> triage = tags(in);
    if (triage.isEmpty() && in.tags().stream().noneMatch(TriageHook::isTriageTag)) {
      return chain.proceed(in);
    }
    List<String> tags = new ArrayList<>(in.tags().size() + triage.size());
    for (String tag : in.tags()) {
      if (!isTriageTag(tag)) {
        tags.add(tag);
      }
    }
    if (triage.isEmpty()) { // no longer a complaint (an update, a changed vote): no triage
      return chain.proceed(in.toBuilder().tags(tags).build());
    }
    tags.addAll(triage);
    Feedback out = in.toBuilder().tags(tags).build();
    if (out.storedSize() > FeedbackLimits.MAX_FEEDBACK_BYTES) {
      long n = skipped.incrementAndGet();
      log.debug(
          "feedback {} left untriaged: its tags would take it beyond {} bytes ({} skipped)",
          in.id(),
          FeedbackLimits.MAX_FEEDBACK_BYTES,
          n);
      return chain.proceed(in);
    }
    triaged.incrementAndGet();
    return chain.proceed(out);
  }

  /**
   * How many feedbacks this hook triaged (tagged and passed on).
   *
   * @return the count since the hook was built
   */
  public long triaged() {
    return triaged.get();
  }

  /**
   * How many negative feedbacks this hook passed on untriaged because its tags would have
   * taken them beyond {@link FeedbackLimits#MAX_FEEDBACK_BYTES}.
   *
   * @return the count since the hook was built
   */
  public long skipped() {
    return skipped.get();
  }

  @Override
  public String toString() {
    return "TriageHook[rules=" + rules.size() + ", actionableWords=" + actionableWords + "]";
  }

  /**
   * Configures a {@link TriageHook}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<TriageRule> rules = new ArrayList<>();
    private boolean defaults = true;
    private int actionableWords = 5;

    private Builder() {}

    /**
     * Adds a rule of the caller's, tried after the rules added before and before the default
     * rules.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(TriageRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Whether the default rules are tried after the caller's. Default {@code true}; without
     * them, feedback no caller's rule matches is {@value TriageHook#OTHER}.
     *
     * @param defaults whether to use them
     * @return this builder
     */
    public Builder defaultRules(boolean defaults) {
      this.defaults = defaults;
      return this;
    }

    /**
     * How many words a comment needs to be actionable (a correction is enough alone).
     * Default 5.
     *
     * @param words at least 1
     * @return this builder
     * @throws IllegalArgumentException naming {@code actionableWords} if below 1
     */
    public Builder actionableWords(int words) {
      if (words < 1) {
        throw new IllegalArgumentException("actionableWords must be at least 1, was " + words);
      }
      this.actionableWords = words;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public TriageHook build() {
      return new TriageHook(this);
    }
  }
}
