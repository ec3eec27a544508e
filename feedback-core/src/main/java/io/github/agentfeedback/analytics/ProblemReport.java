package io.github.agentfeedback.analytics;

import io.github.agentfeedback.TermCount;
import io.github.agentfeedback.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * Where negative feedback concentrates: the terms and phrases of negative comments, the
 * ones rising against the previous period, the messages and tags with the most negative
 * feedback, and the mean sentiment per day.
 *
 * <p>Terms are counted once per comment (see
 * {@link io.github.agentfeedback.spi.AnalyticsRequest.TermSpec} for how comments are split).
 * Lists are cut to {@link ProblemOptions#limit()} entries. Immutable and thread-safe.
 *
 * <p>In {@code terms} and {@code rising}, the fragments of one complaint take no slot of
 * their own, so that the top entries name different complaints: a word is left out when
 * more than half of the comments holding it hold a listed phrase that contains it ("login"
 * and "loop" when most of their comments say "login loop"), and of the phrases that such a
 * word joins ("checkout page" and "page timeout", through "page") only the most frequent is
 * listed. A word in few of a phrase's comments stays beside it. Only counts are compared,
 * in time linear in the number of terms. {@code phrases} lists every phrase as counted.
 *
 * @param negativeFeedback feedback rated down
 * @param negativeComments feedback rated down with a non-empty comment
 * @param terms words and phrases in at least {@link ProblemOptions#minCount()} negative
 *     comments, fragments folded as above, most frequent first, ties by term
 * @param phrases two-word phrases in at least {@link ProblemOptions#minCount()} negative
 *     comments, none folded, most frequent first, ties by term
 * @param previousPeriod the period rising terms were compared with, or {@code null} when
 *     the query had no {@code since} and {@code until} to derive it from (then
 *     {@code rising} is empty)
 * @param rising terms and phrases rising against the previous period: in at least
 *     {@link ProblemOptions#risingMinCount()} negative comments now, and at least
 *     {@link ProblemOptions#risingRatio()} times as many as before (always, when they did
 *     not occur before), fragments of the rising phrases folded as above; new ones first,
 *     then by ratio, count and term
 * @param messages messages with at least {@link ProblemOptions#hotspotThreshold()}
 *     negative feedbacks, most first, ties by key
 * @param tags tags likewise
 * @param sentimentByDay the mean sentiment per day, for the days with sentiment values, in
 *     day order
 * @since 0.1.0
 */
public record ProblemReport(
    long negativeFeedback,
    long negativeComments,
    List<TermCount> terms,
    List<TermCount> phrases,
    ReportPeriod previousPeriod,
    List<RisingTerm> rising,
    List<Hotspot> messages,
    List<Hotspot> tags,
    List<SentimentPoint> sentimentByDay) {

  /**
   * Validates and copies the lists.
   *
   * @throws NullPointerException naming a missing list or element
   */
  public ProblemReport {
    terms = Checks.nonNullElements("terms", terms);
    phrases = Checks.nonNullElements("phrases", phrases);
    rising = Checks.nonNullElements("rising", rising);
    messages = Checks.nonNullElements("messages", messages);
    tags = Checks.nonNullElements("tags", tags);
    sentimentByDay = Checks.nonNullElements("sentimentByDay", sentimentByDay);
  }

  /**
   * A term (or phrase) whose count rose.
   *
   * <p>Immutable and thread-safe.
   *
   * @param term the term
   * @param count negative comments containing it now
   * @param previousCount negative comments containing it in the previous period
   * @param ratio {@code count / previousCount}; {@code null} when it is new
   *     ({@code previousCount = 0})
   * @since 0.1.0
   */
  public record RisingTerm(String term, long count, long previousCount, Double ratio) {

    /**
     * Validates the term.
     *
     * @throws NullPointerException naming {@code term}
     */
    public RisingTerm {
      Objects.requireNonNull(term, "term");
    }
  }

  /**
   * A message, tag or session with negative feedback.
   *
   * <p>Immutable and thread-safe.
   *
   * @param key the message id, tag or session id
   * @param negative its feedback rated down
   * @param total all its feedback
   * @since 0.1.0
   */
  public record Hotspot(String key, long negative, long total) {

    /**
     * Validates the hotspot.
     *
     * @throws NullPointerException naming {@code key}
     */
    public Hotspot {
      Objects.requireNonNull(key, "key");
    }
  }

  /**
   * The mean sentiment of one day.
   *
   * <p>Immutable and thread-safe.
   *
   * @param day the day ({@code "2026-03-29"}) in the analysis's zone
   * @param count feedbacks with a sentiment value that day
   * @param mean their mean sentiment, from −1 to 1
   * @since 0.1.0
   */
  public record SentimentPoint(String day, long count, double mean) {

    /**
     * Validates the point.
     *
     * @throws NullPointerException naming {@code day}
     */
    public SentimentPoint {
      Objects.requireNonNull(day, "day");
    }
  }
}
