package io.github.agentfeedback.analytics.internal;

import io.github.agentfeedback.internal.CodePointOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Folds the fragments of one complaint into the phrase that names it, so that a list of
 * terms names different complaints rather than "login", "login loop" and "loop". Works on
 * counts alone (how many comments hold each word and each phrase), as every store returns
 * them. Stateless and thread-safe.
 *
 * <p>The rules, for the words (no space) and phrases (words separated by single spaces) of
 * one list, with {@code n(t)} the comments holding {@code t}:
 * <ol>
 *   <li>A word is folded into a phrase of the list that contains it when more than half of
 *       the word's comments hold that phrase ({@code 2 n(phrase) > n(word)}): the comments
 *       that name the word mostly name the phrase, so the phrase stands for it. The word is
 *       left out; the phrase stays.
 *   <li>Phrases into which one word is folded are one complaint: each holds more than half
 *       of that word's comments, so they meet in at least one comment (as "checkout page"
 *       and "page timeout" do in "checkout page timeout"). Of such phrases, joined over any
 *       number of shared words, only the one in most comments (ties: the first by term) is
 *       kept.
 * </ol>
 * A word in few of a phrase's comments stays listed beside it: "refund" in ten comments is
 * not folded into "refund request" in three.
 *
 * <p>Time and memory are linear in the number of entries and the length of their terms (a
 * hash lookup per word of each phrase, and a union-find over phrases, with path halving),
 * never a comparison of every term with every other.
 */
public final class TermFolding {

  private TermFolding() {}

  /**
   * The entries that are not folded, in their order.
   *
   * @param entries words and phrases with the number of comments holding each
   * @param term an entry's term
   * @param count an entry's number of comments
   * @return the entries kept
   */
  public static <T> List<T> fold(
      List<T> entries, Function<T, String> term, ToLongFunction<T> count) {
    Map<String, Long> words = new HashMap<>();
    for (T e : entries) {
      String t = term.apply(e);
      if (t.indexOf(' ') < 0) {
        words.put(t, count.applyAsLong(e));
      }
    }
    Set<String> folded = new HashSet<>();
    Map<String, String> phraseOf = new HashMap<>(); // a folded word -> a phrase it folds into
    Phrases phrases = new Phrases();
    for (T e : entries) {
      String t = term.apply(e);
      if (t.indexOf(' ') < 0) {
        continue;
      }
      long n = count.applyAsLong(e);
      for (String word : t.split(" ", -1)) { // terms are words joined by one space
        Long wordCount = words.get(word);
        if (wordCount != null && 2 * n > wordCount) {
          folded.add(word);
          String other = phraseOf.putIfAbsent(word, t);
          phrases.union(t, n, other);
        }
      }
    }
    List<T> kept = new ArrayList<>(entries.size() - folded.size());
    for (T e : entries) {
      String t = term.apply(e);
      if (!folded.contains(t) && phrases.standsForItsGroup(t)) {
        kept.add(e);
      }
    }
    return kept;
  }

  /**
   * Groups of phrases, joined by a union-find, each with the phrase that stands for it. Not
   * thread-safe.
   */
  private static final class Phrases {
    private final Map<String, String> parent = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();

    /** For each group's root, the phrase in most comments (ties: the first by term). */
    private final Map<String, String> best = new HashMap<>();

    /** Adds {@code phrase} to the group of {@code other} (or to its own when null). */
    void union(String phrase, long n, @Nullable String other) {
      if (parent.putIfAbsent(phrase, phrase) == null) {
        counts.put(phrase, n);
        best.put(phrase, phrase);
      }
      if (other == null) {
        return;
      }
      String a = root(phrase);
      String b = root(other);
      if (!a.equals(b)) {
        parent.put(a, b);
        String ba = Objects.requireNonNull(best.remove(a)); // every root has its best phrase
        String bb = Objects.requireNonNull(best.get(b));
        best.put(b, better(ba, bb) ? ba : bb);
      }
    }

    /** Whether a term is no phrase of a group, or the one that stands for its group. */
    boolean standsForItsGroup(String term) {
      return !parent.containsKey(term) || term.equals(best.get(root(term)));
    }

    private boolean better(String a, String b) {
      int byCount = Long.compare(count(a), count(b));
      return byCount > 0 || (byCount == 0 && CodePointOrder.compare(a, b) < 0);
    }

    private long count(String phrase) {
      return Objects.requireNonNull(counts.get(phrase)); // counted when first met
    }

    private String root(String phrase) {
      String p = phrase;
      String up = parentOf(p);
      while (!up.equals(p)) {
        String grand = parentOf(up);
        parent.put(p, grand); // path halving
        p = grand;
        up = parentOf(p);
      }
      return p;
    }

    private String parentOf(String phrase) {
      return Objects.requireNonNull(parent.get(phrase)); // every phrase met has a parent
    }
  }
}
