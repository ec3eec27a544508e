package io.github.agentfeedback.spi;

import io.github.agentfeedback.spi.internal.Tokenizer;
import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
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

/**
 * The reference fold behind {@link FeedbackStore#analyze}: one pass over the selected
 * feedback, adding each to the sums the request asks for. Stores that compute on a server
 * must return what this fold returns; they may reuse {@link #add(Tally.Builder, Feedback,
 * String)} for the per-feedback sums and {@link #termCounts} for term extraction, or feed
 * sums they computed themselves into a fold made by {@link #of(AnalyticsRequest)}, whose
 * {@link #result()} keeps, ranks and orders groups, pairs and terms as {@link #run} does.
 *
 * <p>Not thread-safe; one fold per call.
 */
public final class AnalyticsFold {

  private static final Comparator<String> KEY_ORDER =
      Comparator.nullsFirst(Comparator.naturalOrder());

  private final AnalyticsRequest request;
  private final FeedbackStore store;
  private final Tally.Builder total = Tally.builder();
  private final List<Map<String, Tally.Builder>> groups = new ArrayList<>();
  private final boolean needsMetadata;
  private final TreeMap<String, TreeMap<String, long[]>> pairs = new TreeMap<>();
  private long skippedPairs;
  private long negativeComments;
  private final Map<String, long[]> terms = new HashMap<>();
  private final Map<String, long[]> phrases = new HashMap<>();
  private final Set<String> commentTerms = new HashSet<>();
  private final Set<String> commentPhrases = new HashSet<>();
  private String metadataSession;
  private Map<String, Object> metadata = Map.of();

  private AnalyticsFold(FeedbackStore store, AnalyticsRequest request) {
    this.store = store;
    this.request = request;
    boolean metadataKey = false;
    for (Breakdown b : request.breakdowns()) {
      groups.add(new HashMap<>());
      metadataKey |= b.key().kind() == GroupKey.Kind.METADATA;
    }
    this.needsMetadata = metadataKey;
  }

  /** Streams the request's feedback from a store and folds it. */
  public static AnalyticsResult run(FeedbackStore store, AnalyticsRequest request) {
    Objects.requireNonNull(request, "request");
    AnalyticsFold fold = new AnalyticsFold(store, request);
    try (Stream<SessionFeedback> all = store.stream(request.query())) {
      all.forEach(sf -> fold.add(sf.sessionId(), sf.feedback()));
    }
    return fold.result();
  }

  /**
   * A fold fed with sums computed elsewhere, such as the groups of a server-side
   * aggregation: add them with {@link #total()}, {@link #group}, {@link #pair} and
   * {@link #negativeComment}, in any order, then call {@link #result()}.
   */
  public static AnalyticsFold of(AnalyticsRequest request) {
    return new AnalyticsFold(null, Objects.requireNonNull(request, "request"));
  }

  /** The sums of all selected feedback, to add to. */
  public Tally.Builder total() {
    return total;
  }

  /**
   * Adds sums to the group {@code key} of breakdown number {@code breakdown} (its position
   * in the request), unless the breakdown keeps only other groups.
   */
  public void group(int breakdown, String key, Tally sums) {
    Tally.Builder bucket = bucket(breakdown, key);
    if (bucket != null) {
      bucket.add(sums);
    }
  }

