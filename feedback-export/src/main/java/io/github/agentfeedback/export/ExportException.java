package io.github.agentfeedback.export;

import io.github.agentfeedback.FeedbackException;
import java.util.Objects;

/**
 * Writing an export failed: the target could not be opened, written, flushed or closed (or,
 * for a file, moved into place).
 *
 * <p>The message names the target (a file's path, or the class of a caller's
 * {@link java.io.Writer}) and the number of complete rows handed to it before the failure;
 * the cause is the {@link java.io.IOException}. A file export that fails leaves the file as
 * it was (the rows went to a temporary file, which is deleted). Failures of the feedback
 * stream itself (such as a store's {@link io.github.agentfeedback.FeedbackStoreException})
 * are not wrapped: they reach the caller unchanged.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class ExportException extends FeedbackException {

  private static final long serialVersionUID = 1L;

  private final String target;
  private final long rowsWritten;

  /**
   * Creates an export failure.
   *
   * @param target what was written to, for example a file's path
   * @param rowsWritten complete rows handed to the target before the failure, at least 0
   * @param cause the I/O failure
   * @throws NullPointerException if {@code target} or {@code cause} is null
   * @throws IllegalArgumentException if {@code rowsWritten} is negative
   */
  public ExportException(String target, long rowsWritten, Throwable cause) {
    super(
        "export to "
            + Objects.requireNonNull(target, "target")
            + " failed after "
            + rowsWritten
            + " rows written: "
            + Objects.requireNonNull(cause, "cause"),
        cause);
    if (rowsWritten < 0) {
      throw new IllegalArgumentException("rowsWritten must be at least 0, was " + rowsWritten);
    }
    this.target = target;
    this.rowsWritten = rowsWritten;
  }

  /**
   * What was written to.
   *
   * @return a file's path, or {@code "writer <class name>"} for a caller's writer
   */
  public String target() {
    return target;
  }

  /**
   * The complete rows handed to the target before the failure; for a file, to its
   * temporary file, which the failure deleted.
   *
   * @return the number of rows, at least 0
   */
  public long rowsWritten() {
    return rowsWritten;
  }
}
