package io.github.agentfeedback.export;

/**
 * Why an export left a feedback row out. Export never invents text: a row that lacks what
 * its format needs is skipped and counted in {@link ExportSummary#skipped()}.
 *
 * <p>When several reasons apply to one row, the row is counted once, under the reason
 * declared first here. The {@linkplain FeedbackExporter#dump() plain dump} skips nothing.
 *
 * <p>Enum constants are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum SkipReason {
  /** A reviewer rejected the feedback as a training example (review status rejected). */
  REVIEW_REJECTED,
  /**
   * The feedback is not what the format selects: for SFT neither approved by a reviewer nor
   * rated up; for DPO neither rated down nor holding a comparison. Feedback without a
   * rating (a score alone) is no verdict, so it lands here unless approved (SFT) or holding
   * a comparison (DPO).
   */
  NOT_SELECTED,
  /** The feedback has no prompt text (absent or blank). */
  NO_PROMPT,
  /** DPO: the comparison is a tie, so neither response is preferred. */
  TIE,
  /** DPO: a candidate of the comparison has no response text (absent or blank). */
  NO_CANDIDATE_TEXT,
  /** DPO: a down rating without a correction, so there is no preferred answer. */
  NO_CORRECTION,
  /**
   * No response text (absent or blank): for SFT neither a correction nor a response; for DPO
   * a down rating whose rated response is missing.
   */
  NO_RESPONSE,
  /**
   * DPO: the preferred and the other answer are the same text (white space around them and
   * Unicode normal form aside), so nothing is preferred.
   */
  SAME_TEXT
}
