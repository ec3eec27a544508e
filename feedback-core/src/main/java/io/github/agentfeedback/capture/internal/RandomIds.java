package io.github.agentfeedback.capture.internal;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Random (version 4) UUIDs without a lock that all threads share.
 *
 * <p>{@link UUID#randomUUID()} draws from one {@link SecureRandom} for the whole JVM; under
 * load every thread that adds feedback waits for it (43% of samples blocked there with 16
 * threads in ConcurrencyBenchmark). Here each thread has its own DRBG instance, seeded
 * from the operating system's entropy when the thread first needs one, so ids stay as
 * unpredictable and unique as the JDK's, across threads and processes, and threads never
 * wait for each other.
 *
 * <p>Thread-safe.
 */
public final class RandomIds {

  private static final Logger log = LoggerFactory.getLogger(RandomIds.class);

  private static final ThreadLocal<SecureRandom> RANDOM =
      ThreadLocal.withInitial(
          () -> {
            try {
              return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
              log.debug(
                  "No DRBG SecureRandom on this platform; using the default one per thread", e);
              return new SecureRandom();
            }
          });

  private RandomIds() {}

  /** A random version 4 UUID, as {@link UUID#randomUUID()} makes, in its text form. */
  public static String uuid() {
    byte[] b = new byte[16];
    RANDOM.get().nextBytes(b);
    b[6] = (byte) ((b[6] & 0x0f) | 0x40); // version 4
    b[8] = (byte) ((b[8] & 0x3f) | 0x80); // IETF variant
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (b[i] & 0xff);
      lsb = (lsb << 8) | (b[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }
}
