package io.github.agentfeedback.capture.internal;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes what owns threads or connections. */
public final class Closeables {

  private static final Logger log = LoggerFactory.getLogger(Closeables.class);

  private Closeables() {}

  /**
   * Closes the elements that are {@link AutoCloseable}, last first. A failure to close one
   * is logged and does not stop the others.
   */
  public static void closeAll(List<?> objects) {
    for (int i = objects.size() - 1; i >= 0; i--) {
      if (objects.get(i) instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          log.warn("Failed to close {}", c.getClass().getName(), e);
        }
      }
    }
  }
}
