package io.github.agentfeedback.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.github.agentfeedback.Feedback;
import io.github.agentfeedback.UnknownSessionPolicy;
import io.github.agentfeedback.mongo.test.EmbeddedMongo;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions this library creates in a collection shared with the Python library get the
 * fields Python's {@code create_session} writes, once, and keep them.
 */
class SessionDefaultsTest {

  @RegisterExtension static final EmbeddedMongo mongo = new EmbeddedMongo();

  private String database;
  private MongoCollection<BsonDocument> raw;

  @BeforeEach
  void open() {
    database = mongo.newDatabaseName();
    raw = mongo.client().getDatabase(database).getCollection("sessions", BsonDocument.class);
  }

  private MongoFeedbackStore store(SessionDefaults defaults) {
    return MongoFeedbackStore.builder()
        .client(mongo.client())
        .database(database)
        .sessionDefaults(defaults)
        .build();
  }

  private BsonDocument doc(String sessionId) {
    return raw.find(Filters.eq("_id", sessionId)).first();
  }

  @Test
  void sessionsCreatedByAppendOrMetadataGetThePythonFields() {
    try (MongoFeedbackStore store = store(SessionDefaults.pythonCompatible("support-bot"))) {
      store.append(
          "by-append",
          Feedback.up("hi").toBuilder().id("f-1").build(),
          UnknownSessionPolicy.CREATE);
      store.updateMetadata("by-metadata", Map.of("variant", "B"));
      for (String session : new String[] {"by-append", "by-metadata"}) {
        BsonDocument doc = doc(session);
        assertThat(doc.getString("application_name").getValue()).isEqualTo("support-bot");
        assertThat(doc.getString("session_type").getValue()).isEqualTo("AGENT");
        assertThat(doc.getString("session_viewer_password").getValue())
            .matches("[A-Za-z0-9_-]{32}");
        assertThat(doc.getArray("guardrail_events")).isEqualTo(new BsonArray());
        assertThat(doc.getString("session_id").getValue()).isEqualTo(session);
        assertThat(doc.isDateTime("created_at")).isTrue();
      }
      assertThat(doc("by-append").getString("session_viewer_password"))
          .isNotEqualTo(doc("by-metadata").getString("session_viewer_password"));
    }
  }

  @Test
  void existingSessionsKeepTheirFields() {
    raw.insertOne(
        BsonDocument.parse(
            "{_id: 'py', session_id: 'py', application_name: 'py-app',"
                + " session_type: 'AGENT', session_viewer_password: 'set-by-python',"
                + " guardrail_events: [{action: 'BLOCKED'}], feedbacks: []}"));
    try (MongoFeedbackStore store = store(SessionDefaults.pythonCompatible("java-app"))) {
      store.append(
          "java", Feedback.up("first").toBuilder().id("f-1").build(), UnknownSessionPolicy.CREATE);
      BsonDocument created = doc("java");
      store.append(
          "py", Feedback.up("x").toBuilder().id("f-2").build(), UnknownSessionPolicy.CREATE);
      store.updateMetadata("py", Map.of("k", 1));
      store.append(
          "java", Feedback.up("second").toBuilder().id("f-3").build(), UnknownSessionPolicy.CREATE);
      store.updateMetadata("java", Map.of("k", 2));

      BsonDocument py = doc("py");
      assertThat(py.getString("application_name").getValue()).isEqualTo("py-app");
      assertThat(py.getString("session_viewer_password").getValue()).isEqualTo("set-by-python");
      assertThat(py.getArray("guardrail_events")).hasSize(1);
      BsonDocument java = doc("java");
      for (String key :
          new String[] {
            "application_name",
            "session_type",
            "session_viewer_password",
            "guardrail_events",
            "created_at"
          }) {
        assertThat(java.get(key)).as(key).isEqualTo(created.get(key));
      }
    }
  }

