package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackRejectedException;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.Settings;
import io.github.agentfeedback.hooks.internal.Text;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses feedback that looks like spam with {@link FeedbackRejectedException} code
 * {@link FeedbackRejectedException#SPAM}; nothing is stored.
 *
 * <p>Four signals are looked for in the comment (and the correction, if configured), each
 * adding its weight to a score; the feedback is refused when the score reaches the
 * threshold (default 1.0):
 * <table>
 *   <caption>Signals</caption>
 *   <tr><th>signal</th><th>fires when</th><th>default weight</th></tr>
 *   <tr><td>{@link Signal#PHRASE}</td><td>a listed phrase occurs as whole words, ignoring
 *       case, compatibility forms (NFKC) and invisible format characters such as a
 *       zero-width space or a soft hyphen</td><td>1.0</td></tr>
 *   <tr><td>{@link Signal#LINKS}</td><td>more than 2 links ({@code http://},
 *       {@code https://} or {@code www.})</td><td>1.0</td></tr>
 *   <tr><td>{@link Signal#REPEATED_CHARACTERS}</td><td>a character other than white space
 *       repeated more than 9 times in a row ({@code "!!!!!!!!!!"})</td><td>0.5</td></tr>
 *   <tr><td>{@link Signal#ALL_CAPS}</td><td>at least 20 cased letters, 90% or more of
 *       them upper case</td><td>0.5</td></tr>
 * </table>
 * So a listed phrase or too many links refuse on their own, while shouting or a long run of
 * one character refuse only together — an angry user writing in capitals is feedback, not
 * spam. A weight of 0 switches a signal off.
 *
 * <p>Acts on {@link FeedbackAction#ADD} and {@link FeedbackAction#UPDATE} alike, so that
 * replaced feedback is checked too. Looking for the signals allocates nothing for
 * lower-case ASCII text without links; otherwise a normalized copy of the text. Immutable
 * and thread-safe.
 *
 * @since 0.1.0
 */
public final class SpamFilterHook implements FeedbackHook {

  /**
   * What the filter looks for.
   *
   * @since 0.1.0
   */
  public enum Signal {
    /** A listed phrase. */
    PHRASE,
    /** More links than allowed. */
    LINKS,
    /** A long run of one character. */
    REPEATED_CHARACTERS,
    /** Mostly upper-case letters. */
    ALL_CAPS
  }

  /** The phrases listed by default. */
  public static final List<String> DEFAULT_PHRASES =
      List.of(
          "buy now",
          "free money",
          "limited time offer",
          "act now",
          "casino",
          "viagra",
          "cialis",
          "crypto giveaway",
          "double your bitcoin",
          "work from home",
          "make money fast",
          "earn money fast",
          "100% free",
          "no credit check",
          "visit my website",
          "subscribe to my channel",
          "promo code",
          "click the link below",
          "dm me for");

  private static final Logger log = LoggerFactory.getLogger(SpamFilterHook.class);

  private static final Pattern LINK = Pattern.compile("(?i)(?:https?://|\\bwww\\.)\\S");

  private static final Signal[] SIGNALS = Signal.values();

  private final List<String> phrases;
  private final int maxLinks;
  private final int maxRepeat;
  private final int capsMinLetters;
  private final double capsRatio;
  private final Map<Signal, Double> weights;
  private final double threshold;
  private final boolean includeCorrection;

  private SpamFilterHook(Builder b) {
    this.phrases = b.phrases.stream().map(SpamFilterHook::normalize).distinct().toList();
    this.maxLinks = b.maxLinks;
    this.maxRepeat = b.maxRepeat;
    this.capsMinLetters = b.capsMinLetters;
    this.capsRatio = b.capsRatio;
    this.weights = Map.copyOf(b.weights);
    this.threshold = b.threshold;
    this.includeCorrection = b.includeCorrection;
  }

  /**
   * A filter with the default phrases, limits and weights.
   *
   * @return the hook
   */
  public static SpamFilterHook defaults() {
    return builder().build();
  }

  /**
   * A builder holding the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Proceeds, or refuses feedback whose spam score reaches the threshold.
   *
   * @throws FeedbackRejectedException with code {@code SPAM}
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback f = chain.feedback();
    String text =
        includeCorrection && f.correction() != null
            ? f.comment() + "\n" + f.correction()
            : f.comment();
    int found = signalBits(text);
    double score = 0;
    for (Signal s : SIGNALS) {
      if ((found & 1 << s.ordinal()) != 0) {
        score += weight(s);
      }
    }
    if (found != 0 && score >= threshold) {
      Set<Signal> signals = toSet(found);
      log.debug(
          "Feedback {} in session {} refused as spam: {}", f.id(), chain.sessionId(), signals);
      throw new FeedbackRejectedException(
          FeedbackRejectedException.SPAM, "Feedback looks like spam: " + describe(signals));
    }
    return chain.proceed(f);
  }

  /**
   * The signals found in a text, ignoring weights.
   *
   * @param text the text
   * @return the signals with a non-zero weight that fire, in declaration order; found in
   *     time linear in the length of the text
   * @throws NullPointerException if {@code text} is null
   */
  public Set<Signal> signals(String text) {
    return toSet(signalBits(Objects.requireNonNull(text, "text")));
  }

  /** The signals found, one bit per ordinal. */
  private int signalBits(String text) {
    int found = 0;
    if (text.isEmpty()) {
      return found;
    }
    if (on(Signal.PHRASE) && !phrases.isEmpty() && hasPhrase(normalize(text))) {
      found |= 1 << Signal.PHRASE.ordinal();
    }
    if (on(Signal.LINKS) && links(text) > maxLinks) {
      found |= 1 << Signal.LINKS.ordinal();
    }
    if (on(Signal.REPEATED_CHARACTERS) && longestRun(text) > maxRepeat) {
      found |= 1 << Signal.REPEATED_CHARACTERS.ordinal();
    }
    if (on(Signal.ALL_CAPS) && shouting(text)) {
      found |= 1 << Signal.ALL_CAPS.ordinal();
    }
    return found;
  }

  private static Set<Signal> toSet(int bits) {
    Set<Signal> set = EnumSet.noneOf(Signal.class);
    for (Signal s : SIGNALS) {
      if ((bits & 1 << s.ordinal()) != 0) {
        set.add(s);
      }
    }
    return set;
  }

  private boolean on(Signal s) {
    return weight(s) > 0;
  }

  /** The signal's weight; the builder gives every signal one. */
  private double weight(Signal s) {
    return weights.getOrDefault(s, 0.0);
  }

  private String describe(Set<Signal> signals) {
    List<String> parts = new ArrayList<>();
    for (Signal s : signals) {
      parts.add(
          switch (s) {
            case PHRASE -> "a blocked phrase";
            case LINKS -> "more than " + maxLinks + " links";
            case REPEATED_CHARACTERS -> "a character repeated more than " + maxRepeat + " times";
            case ALL_CAPS -> "mostly capital letters";
          });
    }
    return String.join(", ", parts);
  }

  private boolean hasPhrase(String text) {
    for (String phrase : phrases) {
      for (int i = text.indexOf(phrase); i >= 0; i = text.indexOf(phrase, i + 1)) {
        int end = i + phrase.length();
        boolean startOk =
            i == 0
                || !Character.isLetterOrDigit(text.charAt(i - 1))
                || !Character.isLetterOrDigit(phrase.charAt(0));
        boolean endOk =
            end == text.length()
                || !Character.isLetterOrDigit(text.charAt(end))
                || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1));
        if (startOk && endOk) {
          return true;
        }
      }
    }
    return false;
  }

  private static int links(String text) {
    if (text.indexOf("://") < 0 && !mentionsWww(text)) {
      return 0; // no match possible: skip the matcher
    }
    int count = 0;
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      count++;
    }
    return count;
  }

  private static int longestRun(String text) {
    int longest = 0;
    int run = 0;
    int previous = -1;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Text.isSpace(c)) {
        run = 0;
        previous = -1;
        continue;
      }
      run = c == previous ? run + 1 : 1;
      previous = c;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  private boolean shouting(String text) {
    int upper = 0;
    int lower = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isUpperCase(c)) {
        upper++;
      } else if (Character.isLowerCase(c)) {
        lower++;
      }
    }
    int cased = upper + lower;
    return cased >= capsMinLetters && upper >= capsRatio * cased;
  }

  private static boolean mentionsWww(String text) {
    for (int i = text.indexOf('.'); i >= 3; i = text.indexOf('.', i + 1)) {
      if (text.regionMatches(true, i - 3, "www", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@linkplain Text#fold Folded} (NFKC, lower case, invisible characters dropped), white space
   * collapsed to single spaces; {@code s} itself if so already.
   */
  private static String normalize(String s) {
    return Text.collapseWhitespace(Text.fold(s)).replace('\n', ' ');
  }

  /**
   * Configures a {@link SpamFilterHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<String> phrases = new ArrayList<>(DEFAULT_PHRASES);
    private int maxLinks = 2;
    private int maxRepeat = 9;
    private int capsMinLetters = 20;
    private double capsRatio = 0.9;
    private final Map<Signal, Double> weights =
        new EnumMap<>(
            Map.of(
                Signal.PHRASE,
                1.0,
                Signal.LINKS,
                1.0,
                Signal.REPEATED_CHARACTERS,
                0.5,
                Signal.ALL_CAPS,
                0.5));
    private double threshold = 1.0;
    private boolean includeCorrection;

    private Builder() {}

    /**
     * Replaces the phrase list. Phrases match whole words, ignoring case and compatibility
     * forms.
     *
     * @param phrases the phrases; none switches the signal off
     * @return this builder
     * @throws NullPointerException if the collection or a phrase is null
     * @throws IllegalArgumentException if a phrase is blank, also once normalized
     */
    public Builder phrases(Collection<String> phrases) {
      List<String> copy =
          checkPhrases("phrases", Settings.elements("phrases", phrases, String.class));
      this.phrases.clear();
      this.phrases.addAll(copy);
      return this;
    }

    /**
     * Adds phrases to the list.
     *
     * @param phrases the phrases to add
     * @return this builder
     * @throws NullPointerException if the array or a phrase is null
     * @throws IllegalArgumentException if a phrase is blank, also once normalized
     */
    public Builder addPhrases(String... phrases) {
      this.phrases.addAll(
          checkPhrases("addPhrases", Settings.elements("addPhrases", phrases, String.class)));
      return this;
    }

    /**
     * Most links allowed before {@link Signal#LINKS} fires. Defaults to 2.
     *
     * @param maxLinks the limit, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxLinks(int maxLinks) {
      if (maxLinks < 0) {
        throw new IllegalArgumentException("maxLinks must not be negative, was " + maxLinks);
      }
      this.maxLinks = maxLinks;
      return this;
    }

    /**
     * Longest run of one character allowed before {@link Signal#REPEATED_CHARACTERS}
     * fires. Defaults to 9.
     *
     * @param maxRepeat the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRepeat < 1}
     */
    public Builder maxRepeatedCharacters(int maxRepeat) {
      if (maxRepeat < 1) {
        throw new IllegalArgumentException(
            "maxRepeatedCharacters must be at least 1, was " + maxRepeat);
      }
      this.maxRepeat = maxRepeat;
      return this;
    }

    /**
     * When {@link Signal#ALL_CAPS} fires: at least {@code minLetters} cased letters, of
     * which at least {@code ratio} are upper case. Defaults to 20 and 0.9.
     *
     * @param minLetters fewest cased letters considered, at least 1
     * @param ratio share of upper-case letters, in (0, 1]
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder allCaps(int minLetters, double ratio) {
      if (minLetters < 1 || !(ratio > 0 && ratio <= 1)) {
        throw new IllegalArgumentException(
            "allCaps needs minLetters >= 1 and 0 < ratio <= 1,"
                + " were "
                + minLetters
                + " and "
                + ratio);
      }
      this.capsMinLetters = minLetters;
      this.capsRatio = ratio;
      return this;
    }

    /**
     * How much a signal adds to the score; 0 switches it off.
     *
     * @param signal the signal
     * @param weight the weight, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative or not finite
     */
    public Builder weight(Signal signal, double weight) {
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
      }
      weights.put(Objects.requireNonNull(signal, "signal"), weight);
      return this;
    }

    /**
     * The score at which feedback is refused. Defaults to 1.0.
     *
     * @param threshold the threshold, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder threshold(double threshold) {
      if (!(threshold > 0) || Double.isInfinite(threshold)) {
        throw new IllegalArgumentException("threshold must be finite and > 0, was " + threshold);
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * Whether the correction is checked along with the comment. Defaults to {@code false}:
     * corrections often hold links legitimately.
     *
     * @param include whether to check corrections
     * @return this builder
     */
    public Builder includeCorrection(boolean include) {
      this.includeCorrection = include;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public SpamFilterHook build() {
      return new SpamFilterHook(this);
    }

    /** Refuses phrases that are blank once normalized: they would match everywhere. */
    private static List<String> checkPhrases(String setting, List<String> phrases) {
      for (int i = 0; i < phrases.size(); i++) {
        if (normalize(phrases.get(i)).isEmpty()) {
          throw new IllegalArgumentException(
              setting + "[" + i + "] must not be blank, was \"" + phrases.get(i) + "\"");
        }
      }
      return phrases;
    }
  }
}
