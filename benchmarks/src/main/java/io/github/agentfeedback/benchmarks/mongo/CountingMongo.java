package io.github.agentfeedback.benchmarks.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.agentfeedback.mongo.test.MongoTestServer;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The in-process MongoDB the Mongo benchmarks write to: feedback-mongo-test's
 * {@link MongoTestServer} (mongo-java-server, memory backend, 127.0.0.1, a free port), and
 * one driver client that counts every command it sends, so that a benchmark can report
 * round trips per operation.
 *
 * <p>The client is thread-safe and shared; starting and closing are done by one thread, in
 * a benchmark's set-up and tear-down.
 */
public final class CountingMongo implements AutoCloseable {

  private final AtomicLong commands = new AtomicLong();
  private final MongoTestServer server;
  private final MongoClient client;

  private CountingMongo() {
    server = MongoTestServer.startEmbedded();
    client =
        server.newClient(
            new CommandListener() {
              @Override
              public void commandStarted(CommandStartedEvent event) {
                commands.incrementAndGet();
              }
            });
    // Connect now, so that the handshake is not counted against the first operation.
    client.getDatabase("admin").runCommand(new Document("ping", 1));
    commands.set(0);
  }

  /**
   * Starts the server and connects the client.
   *
   * @return the running server and its client
   */
  public static CountingMongo start() {
    return new CountingMongo();
  }

  /**
   * The counting client; closed by {@link #close()}.
   *
   * @return the client
   */
  public MongoClient client() {
    return client;
  }

  /**
   * Commands sent since the start, leaving out those of {@link #drop}.
   *
   * @return the count
   */
  public long commands() {
    return commands.get();
  }

  /**
   * Drops databases without counting the commands, so that a benchmark can start each
   * iteration from empty collections. Call it while no benchmark thread writes.
   *
   * @param databases the databases to drop
   */
  public void drop(String... databases) {
    long sent = commands.get();
    for (String database : databases) {
      client.getDatabase(database).drop();
    }
    commands.set(sent);
  }

  /** Closes the client and stops the server. */
  @Override
  public void close() {
    server.close();
  }
}