  @Test
  void thePasswordIsGeneratedForEveryWriteThatCanCreateASessionAndStoredOnce() {
    AtomicInteger calls = new AtomicInteger();
    Supplier<String> counting = () -> "password-" + calls.incrementAndGet();
    SessionDefaults defaults = SessionDefaults.builder().viewerPassword(counting).build();
    try (MongoFeedbackStore store = store(defaults)) {
      for (int i = 0; i < 3; i++) {
        store.append(
            "s", Feedback.up("c").toBuilder().id("f-" + i).build(), UnknownSessionPolicy.CREATE);
      }
      store.append(
          "s", Feedback.up("c").toBuilder().id("f-refuse").build(), UnknownSessionPolicy.REFUSE);
      store.updateMetadata("s", Map.of("k", "v"));
      store.deleteMetadata("s", java.util.List.of("k"));
      store.delete("s", "f-0");
      // append with CREATE and updateMetadata can create, so they send a password: 4 calls
      assertThat(calls).hasValue(4);
      assertThat(doc("s").getString("session_viewer_password").getValue()).isEqualTo("password-1");
      assertThat(doc("s").containsKey("application_name")).isFalse();
    }
  }

  @Test
  void withoutDefaultsASessionHoldsOnlyWhatTheStoreOwns() {
    try (MongoFeedbackStore store = store(SessionDefaults.none())) {
      store.append(
          "s", Feedback.up("c").toBuilder().id("f-1").build(), UnknownSessionPolicy.CREATE);
      assertThat(doc("s").keySet())
          .containsExactlyInAnyOrder(
              "_id", "feedbacks", "updated_at", "session_id", "created_at", "counters");
    }
  }

  @Test
  void aPasswordGeneratorThatReturnsNothingIsAConfigurationErrorAndWritesNothing() {
    CommandRecorder commands = new CommandRecorder();
    try (MongoFeedbackStore store =
        MongoFeedbackStore.builder()
            .client(mongo.newClient(commands))
            .database(database)
            .sessionDefaults(SessionDefaults.builder().viewerPassword(() -> null).build())
            .build()) {
      assertThatThrownBy(
              () ->
                  store.append(
                      "s",
                      Feedback.up("c").toBuilder().id("f-1").build(),
                      UnknownSessionPolicy.CREATE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("viewerPassword");
      assertThat(commands.commands()).isEmpty();
    }
  }

  @Test
  void defaultsAreValidatedAndNeverShowThePasswordSource() {
    assertThatThrownBy(() -> SessionDefaults.pythonCompatible(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applicationName");
    assertThatThrownBy(() -> SessionDefaults.pythonCompatible(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("applicationName");
    assertThatThrownBy(() -> SessionDefaults.none().toBuilder().sessionType("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sessionType");
    assertThatThrownBy(() -> SessionDefaults.builder().applicationName("a\0b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applicationName");
    assertThatThrownBy(() -> MongoFeedbackStore.builder().sessionDefaults(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("sessionDefaults");

    SessionDefaults python = SessionDefaults.pythonCompatible("bot");
    assertThat(python)
        .isEqualTo(SessionDefaults.pythonCompatible("bot"))
        .hasSameHashCodeAs(SessionDefaults.pythonCompatible("bot"))
        .isNotEqualTo(SessionDefaults.pythonCompatible("other"))
        .isEqualTo(python.toBuilder().build());
    SessionDefaults quiet = python.toBuilder().guardrailEvents(false).build();
    assertThat(quiet.guardrailEvents()).isFalse();
    assertThat(quiet.applicationName()).isEqualTo("bot");
    assertThat(quiet.viewerPassword()).isSameAs(python.viewerPassword());
    assertThat(SessionDefaults.builder().build()).isEqualTo(SessionDefaults.none());
    assertThat(python.toString())
        .contains("bot", "AGENT", "viewerPassword=generated")
        .doesNotContain("$$Lambda");
    String a = SessionDefaults.newViewerPassword();
    assertThat(a).matches("[A-Za-z0-9_-]{32}").isNotEqualTo(SessionDefaults.newViewerPassword());
    assertThat(python.viewerPassword().get()).matches("[A-Za-z0-9_-]{32}");
  }
}
