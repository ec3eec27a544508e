package io.github.agentfeedback.mongo;

import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;

/** Records the name of every command a client sends: one command is one round trip. */
final class CommandRecorder implements CommandListener {

  private final List<String> started = new CopyOnWriteArrayList<>();
  private final List<BsonDocument> documents = new CopyOnWriteArrayList<>();
  private final List<String> failed = new CopyOnWriteArrayList<>();
  private final List<BsonDocument> replies = new CopyOnWriteArrayList<>();

  @Override
  public void commandStarted(CommandStartedEvent event) {
    started.add(event.getCommandName());
    documents.add(event.getCommand().clone());
  }

  @Override
  public void commandSucceeded(CommandSucceededEvent event) {
    replies.add(event.getResponse().clone());
  }

  @Override
  public void commandFailed(CommandFailedEvent event) {
    failed.add(event.getCommandName());
  }

  /** Commands sent since the last {@link #clear()}, in order. */
  List<String> commands() {
    return List.copyOf(started);
  }

  /** The command documents sent since the last {@link #clear()}, in order. */
  List<BsonDocument> documents() {
    return List.copyOf(documents);
  }

  /** The replies to commands that succeeded since the last {@link #clear()}, in order. */
  List<BsonDocument> replies() {
    return List.copyOf(replies);
  }

  /** Commands that failed since the last {@link #clear()}. */
  List<String> failures() {
    return List.copyOf(failed);
  }

  void clear() {
    started.clear();
    documents.clear();
    failed.clear();
    replies.clear();
  }
}
