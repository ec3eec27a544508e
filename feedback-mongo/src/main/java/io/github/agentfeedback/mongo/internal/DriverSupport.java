package io.github.agentfeedback.mongo.internal;

import com.mongodb.client.MongoCollection;
import java.util.concurrent.TimeUnit;

/**
 * Checks, when a store is built, that the MongoDB driver on the class path has what the store
 * calls: the client-side operation timeout ({@code MongoCollection.withTimeout},
 * {@code TimeoutMode}, {@code MongoOperationTimeoutException}), which driver 5.2 introduced.
 * An application whose dependency management (a BOM, such as Spring Boot's) pins an older
 * driver would otherwise build a store that fails every call with {@link NoSuchMethodError}.
 *
 * <p>Stateless and thread-safe.
 */
public final class DriverSupport {

  /** The oldest {@code mongodb-driver-sync} the store works with. */
  public static final String MINIMUM_VERSION = "5.2.0";

  /** The driver's own record of its version; internal to the driver, so read reflectively. */
  private static final String VERSION_CLASS = "com.mongodb.internal.build.MongoDriverVersion";

  private DriverSupport() {}

  /**
   * Fails unless the driver on the class path is recent enough.
   *
   * @throws IllegalStateException naming the minimum version, the version found and how to
   *     override a pinned one
   */
  public static void check() {
    require(MongoCollection.class, installedVersion());
  }

  /**
   * Fails unless {@code collectionType} has {@code withTimeout(long, TimeUnit)}, the first
   * API of driver 5.2 the store calls.
   *
   * @param collectionType the driver's {@code MongoCollection} type
   * @param installedVersion the driver version found, for the message
   * @throws IllegalStateException if the method is missing
   */
  static void require(Class<?> collectionType, String installedVersion) {
    try {
      collectionType.getMethod("withTimeout", long.class, TimeUnit.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(
          "MongoFeedbackStore needs the MongoDB Java driver "
              + "(org.mongodb:mongodb-driver-sync) "
              + MINIMUM_VERSION
              + " or later, for the "
              + "client-side operation timeout (MongoCollection.withTimeout); the class path has "
              + installedVersion
              + ". Something in the build pins the older driver, often a BOM "
              + "such as Spring Boot's: override it, in Maven with a dependencyManagement entry "
              + "for org.mongodb:mongodb-driver-sync (under Spring Boot, the property "
              + "mongodb.version), in Gradle with a version constraint or "
              + "platform(\"org.mongodb:mongodb-driver-bom:<version>\"); see docs/mongodb.md, "
              + "'Driver version'");
    }
  }

  /**
   * The version of the driver on the class path, as the driver records it.
   *
   * @return the version, or {@code "an unknown version"} when the driver does not say
   */
  static String installedVersion() {
    try {
      Object version = Class.forName(VERSION_CLASS).getField("VERSION").get(null);
      return version == null ? "an unknown version" : "version " + version;
    } catch (ReflectiveOperationException | LinkageError e) {
      return "an unknown version";
    }
  }
}
