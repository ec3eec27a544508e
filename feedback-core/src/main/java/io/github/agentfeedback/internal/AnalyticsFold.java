package io.github.agentfeedback.internal;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsRequest.Breakdown;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.FeedbackStore;
import io.github.agentfeedback.spi.Tally;
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
 * String)} for the per-feedback sums and {@link #termCounts} for term extraction.
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
   * Adds what one feedback contributes to a tally, as {@link Tally} documents.
   *
   * @param sentimentAttribute the attribute read as sentiment
   */
  public static void add(Tally.Builder tally, Feedback f, String sentimentAttribute) {
    tally.rating(f.rating(), 1);
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
        if (b.only().isEmpty() || key != null && b.only().contains(key)) {
          add(groups.get(i).computeIfAbsent(key, k -> Tally.builder()), f,
              request.sentimentAttribute());
        }
      }
    }
    if (request.pairwise() != null && f.comparison() != null) {
      pair(f.comparison());
    }
    if (request.terms() != null && f.rating() == Rating.DOWN && !f.comment().isEmpty()) {
      negativeComments++;
      termCounts(f.comment(), request.terms(), commentTerms, commentPhrases);
      commentTerms.forEach(t -> terms.computeIfAbsent(t, k -> new long[1])[0]++);
      commentPhrases.forEach(t -> phrases.computeIfAbsent(t, k -> new long[1])[0]++);
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

  private void pair(Comparison c) {
    String a = modelKey(c.a());
    String b = modelKey(c.b());
    if (a == null || b == null || a.equals(b)) {
      skippedPairs++;
      return;
    }
    boolean aFirst = a.compareTo(b) < 0;
    long[] counts = pairs.computeIfAbsent(aFirst ? a : b, k -> new TreeMap<>())
        .computeIfAbsent(aFirst ? b : a, k -> new long[3]);
    switch (c.preference()) {
      case A:
        counts[aFirst ? 0 : 1]++;
        break;
      case B:
        counts[aFirst ? 1 : 0]++;
        break;
      default:
        counts[2]++;
    }
  }

  private String modelKey(Comparison.Candidate candidate) {
    if (candidate.model() == null) {
      return null;
    }
    return request.pairwise().kind() == GroupKey.Kind.MODEL
        ? candidate.model().name() : candidate.model().toString();
  }

  private AnalyticsResult result() {
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
