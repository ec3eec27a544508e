package io.github.agentfeedback.mongo.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the {@link MongoClient}s that stores and store factories own. Retryable writes and
 * reads stay at the driver's default (on). Stateless and thread-safe.
 */
public final class Clients {

  private static final Logger log = LoggerFactory.getLogger(Clients.class);

  private Clients() {}

  /**
   * Creates a client.
   *
   * @param connectionString a {@code mongodb://} or {@code mongodb+srv://} string
   * @param serverSelectionTimeout how long an operation waits for a suitable server, or null
   *     for the connection string's value (driver default 30 s)
   * @throws IllegalArgumentException if the connection string is malformed
   */
  public static MongoClient create(
      String connectionString, @Nullable Duration serverSelectionTimeout) {
    ConnectionString cs = new ConnectionString(connectionString);
    MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(cs);
    if (serverSelectionTimeout != null) {
      settings.applyToClusterSettings(
          c -> c.serverSelectionTimeout(serverSelectionTimeout.toMillis(), TimeUnit.MILLISECONDS));
    }
    // Hosts only: the connection string may hold credentials.
    log.info("Creating a MongoDB client for hosts {}", cs.getHosts());
    return MongoClients.create(settings.build());
  }
}
