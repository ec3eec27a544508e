package io.github.agentfeedback.spi;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.Score;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.internal.CodePointOrder;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.internal.Tokenizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The reference fold: the one definition of what {@link FeedbackStore#analyze} returns. It
 * reads the selected feedback once and adds each to the sums the request asks for, as
 * {@link Tally} documents per feedback, {@link GroupKeys} per group, and
 * {@link AnalyticsRequest.TermSpec} per comment. The default {@link FeedbackStore#analyze}
 * is {@link #run}; every store that computes the sums another way (on a database server)
 * must return a result {@linkplain AnalyticsResult#equals equal} to what {@link #run}
 * returns for the same feedback and session metadata: the same tallies, groups, pairs and
 * terms, in the same order. The shared store contract tests check this.
 *
 * <p>Such a store has three ways to stay equal, from least to most of its own work:
 * <ol>
 *   <li>fold each feedback it reads with {@link #add(Tally.Builder, Feedback, String)};
 *   <li>compute per-group sums itself and feed them into a fold made by
 *       {@link #of(AnalyticsRequest)} ({@link #total()}, {@link #group}, {@link #pair},
 *       {@link #negativeComment}), whose {@link #result()} then keeps, ranks and orders the
 *       groups, pairs and terms exactly as {@link #run} does;
 *   <li>count terms with {@link #termCounts}, which applies the library's tokenizer.
 * </ol>
 * The figures that users read ({@link io.github.agentfeedback.analytics.FeedbackSummary}
 * and the rest of the analytics package) are derived from these sums in one place, so a
 * store never computes a ratio or a mean itself.
 *
 * <p>Not thread-safe; one fold per call.
 *
 * @since 0.1.0
 */
public final class ReferenceFold {

  private static final Comparator<@Nullable String> KEY_ORDER = CodePointOrder.NULLS_FIRST;

  private final AnalyticsRequest request;
  private final @Nullable FeedbackStore store;
  private final Tally.Builder total = Tally.builder();
  private final List<Map<String, Tally.Builder>> groups = new ArrayList<>();
  private final boolean needsMetadata;
  private final TreeMap<String, TreeMap<String, long[]>> pairs =
      new TreeMap<>(CodePointOrder.STRINGS);
  private long skippedPairs;
  private long negativeComments;
  private final Map<String, long[]> terms = new HashMap<>();
  private final Map<String, long[]> phrases = new HashMap<>();
  private final Set<String> commentTerms = new HashSet<>();
  private final Set<String> commentPhrases = new HashSet<>();
  private @Nullable String metadataSession;
  private Map<String, Object> metadata = Map.of();
  // With session sums: per session, its votes and scores in the total and in each group.
  private final Map<String, SessionTally> totalVotes = new HashMap<>();
  private final List<Map<@Nullable String, Map<String, SessionTally>>> groupVotes =
      new ArrayList<>();

  private ReferenceFold(@Nullable FeedbackStore store, AnalyticsRequest request) {
    this.store = store;
    this.request = request;
    boolean metadataKey = false;
    for (Breakdown b : request.breakdowns()) {
      groups.add(new HashMap<>());
      groupVotes.add(new HashMap<>());
      metadataKey |= b.key().kind() == GroupKey.Kind.METADATA;
    }
    this.needsMetadata = metadataKey;
  }

  /**
   * Streams the request's feedback from a store ({@link FeedbackStore#stream}, and
   * {@link FeedbackStore#metadata} for metadata groupings) and folds it.
   *
   * @param store the store to read
   * @param request what to compute
   * @return the sums, as every store must return them
   * @throws NullPointerException naming {@code store} or {@code request}
   */
  public static AnalyticsResult run(FeedbackStore store, AnalyticsRequest request) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(request, "request");
    ReferenceFold fold = new ReferenceFold(store, request);
    try (Stream<SessionFeedback> all = Objects.requireNonNull(store).stream(request.query())) {
      all.forEach(sf -> fold.add(sf.sessionId(), sf.feedback()));
    }
    return fold.result();
  }

  /**
   * A fold fed with sums computed elsewhere, such as the groups of a server-side
   * aggregation: add them with {@link #total()}, {@link #group}, {@link #pair} and
   * {@link #negativeComment}, in any order, then call {@link #result()}.
   *
   * @param request what the sums are for
   * @return an empty fold
   * @throws NullPointerException naming {@code request}
   */
  public static ReferenceFold of(AnalyticsRequest request) {
    return new ReferenceFold(null, Objects.requireNonNull(request, "request"));
  }

  /**
   * The sums of all selected feedback, to add to.
   *
   * @return the builder of the total tally
   */
  public Tally.Builder total() {
    return total;
  }

  /**
   * Adds sums to the group {@code key} of breakdown number {@code breakdown} (its position
   * in the request), unless the breakdown keeps only other groups.
   *
   * @param breakdown the breakdown's position in {@link AnalyticsRequest#breakdowns()}
   * @param key the group's key as {@link GroupKeys#keys} names it; {@code null} for
   *     feedback without a value
   * @param sums the group's sums
   */
  public void group(int breakdown, @Nullable String key, Tally sums) {
    Tally.Builder bucket = bucket(breakdown, key);
    if (bucket != null) {
      bucket.add(sums);
    }
  }

  /** The sums of a group of a breakdown, or null when the breakdown does not keep it. */
  private Tally.@Nullable Builder bucket(int breakdown, @Nullable String key) {
    Set<String> only = request.breakdowns().get(breakdown).only();
    if (!only.isEmpty() && (key == null || !only.contains(key))) {
      return null;
    }
    return groups.get(breakdown).computeIfAbsent(key, k -> Tally.builder());
  }

  /**
   * Counts comparisons between the candidates' models, keyed as the request's pairwise key
   * names them ({@code null} for a candidate without a model); comparisons that lack a
   * model or meet the same model on both sides are counted as skipped.
   *
   * @param a the model key of candidate A, or {@code null}
   * @param b the model key of candidate B, or {@code null}
   * @param preference which candidate the comparisons preferred
   * @param count how many comparisons
   */
  public void pair(
      @Nullable String a, @Nullable String b, Comparison.Preference preference, long count) {
    if (a == null || b == null || a.equals(b)) {
      skippedPairs += count;
      return;
    }
    boolean aFirst = CodePointOrder.compare(a, b) < 0;
    long[] counts =
        pairs
            .computeIfAbsent(aFirst ? a : b, k -> new TreeMap<>(CodePointOrder.STRINGS))
            .computeIfAbsent(aFirst ? b : a, k -> new long[3]);
    switch (preference) {
      case A -> counts[aFirst ? 0 : 1] += count;
      case B -> counts[aFirst ? 1 : 0] += count;
      default -> counts[2] += count;
    }
  }

  /**
   * Counts the terms of a non-empty comment of feedback rated down, given {@code count}
   * times (identical comments counted together); only for a request that counts terms.
   *
   * @param comment the comment, not empty
   * @param count how many feedbacks rated down had this comment
   * @throws IllegalStateException if the request counts no terms
   */
  public void negativeComment(String comment, long count) {
    AnalyticsRequest.TermSpec spec = request.terms();
    if (spec == null) {
      throw new IllegalStateException(
          "negativeComment needs a request that counts terms; this one has terms() == null");
    }
    negativeComments += count;
    termCounts(comment, spec, commentTerms, commentPhrases);
    commentTerms.forEach(t -> terms.computeIfAbsent(t, k -> new long[1])[0] += count);
    commentPhrases.forEach(t -> phrases.computeIfAbsent(t, k -> new long[1])[0] += count);
  }

  /**
   * Adds what one feedback contributes to a tally, as {@link Tally} documents.
   *
   * @param tally the sums to add to
   * @param f the feedback
   * @param sentimentAttribute the attribute read as sentiment
   */
  public static void add(Tally.Builder tally, Feedback f, String sentimentAttribute) {
    if (f.rating() == null) {
      tally.unrated(1);
    } else {
      tally.rating(f.rating(), 1);
    }
    String comment = f.comment();
    tally.comments(comment.isEmpty() ? 0 : 1, comment.codePointCount(0, comment.length()));
    for (Map.Entry<Dimension, Integer> e : f.dimensions().entrySet()) {
      tally.dimension(e.getKey(), e.getValue(), 1);
    }
    if (f.score() != null) {
      tally.score(f.score().scale().name(), f.score().value(), 1);
    }
    if (f.attributes().get(sentimentAttribute) instanceof Number n
        && (n instanceof Double || n instanceof Integer || n instanceof Long)) {
      double v = n.doubleValue();
      if (v >= -1 && v <= 1) {
        tally.sentimentValue(v);
      }
    }
  }

  private void add(String sessionId, Feedback f) {
    add(total, f, request.sentimentAttribute());
    boolean vote =
        request.sessionSums()
            && (f.rating() == Rating.UP || f.rating() == Rating.DOWN || f.score() != null);
    if (vote) {
      vote(totalVotes, sessionId, f);
    }
    for (int i = 0; i < groups.size(); i++) {
      Breakdown b = request.breakdowns().get(i);
      for (String key : GroupKeys.keys(b.key(), sessionId, f, metadataOf(sessionId))) {
        Tally.Builder bucket = bucket(i, key);
        if (bucket != null) {
          add(bucket, f, request.sentimentAttribute());
          if (vote) {
            vote(groupVotes.get(i).computeIfAbsent(key, k -> new HashMap<>()), sessionId, f);
          }
        }
      }
    }
    Comparison c = f.comparison();
    if (request.pairwise() != null && c != null) {
      GroupKey.Kind kind = request.pairwise().kind();
      pair(
          GroupKeys.modelKey(kind, c.a().model()),
          GroupKeys.modelKey(kind, c.b().model()),
          c.preference(),
          1);
    }
    if (request.terms() != null && f.rating() == Rating.DOWN && !f.comment().isEmpty()) {
      negativeComment(f.comment(), 1);
    }
  }

  /** Counts a feedback's vote and score in its session's counts. */
  private static void vote(Map<String, SessionTally> votes, String sessionId, Feedback f) {
    SessionTally counts = votes.computeIfAbsent(sessionId, k -> new SessionTally());
    counts.votes(f.rating() == Rating.UP ? 1 : 0, f.rating() == Rating.DOWN ? 1 : 0);
    Score score = f.score();
    if (score != null) {
      counts.scores(score.scale().name(), score.value(), 1);
    }
  }

  /** Adds the session sums of per-session votes and scores to a tally. */
  private static void sessionSums(Tally.Builder tally, @Nullable Map<String, SessionTally> votes) {
    if (votes != null) {
      votes.values().forEach(v -> v.addTo(tally));
    }
  }

  /**
   * Collects the distinct terms (and, when the spec asks, phrases) of one comment into the
   * given sets, after clearing them.
   *
   * @param comment the comment
   * @param spec the stop words, and whether phrases are collected
   * @param terms receives the distinct terms
   * @param phrases receives the distinct phrases when {@code spec.phrases()}
   */
  public static void termCounts(
      String comment, AnalyticsRequest.TermSpec spec, Set<String> terms, Set<String> phrases) {
    terms.clear();
    phrases.clear();
    Tokenizer.scan(comment, spec.stopWords(), terms, spec.phrases() ? phrases : null);
  }

  private Map<String, Object> metadataOf(String sessionId) {
    if (!needsMetadata) {
      return Map.of();
    }
    if (!sessionId.equals(metadataSession)) { // streams visit one session at a time
      metadataSession = sessionId;
      metadata = Objects.requireNonNull(store).metadata(sessionId);
    }
    return metadata;
  }

  /**
   * The result: groups kept, ranked and ordered, pairs and terms, as the request asks.
   *
   * @return the sums
   */
  public AnalyticsResult result() {
    sessionSums(total, totalVotes);
    totalVotes.clear();
    for (int i = 0; i < groups.size(); i++) {
      Map<@Nullable String, Map<String, SessionTally>> votes = groupVotes.get(i);
      groups.get(i).forEach((key, tally) -> sessionSums(tally, votes.get(key)));
      votes.clear();
    }
    List<AnalyticsResult.Grouped> grouped = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      grouped.add(buckets(request.breakdowns().get(i), groups.get(i)));
    }
    AnalyticsResult.Pairwise pairwise = null;
    if (request.pairwise() != null) {
      List<AnalyticsResult.PairTally> tallies = new ArrayList<>();
      pairs.forEach(
          (first, seconds) ->
              seconds.forEach(
                  (second, n) ->
                      tallies.add(
                          AnalyticsResult.PairTally.builder()
                              .first(first)
                              .second(second)
                              .firstWins(n[0])
                              .secondWins(n[1])
                              .ties(n[2])
                              .build())));
      pairwise = AnalyticsResult.Pairwise.builder().pairs(tallies).skipped(skippedPairs).build();
    }
    AnalyticsResult.Terms termResult = null;
    if (request.terms() != null) {
      long min = request.terms().minCount();
      termResult =
          AnalyticsResult.Terms.builder()
              .comments(negativeComments)
              .terms(counts(terms, min))
              .phrases(counts(phrases, min))
              .build();
    }
    return AnalyticsResult.builder()
        .total(total.build())
        .breakdowns(grouped)
        .pairwise(pairwise)
        .terms(termResult)
        .build();
  }

  private static AnalyticsResult.Grouped buckets(Breakdown b, Map<String, Tally.Builder> map) {
    List<AnalyticsResult.Bucket> buckets = new ArrayList<>(map.size());
    map.forEach(
        (key, tally) ->
            buckets.add(AnalyticsResult.Bucket.builder().key(key).tally(tally.build()).build()));
    if (b.limit() > 0 && buckets.size() > b.limit()) {
      buckets.sort(
          Comparator.comparingLong(
                  (AnalyticsResult.Bucket x) ->
                      b.topRating() == null ? x.tally().total() : x.tally().count(b.topRating()))
              .reversed()
              .thenComparing(AnalyticsResult.Bucket::key, KEY_ORDER));
      buckets.subList(b.limit(), buckets.size()).clear();
    }
    buckets.sort(Comparator.comparing(AnalyticsResult.Bucket::key, KEY_ORDER));
    return AnalyticsResult.Grouped.builder().breakdown(b).buckets(buckets).build();
  }

  private static List<TermCount> counts(Map<String, long[]> map, long min) {
    List<TermCount> out = new ArrayList<>();
    map.forEach(
        (term, n) -> {
          if (n[0] >= min) {
            out.add(new TermCount(term, n[0]));
          }
        });
    out.sort(Comparator.comparing(TermCount::term));
    return out;
  }
}
