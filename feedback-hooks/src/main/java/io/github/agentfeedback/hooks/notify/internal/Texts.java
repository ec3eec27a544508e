package io.github.agentfeedback.hooks.notify.internal;

import io.github.agentfeedback.Rating;

/** Small text helpers shared by the notifiers. Stateless and thread-safe. */
public final class Texts {

  private Texts() {}

  /**
   * An English ordinal: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th.
   *
   * @param n a number, zero or more
   * @return the ordinal
   */
  public static String ordinal(long n) {
    long lastTwo = n % 100;
    if (lastTwo >= 11 && lastTwo <= 13) {
      return n + "th";
    }
    return switch ((int) (n % 10)) {
      case 1 -> n + "st";
      case 2 -> n + "nd";
      case 3 -> n + "rd";
      default -> n + "th";
    };
  }

  /**
   * The adjective for a rating, as the Python session manager's SNS hook writes it.
   *
   * @param rating the rating
   * @return {@code "positive"}, {@code "negative"} or {@code "neutral"}
   */
  public static String adjective(Rating rating) {
    return switch (rating) {
      case UP -> "positive";
      case DOWN -> "negative";
      default -> "neutral";
    };
  }
}