  /** The sums of a group of a breakdown, or null when the breakdown does not keep it. */
  private Tally.Builder bucket(int breakdown, String key) {
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
   */
  public void pair(String a, String b, Comparison.Preference preference, long count) {
    if (a == null || b == null || a.equals(b)) {
      skippedPairs += count;
      return;
    }
    boolean aFirst = a.compareTo(b) < 0;
    long[] counts = pairs.computeIfAbsent(aFirst ? a : b, k -> new TreeMap<>())
        .computeIfAbsent(aFirst ? b : a, k -> new long[3]);
    switch (preference) {
      case A:
        counts[aFirst ? 0 : 1] += count;
        break;
      case B:
        counts[aFirst ? 1 : 0] += count;
        break;
      default:
        counts[2] += count;
    }
  }

  /**
   * Counts the terms of a non-empty comment of feedback rated down, given {@code count}
   * times (identical comments counted together); only for a request that counts terms.
   */
  public void negativeComment(String comment, long count) {
    negativeComments += count;
    termCounts(comment, request.terms(), commentTerms, commentPhrases);
    commentTerms.forEach(t -> terms.computeIfAbsent(t, k -> new long[1])[0] += count);
    commentPhrases.forEach(t -> phrases.computeIfAbsent(t, k -> new long[1])[0] += count);
  }

  /**
   * Adds what one feedback contributes to a tally, as {@link Tally} documents.
   *
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
        tally.sentiment((long) Math.rint(v * 1000), 1);
      }
    }
  }

  private void add(String sessionId, Feedback f) {
    add(total, f, request.sentimentAttribute());
    for (int i = 0; i < groups.size(); i++) {
      Breakdown b = request.breakdowns().get(i);
      for (String key : GroupKeys.keys(b.key(), sessionId, f, metadataOf(sessionId))) {
        Tally.Builder bucket = bucket(i, key);
        if (bucket != null) {
          add(bucket, f, request.sentimentAttribute());
        }
      }
    }
    Comparison c = f.comparison();
    if (request.pairwise() != null && c != null) {
      GroupKey.Kind kind = request.pairwise().kind();
      pair(GroupKeys.modelKey(kind, c.a().model()), GroupKeys.modelKey(kind, c.b().model()),
          c.preference(), 1);
    }
    if (request.terms() != null && f.rating() == Rating.DOWN && !f.comment().isEmpty()) {
      negativeComment(f.comment(), 1);
    }
  }

  /**
   * Collects the distinct terms (and, when the spec asks, phrases) of one comment into the
   * given sets, after clearing them.
   */
  public static void termCounts(String comment, AnalyticsRequest.TermSpec spec,
      Set<String> terms, Set<String> phrases) {
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
      metadata = store.metadata(sessionId);
    }
    return metadata;
  }

  /** The result: groups kept, ranked and ordered, pairs and terms, as the request asks. */
  public AnalyticsResult result() {
    List<AnalyticsResult.Grouped> grouped = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      grouped.add(buckets(request.breakdowns().get(i), groups.get(i)));
    }
    AnalyticsResult.Pairwise pairwise = null;
    if (request.pairwise() != null) {
      List<AnalyticsResult.PairTally> tallies = new ArrayList<>();
      pairs.forEach((first, seconds) -> seconds.forEach((second, n) ->
          tallies.add(new AnalyticsResult.PairTally(first, second, n[0], n[1], n[2]))));
      pairwise = new AnalyticsResult.Pairwise(tallies, skippedPairs);
    }
    AnalyticsResult.Terms termResult = null;
    if (request.terms() != null) {
      long min = request.terms().minCount();
      termResult = new AnalyticsResult.Terms(negativeComments, counts(terms, min),
          counts(phrases, min));
    }
    return new AnalyticsResult(total.build(), grouped, pairwise, termResult);
  }

  private static AnalyticsResult.Grouped buckets(Breakdown b, Map<String, Tally.Builder> map) {
    List<AnalyticsResult.Bucket> buckets = new ArrayList<>(map.size());
    map.forEach((key, tally) -> buckets.add(new AnalyticsResult.Bucket(key, tally.build())));
    if (b.limit() > 0 && buckets.size() > b.limit()) {
      buckets.sort(Comparator.comparingLong((AnalyticsResult.Bucket x) -> b.topRating() == null
              ? x.tally().total() : x.tally().count(b.topRating())).reversed()
          .thenComparing(AnalyticsResult.Bucket::key, KEY_ORDER));
      buckets.subList(b.limit(), buckets.size()).clear();
    }
    buckets.sort(Comparator.comparing(AnalyticsResult.Bucket::key, KEY_ORDER));
    return new AnalyticsResult.Grouped(b, buckets);
  }

  private static List<TermCount> counts(Map<String, long[]> map, long min) {
    List<TermCount> out = new ArrayList<>();
    map.forEach((term, n) -> {
      if (n[0] >= min) {
        out.add(new TermCount(term, n[0]));
      }
    });
    out.sort(Comparator.comparing(TermCount::term));
    return out;
  }
}
