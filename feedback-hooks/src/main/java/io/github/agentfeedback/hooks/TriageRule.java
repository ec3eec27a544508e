package io.github.agentfeedback.hooks;

import io.github.agentfeedback.FeedbackLimits;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.hooks.internal.Text;
import io.github.agentfeedback.hooks.internal.Words;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One category rule of a {@link TriageHook}: the feedback belongs to {@link #category()} when
 * its comment contains one of the {@link #keywords()} or it carries one of the
 * {@link #tags()}.
 *
 * <p>A keyword is one word or a phrase of words ("made up", "took forever"), matched on word
 * boundaries and case-insensitively: the comment and the keyword are split into words the
 * same way (a word is a run of Unicode letters, digits and combining marks, with an
 * apostrophe inside it, {@code '} or {@code ’}, kept: "didn't"), after both are folded as
 * {@link SpamFilterHook}'s phrases are: compatibility forms such as full-width letters read
 * as the plain letters (NFKC), every letter lower-cased, and invisible format characters
 * (zero-width space and joiners, soft hyphen, word joiner, byte order mark) dropped, so that
 * they split no word. So "WRONG", "Wrong", full-width "ＷＲＯＮＧ" and "wr" + zero-width space
 * + "ong" match {@code wrong}, "ÉRRONÉ" matches {@code erroné}, and {@code wrong} does not
 * match "wrongly". A tag matches exactly.
 *
 * <pre>{@code
 * TriageRule billing = TriageRule.builder()
 *     .category("billing")
 *     .keywords("invoice", "refund", "charged twice")
 *     .tags("billing")
 *     .urgency(Severity.HIGH)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class TriageRule {

  /** Longest category name, in chars. */
  public static final int MAX_CATEGORY_LENGTH = 64;

  /** Longest keyword, in chars. */
  public static final int MAX_KEYWORD_LENGTH = 256;

  private final String category;
  private final List<String> keywords;
  private final List<List<String>> phrases;
  private final List<String> tags;
  private final @Nullable Severity urgency;

  private TriageRule(Builder b) {
    this.category = checkCategory(b.category);
    this.keywords = List.copyOf(b.keywords);
    List<List<String>> p = new ArrayList<>();
    for (int i = 0; i < keywords.size(); i++) {
      String k = keywords.get(i);
      if (k.length() > MAX_KEYWORD_LENGTH) {
        throw new IllegalArgumentException(
            "keywords["
                + i
                + "] must be at most "
                + MAX_KEYWORD_LENGTH
                + " chars, was "
                + k.length());
      }
      List<String> words = words(k);
      if (words.isEmpty()) {
        throw new IllegalArgumentException("keywords[" + i + "] must hold a word, was '" + k + "'");
      }
      p.add(List.copyOf(words));
    }
    this.phrases = List.copyOf(p);
    this.tags = List.copyOf(b.tags);
    for (int i = 0; i < tags.size(); i++) {
      if (tags.get(i).isBlank() || tags.get(i).length() > FeedbackLimits.MAX_ID_LENGTH) {
        throw new IllegalArgumentException(
            "tags["
                + i
                + "] must be non-blank and at most "
                + FeedbackLimits.MAX_ID_LENGTH
                + " chars");
      }
    }
    if (keywords.isEmpty() && tags.isEmpty()) {
      throw new IllegalArgumentException(
          "rule '" + category + "' needs at least one keyword or tag");
    }
    this.urgency = b.urgency;
  }

  /**
   * A builder without category, keywords or tags.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The category this rule assigns, a simple lowercase identifier.
   *
   * @return the category
   */
  public String category() {
    return category;
  }

  /**
   * The keywords and phrases looked for in the comment, as given.
   *
   * @return the keywords, immutable
   */
  public List<String> keywords() {
    return keywords;
  }

  /**
   * The tags that put feedback in the category.
   *
   * @return the tags, immutable
   */
  public List<String> tags() {
    return tags;
  }

  /**
   * The urgency this rule gives, or {@code null} for the category's default (see {@link
   * TriageHook}).
   *
   * @return the urgency, or {@code null}
   */
  public @Nullable Severity urgency() {
    return urgency;
  }

  /** The keywords split into lower-cased words. */
  List<List<String>> phrases() {
    return phrases;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TriageRule r
        && category.equals(r.category)
        && keywords.equals(r.keywords)
        && tags.equals(r.tags)
        && urgency == r.urgency;
  }

  @Override
  public int hashCode() {
    return Objects.hash(category, keywords, tags, urgency);
  }

  @Override
  public String toString() {
    return "TriageRule[category="
        + category
        + ", keywords="
        + keywords
        + ", tags="
        + tags
        + ", urgency="
        + urgency
        + "]";
  }

  /**
   * Checks a category name: a simple lowercase identifier, {@code [a-z][a-z0-9_]*}, at most
   * {@value #MAX_CATEGORY_LENGTH} chars.
   *
   * @param category the name
   * @return the name
   * @throws IllegalArgumentException naming {@code category} and the limit otherwise
   */
  static String checkCategory(@Nullable String category) {
    if (category == null) {
      throw new IllegalArgumentException("category must be set");
    }
    boolean ok = !category.isEmpty() && category.length() <= MAX_CATEGORY_LENGTH;
    for (int i = 0; ok && i < category.length(); i++) {
      char c = category.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "category must be a lowercase identifier [a-z][a-z0-9_]* of at most "
              + MAX_CATEGORY_LENGTH
              + " chars, was '"
              + (category.length() > MAX_CATEGORY_LENGTH
                  ? category.substring(0, MAX_CATEGORY_LENGTH) + "…"
                  : category)
              + "'");
    }
    return category;
  }

  /**
   * Splits text into words, {@linkplain Text#fold folded}, in one pass over it (time linear in
   * its length).
   *
   * @param text the text
   * @return the words
   */
  static List<String> words(String text) {
    String folded = Text.fold(text);
    List<String> out = new ArrayList<>();
    int n = folded.length();
    int i = 0;
    while (i < n) {
      int cp = folded.codePointAt(i);
      if (!Words.isWordChar(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int end = Words.end(folded, i, false);
      out.add(Words.word(folded, i, end));
      i = end;
    }
    return out;
  }

  /**
   * Configures a {@link TriageRule}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable String category;
    private final List<String> keywords = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private @Nullable Severity urgency;

    private Builder() {}

    /**
     * The category, required: a lowercase identifier ({@code [a-z][a-z0-9_]*}) of at most
     * {@value TriageRule#MAX_CATEGORY_LENGTH} chars, so that it is stored as the tag {@code
     * category:<name>}.
     *
     * @param category the category
     * @return this builder
     */
    public Builder category(String category) {
      this.category = Objects.requireNonNull(category, "category");
      return this;
    }

    /**
     * Adds keywords or phrases, each at most {@value TriageRule#MAX_KEYWORD_LENGTH} chars and
     * holding a word.
     *
     * @param keywords the keywords
     * @return this builder
     */
    public Builder keywords(String... keywords) {
      for (String k : Objects.requireNonNull(keywords, "keywords")) {
        this.keywords.add(Objects.requireNonNull(k, "keyword"));
      }
      return this;
    }

    /**
     * Adds tags that put feedback in the category.
     *
     * @param tags the tags, each non-blank and at most {@value FeedbackLimits#MAX_ID_LENGTH}
     *     chars
     * @return this builder
     */
    public Builder tags(String... tags) {
      for (String t : Objects.requireNonNull(tags, "tags")) {
        this.tags.add(Objects.requireNonNull(t, "tag"));
      }
      return this;
    }

    /**
     * The urgency of feedback in this category. Default: the category's own (see {@link
     * TriageHook}).
     *
     * @param urgency the urgency
     * @return this builder
     */
    public Builder urgency(Severity urgency) {
      this.urgency = Objects.requireNonNull(urgency, "urgency");
      return this;
    }

    /**
     * Builds the rule.
     *
     * @return an immutable rule
     * @throws IllegalArgumentException naming the field: a category that is not a lowercase
     *     identifier of at most {@value TriageRule#MAX_CATEGORY_LENGTH} chars, a keyword
     *     without a word or longer than {@value TriageRule#MAX_KEYWORD_LENGTH} chars, a blank
     *     or too long tag, or neither keywords nor tags
     */
    public TriageRule build() {
      return new TriageRule(this);
    }
  }
}
