package io.github.agentfeedback.hooks;

import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.FeedbackResult;
import io.github.agentfeedback.capture.FeedbackAction;
import io.github.agentfeedback.capture.FeedbackHook;
import io.github.agentfeedback.hooks.internal.PiiScanner;
import io.github.agentfeedback.hooks.internal.Settings;
import io.github.agentfeedback.hooks.internal.TextFields;
import io.github.agentfeedback.hooks.internal.VisibleText;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces personal data in the free text of feedback before it is stored — the comment,
 * the correction, the prompt and the response (and each comparison candidate's response) —
 * and records which kinds were found in the attribute {@value #ATTRIBUTE} (for example
 * {@code ["email", "card"]}).
 *
 * <table>
 *   <caption>What is replaced</caption>
 *   <tr><th>kind</th><th>replaced by</th><th>detected as</th></tr>
 *   <tr><td>{@link Kind#EMAIL}</td><td>{@code [EMAIL]}, or {@code [MAIL]} for an address
 *       shorter than that ({@code a@b.co})</td><td>{@code local@domain.tld}</td></tr>
 *   <tr><td>{@link Kind#IBAN}</td><td>{@code [IBAN]}</td><td>country code, check digits and
 *       11–30 letters or digits, grouped or not, passing the mod-97 check</td></tr>
 *   <tr><td>{@link Kind#CARD}</td><td>{@code [CARD]}</td><td>13–19 digits, grouped by spaces
 *       or hyphens or not, passing the Luhn check</td></tr>
 *   <tr><td>{@link Kind#PHONE}</td><td>{@code [PHONE]}</td><td>{@code +} and 8–15 digits;
 *       or 10–11 digits in at least two groups, as in {@code (555) 123-4567}</td></tr>
 * </table>
 * The check digits keep order numbers and other long numbers from being taken for cards or
 * IBANs; a run of digits without {@code +} or separators is not taken for a phone number.
 * Full-width forms ({@code ４１１１　１１１１...}, {@code ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ}, as
 * typed with an East Asian input method) and the digits of other scripts are read as their
 * ASCII counterparts, and invisible format characters (a zero-width space, a soft hyphen, a
 * word joiner) inside an address or a number do not hide it; the text around what is
 * replaced is kept as written, its invisible characters included.
 * Detection is heuristic: it lowers the amount of personal data stored, it does not
 * guarantee there is none.
 *
 * <p>Redaction never makes a text longer, in chars, code points or UTF-8 bytes: every kind's
 * data is at least as long as its placeholder, the shortest addresses excepted, which get
 * {@code [MAIL]}. So a text within a size limit ({@link io.github.agentfeedback.FeedbackLimits},
 * or the {@link ValidationHook}'s) stays within it, as with {@link SanitizingHook}; the
 * attribute {@value #ATTRIBUTE} is left out where it would take the feedback beyond
 * {@link io.github.agentfeedback.FeedbackLimits#MAX_FEEDBACK_BYTES}, which the store would
 * refuse.
 *
 * <p>By default the prompt, the response and the correction are redacted too, and they are
 * what the training-data export writes: an SFT or DPO row then holds {@code [EMAIL]} where
 * the model wrote an address. To store them exactly as given and redact comments only:
 * <pre>{@code
 * PiiRedactionHook commentsOnly = PiiRedactionHook.builder()
 *     .promptAndResponse(false)   // prompt, response, comparison responses
 *     .corrections(false)         // the answer the user wanted
 *     .build();
 * }</pre>
 *
 * <p>Redaction takes time linear in the length of the text. One pass over each text finds
 * the kinds it may hold; text with none (no {@code @}, no long run of digits, nothing
 * shaped like an IBAN) needs no further pass, and feedback whose texts have none passes on
 * unchanged without anything being allocated.
 *
 * <p>Place it right after {@link SanitizingHook} (so markup cannot hide an address) and
 * before {@link ValidationHook} (so that validation checks the redacted text, the one
 * stored) and every hook that stores or sends text elsewhere; {@link ReadyHooks} puts it
 * there.
 *
 * <p>Acts on {@link FeedbackAction#ADD} and {@link FeedbackAction#UPDATE} alike, so that
 * replaced feedback is redacted too. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class PiiRedactionHook implements FeedbackHook {

  /** The attribute listing the kinds redacted, as lower-case names. */
  public static final String ATTRIBUTE = "pii_redacted";

  private static final Logger log = LoggerFactory.getLogger(PiiRedactionHook.class);

  /**
   * A kind of personal data.
   *
   * @since 0.1.0
   */
  public enum Kind {
    /** An e-mail address. */
    EMAIL,
    /** A phone number. */
    PHONE,
    /** A payment card number. */
    CARD,
    /** An international bank account number. */
    IBAN;

    /**
     * The name recorded in {@value PiiRedactionHook#ATTRIBUTE}.
     *
     * @return the lower-case name, for example {@code "email"}
     */
    public String attributeValue() {
      return attributeValue;
    }

    /**
     * The text that replaces data of this kind; an e-mail address shorter than it (in chars,
     * code points or UTF-8 bytes, such as {@code a@b.co}) gets {@code "[MAIL]"} instead, so
     * that redaction never makes a text longer.
     *
     * @return the placeholder, for example {@code "[EMAIL]"}
     */
    public String placeholder() {
      return placeholder;
    }

    private final String placeholder = "[" + name() + "]";
    private final String attributeValue = name().toLowerCase(Locale.ROOT);
  }

  private static final Kind[] KINDS = Kind.values();

  /**
   * What replaces an address shorter than {@code [EMAIL]} (6 chars, such as {@code a@b.co}, or
   * 6 code points): no address is shorter, so it never makes a text longer.
   */
  private static final String SHORT_EMAIL = "[MAIL]";

  /** The kinds in the order they are looked for: an IBAN holds a card-length digit run, a
   * card a phone-length one. */
  private static final Kind[] SCAN_ORDER = {Kind.EMAIL, Kind.IBAN, Kind.CARD, Kind.PHONE};

  private final int candidateMask; // the PiiScanner candidate bits of the kinds redacted
  private final int fields;
  private final boolean recordKinds;
  private final TextFields.Test clean;

  private PiiRedactionHook(Builder b) {
    int bits = 0;
    for (Kind k : b.kinds) {
      bits |= 1 << k.ordinal();
    }
    this.candidateMask = candidateBits(bits);
    this.fields =
        TextFields.COMMENT
            | (b.corrections ? TextFields.CORRECTION : 0)
            | (b.promptAndResponse ? TextFields.PROMPT_AND_RESPONSE : 0);
    this.recordKinds = b.recordKinds;
    this.clean = text -> candidates(text) == 0;
  }

  /**
   * A hook redacting every kind in every text and recording the kinds.
   *
   * @return the hook
   */
  public static PiiRedactionHook defaults() {
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
   * Redacts {@code text} as this hook redacts comments, in time linear in its length.
   *
   * @param text any text
   * @param found a modifiable set that receives the kinds replaced
   * @return the text with personal data replaced
   * @throws NullPointerException if {@code text} or {@code found} is null
   * @throws IllegalArgumentException if something was replaced and {@code found} cannot be
   *     modified
   */
  public String redact(String text, Set<Kind> found) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(found, "found");
    Redaction redaction = new Redaction();
    String out = redaction.rewrite(text);
    if (redaction.found != 0) {
      try {
        found.addAll(redaction.kinds());
      } catch (UnsupportedOperationException e) {
        throw new IllegalArgumentException("found must be a modifiable set", e);
      }
    }
    return out;
  }

  /** The kinds enabled here that {@code text} may hold, as {@link PiiScanner} bits. */
  private int candidates(String text) {
    return PiiScanner.candidates(text) & candidateMask;
  }

  private static int candidateBits(int kindBits) {
    int bits = 0;
    for (Kind k : KINDS) {
      if ((kindBits & 1 << k.ordinal()) != 0) {
        bits |= candidateBit(k);
      }
    }
    return bits;
  }

  private static int candidateBit(Kind kind) {
    return switch (kind) {
      case EMAIL -> PiiScanner.EMAIL_CANDIDATE;
      case IBAN -> PiiScanner.IBAN_CANDIDATE;
      case CARD -> PiiScanner.CARD_CANDIDATE;
      case PHONE -> PiiScanner.PHONE_CANDIDATE;
    };
  }

  /**
   * Replaces data of one kind in {@code text} as written, found in the folded {@code view} of
   * its visible text.
   */
  private static String scan(Kind kind, String view, VisibleText text) {
    return switch (kind) {
      case EMAIL -> PiiScanner.emails(view, text, kind.placeholder(), SHORT_EMAIL);
      case IBAN -> PiiScanner.ibans(view, text, kind.placeholder());
      case CARD -> PiiScanner.cards(view, text, kind.placeholder());
      case PHONE -> PiiScanner.phones(view, text, kind.placeholder());
    };
  }

  /**
   * Passes on a copy with personal data replaced and the kinds recorded, or the feedback
   * itself when no text holds any.
   */
  @Override
  public FeedbackResult intercept(Chain chain) {
    Feedback in = chain.feedback();
    if (TextFields.all(in, fields, clean)) {
      return chain.proceed(in);
    }
    Redaction redaction = new Redaction();
    Feedback out = TextFields.rewrite(in, fields, redaction);
    if (isSame(out, in)) {
      return chain.proceed(in);
    }
    if (recordKinds) {
      Feedback recorded =
          out.toBuilder()
              .attribute(ATTRIBUTE, merge(in.attributes().get(ATTRIBUTE), redaction.found))
              .build();
      if (recorded.storedSize() <= FeedbackLimits.MAX_FEEDBACK_BYTES) {
        out = recorded;
      } else {
        log.debug(
            "Feedback {} in session {} redacted without {}: it would take it beyond {} bytes",
            in.id(),
            chain.sessionId(),
            ATTRIBUTE,
            FeedbackLimits.MAX_FEEDBACK_BYTES);
      }
    }
    return chain.proceed(out);
  }

  /** Kinds already recorded (by an earlier run) followed by the new ones, without repeats. */
  private static List<String> merge(@Nullable Object previous, int found) {
    if (!(previous instanceof List<?> list) || list.isEmpty()) {
      List<String> names = new ArrayList<>(Integer.bitCount(found));
      for (Kind k : KINDS) {
        if ((found & 1 << k.ordinal()) != 0) {
          names.add(k.attributeValue());
        }
      }
      return names;
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object o : list) {
      if (o instanceof String s) {
        names.add(s);
      }
    }
    for (Kind k : KINDS) {
      if ((found & 1 << k.ordinal()) != 0) {
        names.add(k.attributeValue());
      }
    }
    return new ArrayList<>(names);
  }

  /** Redacts the texts of one call and collects the kinds replaced. Used by one thread. */
  private final class Redaction implements TextFields.Rewriter {
    private int found; // bit per Kind ordinal

    @Override
    public String rewrite(String text) {
      int candidates = candidates(text);
      if (candidates == 0) {
        return text;
      }
      VisibleText visible = VisibleText.of(text);
      String view = PiiScanner.fold(visible.visible());
      String t = text;
      for (Kind kind : SCAN_ORDER) {
        if ((candidates & candidateBit(kind)) != 0) {
          String after = scan(kind, view, visible);
          if (!isSame(after, t)) {
            found |= 1 << kind.ordinal();
            t = after;
            visible = VisibleText.of(after);
            view = PiiScanner.fold(visible.visible());
          }
        }
      }
      return t;
    }

    Set<Kind> kinds() {
      Set<Kind> set = EnumSet.noneOf(Kind.class);
      for (Kind k : KINDS) {
        if ((found & 1 << k.ordinal()) != 0) {
          set.add(k);
        }
      }
      return set;
    }
  }

  /**
   * Configures a {@link PiiRedactionHook}; starts with the defaults. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private Set<Kind> kinds = EnumSet.allOf(Kind.class);
    private boolean corrections = true;
    private boolean promptAndResponse = true;
    private boolean recordKinds = true;

    private Builder() {}

    /**
     * The kinds to redact. Defaults to all. Repeats are ignored.
     *
     * @param kinds at least one kind
     * @return this builder
     * @throws NullPointerException if the array or a kind is null
     * @throws IllegalArgumentException if none is given
     */
    public Builder kinds(Kind... kinds) {
      return kinds(Settings.elements("kinds", kinds, Kind.class));
    }

    /**
     * The kinds to redact. Defaults to all. Repeats are ignored.
     *
     * @param kinds at least one kind
     * @return this builder
     * @throws NullPointerException if the collection or a kind is null
     * @throws IllegalArgumentException if none is given
     */
    public Builder kinds(Collection<Kind> kinds) {
      List<Kind> checked = Settings.elements("kinds", kinds, Kind.class);
      if (checked.isEmpty()) {
        throw new IllegalArgumentException("kinds needs at least one kind");
      }
      this.kinds = EnumSet.copyOf(checked);
      return this;
    }

    /**
     * Whether corrections are redacted as well as comments. Defaults to {@code true}.
     *
     * @param redact whether to redact corrections
     * @return this builder
     */
    public Builder corrections(boolean redact) {
      this.corrections = redact;
      return this;
    }

    /**
     * Whether the prompt, the response and the comparison candidates' responses are
     * redacted as well as comments. Defaults to {@code true}.
     *
     * @param redact whether to redact prompt and response texts
     * @return this builder
     */
    public Builder promptAndResponse(boolean redact) {
      this.promptAndResponse = redact;
      return this;
    }

    /**
     * Whether the kinds found are recorded in {@value PiiRedactionHook#ATTRIBUTE}.
     * Defaults to {@code true}.
     *
     * @param record whether to record them
     * @return this builder
     */
    public Builder recordKinds(boolean record) {
      this.recordKinds = record;
      return this;
    }

    /**
     * Builds the hook.
     *
     * @return an immutable, thread-safe hook
     */
    public PiiRedactionHook build() {
      return new PiiRedactionHook(this);
    }
  }

  /** Whether a rewrite returned the very object it was given: nothing was redacted. */
  @SuppressWarnings("ReferenceEquality")
  private static boolean isSame(Object rewritten, Object given) {
    return rewritten == given;
  }
}
