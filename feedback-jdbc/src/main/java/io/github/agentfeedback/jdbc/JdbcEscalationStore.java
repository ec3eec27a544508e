package io.github.agentfeedback.jdbc;

import io.github.agentfeedback.FeedbackException;
import io.github.agentfeedback.escalation.Escalation;
import io.github.agentfeedback.escalation.EscalationAction;
import io.github.agentfeedback.escalation.EscalationQuery;
import io.github.agentfeedback.escalation.EscalationStatus;
import io.github.agentfeedback.escalation.EscalationStore;
import io.github.agentfeedback.escalation.FeedbackRef;
import io.github.agentfeedback.escalation.LoopClaim;
import io.github.agentfeedback.escalation.LoopClosing;
import io.github.agentfeedback.escalation.Raised;
import io.github.agentfeedback.escalation.Severity;
import io.github.agentfeedback.jdbc.internal.Connections;
import io.github.agentfeedback.jdbc.internal.Json;
import io.github.agentfeedback.jdbc.internal.Tables;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EscalationStore} in one table (default {@value #DEFAULT_TABLE}) of PostgreSQL or
 * SQLite, through a {@link DataSource} the application owns, shared by every replica:
 *
 * <pre>
 * id TEXT PRIMARY KEY, open_key TEXT NOT NULL UNIQUE, type, severity, rule, subject, status,
 * raise_count BIGINT, raised_at BIGINT, last_raised_at BIGINT (epoch milliseconds),
 * ack_by, ack_at, ack_note, res_by, res_at, res_note,
 * figures, session_ids, feedback_ids, group_keys (JSON text),
 * notified_at BIGINT (the last notification claimed), loop_pending TEXT (JSON list of the
 * feedback whose loop-closing event is not sent; NULL when none), loop_lease_owner TEXT,
 * loop_lease_until BIGINT
 * </pre>
 *
 * <p>{@code feedback_ids} ({@link Escalation#feedback()}) and {@code loop_pending} list each
 * feedback as a JSON object naming its session and its id, {@code {"feedback_id": "f-1",
 * "session_id": "s-1"}} ({@link FeedbackRef}). A row written by an earlier snapshot, whose
 * lists hold plain feedback ids, is refused when read, with a {@link
 * io.github.agentfeedback.FeedbackStoreException} that names the escalation: its feedback's
 * sessions are unknown, so delete such rows (nothing was released that wrote them); {@link
 * #createSchema()} leaves them as they are.
 *
 * <p>{@link #createSchema()} creates the table (idempotent; the same statement works on both
 * databases), and adds to a table made before them the notification and loop-closing
 * columns it lacks. One escalation that is not resolved per rule and subject:
 * {@code open_key} is {@link Escalation#dedupKey()} while it is not resolved (or, beyond 1,000
 * UTF-8 bytes, which a B-tree index of PostgreSQL cannot always hold, {@code sha256:} and the
 * key's hex digest) and {@code resolved:<id>} after, under a unique constraint, so of two
 * replicas that raise the same new escalation at once one
 * {@code INSERT ... ON CONFLICT DO NOTHING} wins and the other repeats it. A repeat, an
 * acknowledgement and a resolution read the row, compute the new escalation
 * ({@link Escalation#repeatedBy}, {@link Escalation#acknowledgedBy},
 * {@link Escalation#resolvedBy}) and write it with {@code UPDATE ... WHERE id = ? AND
 * raise_count = ? AND status = ?}, reading again when another write came between: no raise
 * is lost or counted twice, and each transition happens once.
 *
 * <p>{@link #claimNotification} is one {@code UPDATE ... WHERE notified_at IS NULL OR
 * notified_at <= ?}. The resolution sets {@code loop_pending} in its own {@code UPDATE};
 * {@link #claimLoopClosings} leases each due row with an {@code UPDATE} conditioned on the
 * lease being free, so of two claimants one gets it (the other finds the next due rows);
 * {@link #loopClosingsSent} rewrites {@code loop_pending} with a compare-and-set on its
 * text.
 *
 * <p>Thread-safe. It never closes the data source.
 *
 * @since 0.1.0
 */
public final class JdbcEscalationStore implements EscalationStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcEscalationStore.class);

  /** Columns added after the first tables were made, with their types. */
  private static final List<String> LATER_COLUMNS =
      List.of(
          "notified_at BIGINT",
          "loop_pending TEXT",
          "loop_lease_owner TEXT",
          "loop_lease_until BIGINT");

  /** The table unless {@link Builder#table(String)} names another. */
  public static final String DEFAULT_TABLE = "feedback_escalations";

  private static final int ATTEMPTS = 50;

  /** The longest dedup key, in UTF-8 bytes, that {@code open_key} keeps as it is. */
  private static final int MAX_PLAIN_KEY_BYTES = 1_000;

  private static final String SESSION_ID = "session_id";
  private static final String FEEDBACK_ID = "feedback_id";
  private static final String COLUMNS =
      "id, open_key, type, severity, rule, subject, status, raise_count, raised_at,"
          + " last_raised_at, ack_by, ack_at, ack_note, res_by, res_at, res_note, figures,"
          + " session_ids, feedback_ids, group_keys";

  private final Connections connections;
  private final String table;

  private JdbcEscalationStore(Builder b, DataSource dataSource) {
    this.table = b.table;
    this.connections = new Connections(dataSource, Connections.seconds(b.statementTimeout));
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the table unless it exists, and adds the columns that an older table lacks
   * ({@code notified_at}, {@code loop_pending}, {@code loop_lease_owner},
   * {@code loop_lease_until}); idempotent.
   *
   * @throws io.github.agentfeedback.FeedbackStoreException if the database fails
   */
  public void createSchema() {
    connections.call(
        "createSchema",
        c -> {
          try (Statement st = c.createStatement()) {
            st.setQueryTimeout(connections.timeoutSeconds());
            st.execute(
                "CREATE TABLE IF NOT EXISTS "
                    + table
                    + " (id TEXT PRIMARY KEY, open_key TEXT NOT NULL UNIQUE,"
                    + " type TEXT NOT NULL, severity TEXT NOT NULL, rule TEXT NOT NULL,"
                    + " subject TEXT NOT NULL, status TEXT NOT NULL,"
                    + " raise_count BIGINT NOT NULL, raised_at BIGINT NOT NULL,"
                    + " last_raised_at BIGINT NOT NULL, ack_by TEXT, ack_at BIGINT,"
                    + " ack_note TEXT, res_by TEXT, res_at BIGINT, res_note TEXT,"
                    + " figures TEXT NOT NULL, session_ids TEXT NOT NULL,"
                    + " feedback_ids TEXT NOT NULL, group_keys TEXT NOT NULL,"
                    + " notified_at BIGINT, loop_pending TEXT, loop_lease_owner TEXT,"
                    + " loop_lease_until BIGINT)");
            addLaterColumns(c, st);
          }
          return Boolean.TRUE;
        });
  }

  /**
   * Adds the columns a table made before them lacks (notification and loop-closing state,
   * all nullable, so an older row reads as never notified and with nothing pending).
   */
  private void addLaterColumns(Connection c, Statement st) throws SQLException {
    boolean postgres =
        c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    Set<String> present = new HashSet<>();
    if (!postgres) {
      try (PreparedStatement ps = connections.prepare(c, "SELECT name FROM pragma_table_info(?)")) {
        ps.setString(1, table);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            present.add(rs.getString(1).toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    for (String column : LATER_COLUMNS) {
      String name = column.substring(0, column.indexOf(' '));
      if (postgres) {
        st.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + column);
      } else if (!present.contains(name)) {
        st.execute("ALTER TABLE " + table + " ADD COLUMN " + column);
        log.info("Added the column {} to {}", name, table);
      }
    }
  }

  private static String openKey(Escalation e) {
    return e.status().isOpen()
        ? indexKey(e.dedupKey())
        : "resolved:" + Objects.requireNonNull(e.id());
  }

  /**
   * The {@code open_key} of a dedup key: the key itself up to {@value #MAX_PLAIN_KEY_BYTES}
   * UTF-8 bytes, else {@code sha256:} and the hex digest of its UTF-8 bytes, since a B-tree
   * entry of PostgreSQL holds at most 2,704 bytes and a rule and subject at their length limits
   * take up to four times that. A plain key starts with a digit (its rule's length), so the two
   * forms never meet.
   */
  private static String indexKey(String dedupKey) {
    byte[] utf8 = dedupKey.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_PLAIN_KEY_BYTES) {
      return dedupKey;
    }
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public Raised raise(Escalation candidate) {
    Objects.requireNonNull(candidate, "candidate");
    String key = indexKey(candidate.dedupKey());
    return connections.call(
        "raise",
        false, // a repeated raise counts again
        c -> {
          for (int attempt = 1; ; attempt++) {
            Escalation stored = one(c, "open_key", key);
            if (stored == null) {
              Escalation created = candidate.created(UUID.randomUUID().toString());
              try (PreparedStatement ps =
                  connections.prepare(
                      c,
                      "INSERT INTO "
                          + table
                          + " ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                          + " ON CONFLICT DO NOTHING")) {
                bind(ps, 1, created);
                if (ps.executeUpdate() > 0) {
                  return new Raised(created, true);
                }
              }
            } else {
              Escalation repeated = stored.repeatedBy(candidate);
              if (replace(c, stored, repeated)) {
                return new Raised(repeated, false);
              }
            }
            if (attempt == ATTEMPTS) {
              throw new SQLException(
                  "the escalation changed concurrently " + ATTEMPTS + " times; retry", "40001");
            }
          }
        });
  }

  /**
   * Writes the changed escalation while the row's count and status are as read; a
   * resolution sets its pending loop-closing events in the same statement.
   */
  private boolean replace(Connection c, Escalation stored, Escalation changed) throws SQLException {
    boolean resolving =
        stored.status().isOpen() && !changed.status().isOpen() && !changed.feedback().isEmpty();
    try (PreparedStatement ps =
        connections.prepare(
            c,
            "UPDATE "
                + table
                + " SET id = ?, open_key = ?, type = ?, severity = ?, rule = ?, subject = ?,"
                + " status = ?, raise_count = ?, raised_at = ?, last_raised_at = ?, ack_by = ?,"
                + " ack_at = ?, ack_note = ?, res_by = ?, res_at = ?, res_note = ?, figures = ?,"
                + " session_ids = ?, feedback_ids = ?, group_keys = ?"
                + (resolving ? ", loop_pending = ?" : "")
                + " WHERE id = ? AND raise_count = ? AND status = ?")) {
      int i = bind(ps, 1, changed);
      if (resolving) {
        ps.setString(i++, Json.write(refs(changed.feedback())));
      }
      ps.setString(i++, stored.id());
      ps.setLong(i++, stored.count());
      ps.setString(i, wire(stored.status()));
      return ps.executeUpdate() > 0;
    }
  }

  @Override
  public boolean claimNotification(String id, Instant at, Duration minInterval) {
    Objects.requireNonNull(id, "id");
    Instant latest = EscalationStore.latestPriorNotification(at, minInterval);
    return connections.call(
        "claimNotification",
        c -> {
          try (PreparedStatement ps =
              connections.prepare(
                  c,
                  "UPDATE "
                      + table
                      + " SET notified_at = ? WHERE id = ?"
                      + " AND (notified_at IS NULL OR notified_at <= ?)")) {
            ps.setLong(1, at.toEpochMilli());
            ps.setString(2, id);
            ps.setLong(3, latest.toEpochMilli());
            return ps.executeUpdate() > 0;
          }
        });
  }

  @Override
  public List<LoopClosing> claimLoopClosings(LoopClaim claim) {
    Objects.requireNonNull(claim, "claim");
    String due =
        " loop_pending IS NOT NULL AND (loop_lease_until IS NULL OR loop_lease_until <= ?)";
    return connections.call(
        "claimLoopClosings",
        c -> {
          List<LoopClosing> claimed = new ArrayList<>();
          // A candidate another claimant leased first is skipped and the due ones are found
          // again (those leased here are no longer due), so that a claim returns fewer than its
          // limit only when no more are due.
          for (int attempt = 1; claimed.size() < claim.limit() && attempt <= ATTEMPTS; attempt++) {
            List<String> candidates = candidates(c, due, claim, claim.limit() - claimed.size());
            if (candidates.isEmpty()) {
              break;
            }
            claimed.addAll(lease(c, due, claim, candidates));
          }
          return List.copyOf(claimed);
        });
  }

  /** The ids of up to {@code limit} due escalations, oldest resolution first. */
  private List<String> candidates(Connection c, String due, LoopClaim claim, int limit)
      throws SQLException {
    List<String> candidates = new ArrayList<>();
    try (PreparedStatement ps =
        connections.prepare(
            c, "SELECT id FROM " + table + " WHERE" + due + " ORDER BY res_at, id LIMIT ?")) {
      ps.setLong(1, claim.now().toEpochMilli());
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          candidates.add(rs.getString(1));
        }
      }
    }
    return candidates;
  }

  /** Leases each candidate still due to the claimant; those another claimant took are left. */
  private List<LoopClosing> lease(
      Connection c, String due, LoopClaim claim, List<String> candidates) throws SQLException {
    List<LoopClosing> claimed = new ArrayList<>();
    for (String id : candidates) {
      try (PreparedStatement ps =
          connections.prepare(
              c,
              "UPDATE "
                  + table
                  + " SET loop_lease_owner = ?, loop_lease_until = ? WHERE id = ? AND"
                  + due)) {
        ps.setString(1, claim.claimant());
        ps.setLong(2, claim.until().toEpochMilli());
        ps.setString(3, id);
        ps.setLong(4, claim.now().toEpochMilli());
        if (ps.executeUpdate() == 0) {
          continue; // another claimant came first
        }
      }
      try (PreparedStatement ps =
          connections.prepare(
              c, "SELECT " + COLUMNS + ", loop_pending FROM " + table + " WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          String pending = rs.next() ? rs.getString(21) : null;
          if (pending != null) {
            claimed.add(new LoopClosing(read(rs), refs(pending, id, "loop_pending")));
          }
        }
      }
    }
    return claimed;
  }

  @Override
  public void loopClosingsSent(String escalationId, Collection<FeedbackRef> sent) {
    Objects.requireNonNull(escalationId, "escalationId");
    Set<FeedbackRef> settled = Set.copyOf(sent);
    if (settled.isEmpty()) {
      return;
    }
    connections.call(
        "loopClosingsSent",
        c -> {
          for (int attempt = 1; ; attempt++) {
            String pending;
            try (PreparedStatement ps =
                connections.prepare(c, "SELECT loop_pending FROM " + table + " WHERE id = ?")) {
              ps.setString(1, escalationId);
              try (ResultSet rs = ps.executeQuery()) {
                pending = rs.next() ? rs.getString(1) : null;
              }
            }
            if (pending == null) {
              return Boolean.FALSE;
            }
            List<FeedbackRef> left = refs(pending, escalationId, "loop_pending");
            left.removeAll(settled);
            try (PreparedStatement ps =
                connections.prepare(
                    c,
                    "UPDATE "
                        + table
                        + " SET loop_pending = ? WHERE id = ? AND loop_pending = ?")) {
              if (left.isEmpty()) {
                ps.setNull(1, Types.VARCHAR);
              } else {
                ps.setString(1, Json.write(refs(left)));
              }
              ps.setString(2, escalationId);
              ps.setString(3, pending);
              if (ps.executeUpdate() > 0) {
                return Boolean.TRUE;
              }
            }
            if (attempt == ATTEMPTS) {
              throw new SQLException(
                  "the loop-closing events changed concurrently " + ATTEMPTS + " times; retry",
                  "40001");
            }
          }
        });
  }

  private @Nullable Escalation one(Connection c, String column, String value) throws SQLException {
    try (PreparedStatement ps =
        connections.prepare(
            c, "SELECT " + COLUMNS + " FROM " + table + " WHERE " + column + " = ?")) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : null;
      }
    }
  }

  @Override
  public Optional<Escalation> find(String id) {
    Objects.requireNonNull(id, "id");
    return connections.call("find", c -> Optional.ofNullable(one(c, "id", id)));
  }

  @Override
  public List<Escalation> list(EscalationQuery query) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (!query.statuses().isEmpty()) {
      where.append(" AND status IN (");
      String sep = "";
      for (EscalationStatus s : query.statuses()) {
        where.append(sep).append('?');
        args.add(wire(s));
        sep = ", ";
      }
      where.append(')');
    }
    String rule = query.rule();
    if (rule != null) {
      where.append(" AND rule = ?");
      args.add(rule);
    }
    String subject = query.subject();
    if (subject != null) {
      where.append(" AND subject = ?");
      args.add(subject);
    }
    return connections.call(
        "list",
        c -> {
          try (PreparedStatement ps =
              connections.prepare(
                  c,
                  "SELECT "
                      + COLUMNS
                      + " FROM "
                      + table
                      + where
                      + " ORDER BY raised_at DESC, id LIMIT "
                      + query.limit())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setString(i + 1, args.get(i));
            }
            List<Escalation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public Optional<Escalation> acknowledge(String id, String by, Instant at, String note) {
    EscalationAction action = new EscalationAction(by, at, note);
    return change("acknowledge", id, e -> e.acknowledgedBy(action));
  }

  @Override
  public Optional<Escalation> resolve(String id, String by, Instant at, String note) {
    EscalationAction action = new EscalationAction(by, at, note);
    return change("resolve", id, e -> e.resolvedBy(action));
  }

  private Optional<Escalation> change(String operation, String id, UnaryOperator<Escalation> step) {
    Objects.requireNonNull(id, "id");
    return connections.call(
        operation,
        c -> {
          for (int attempt = 1; ; attempt++) {
            Escalation stored = one(c, "id", id);
            if (stored == null) {
              return Optional.<Escalation>empty();
            }
            Escalation next = step.apply(stored);
            if (replace(c, stored, next)) {
              return Optional.of(next);
            }
            if (attempt == ATTEMPTS) {
              throw new SQLException(
                  "the escalation changed concurrently " + ATTEMPTS + " times; retry", "40001");
            }
          }
        });
  }

  private static String wire(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** Binds the columns of {@link #COLUMNS}; returns the next index. */
  private static int bind(PreparedStatement ps, int i, Escalation e) throws SQLException {
    ps.setString(i++, e.id());
    ps.setString(i++, openKey(e));
    ps.setString(i++, e.type());
    ps.setString(i++, wire(e.severity()));
    ps.setString(i++, e.rule());
    ps.setString(i++, e.subject());
    ps.setString(i++, wire(e.status()));
    ps.setLong(i++, e.count());
    ps.setLong(i++, e.raisedAt().toEpochMilli());
    ps.setLong(i++, e.lastRaisedAt().toEpochMilli());
    i = bindAction(ps, i, e.acknowledged());
    i = bindAction(ps, i, e.resolved());
    ps.setString(i++, Json.write(new LinkedHashMap<String, Object>(e.figures())));
    ps.setString(i++, Json.write(e.sessionIds()));
    ps.setString(i++, Json.write(refs(e.feedback())));
    ps.setString(i++, Json.write(e.groups()));
    return i;
  }

  private static int bindAction(PreparedStatement ps, int i, @Nullable EscalationAction a)
      throws SQLException {
    if (a == null) {
      ps.setNull(i++, Types.VARCHAR);
      ps.setNull(i++, Types.BIGINT);
      ps.setNull(i++, Types.VARCHAR);
    } else {
      ps.setString(i++, a.by());
      ps.setLong(i++, a.at().toEpochMilli());
      ps.setString(i++, a.note());
    }
    return i;
  }

  private static @Nullable EscalationAction readAction(ResultSet rs, int i) throws SQLException {
    String by = rs.getString(i);
    return by == null
        ? null
        : new EscalationAction(
            by, Instant.ofEpochMilli(rs.getLong(i + 1)), Objects.toString(rs.getString(i + 2), ""));
  }

  /**
   * Reads one row; a row that breaks the model's rules (as another program may write it) is
   * a data exception naming the escalation, not retry-safe.
   */
  private static Escalation read(ResultSet rs) throws SQLException {
    try {
      return decode(rs);
    } catch (IllegalArgumentException | FeedbackException | NullPointerException e) {
      throw new SQLException(
          "escalation "
              + rs.getString(1)
              + " breaks the model's rules (was it written by another program?): "
              + e.getMessage(),
          "22000",
          e);
    }
  }

  private static Escalation decode(ResultSet rs) throws SQLException {
    Map<String, Double> figures = new LinkedHashMap<>();
    Json.readObject(rs.getString(17))
        .forEach((k, v) -> figures.put(k, v instanceof Number n ? n.doubleValue() : Double.NaN));
    return Escalation.builder()
        .id(rs.getString(1))
        .type(rs.getString(3))
        .severity(Severity.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)))
        .rule(rs.getString(5))
        .subject(rs.getString(6))
        .status(EscalationStatus.valueOf(rs.getString(7).toUpperCase(Locale.ROOT)))
        .count(rs.getLong(8))
        .raisedAt(Instant.ofEpochMilli(rs.getLong(9)))
        .lastRaisedAt(Instant.ofEpochMilli(rs.getLong(10)))
        .acknowledged(readAction(rs, 11))
        .resolved(readAction(rs, 14))
        .figures(figures)
        .sessionIds(strings(rs.getString(18)))
        .feedback(refs(rs.getString(19), rs.getString(1), "feedback_ids"))
        .groups(strings(rs.getString(20)))
        .build();
  }

  private static List<String> strings(String json) {
    Object value = Json.read(json);
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object o : list) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  /** The JSON values of feedback refs: {@code {"feedback_id": .., "session_id": ..}}. */
  private static List<Map<String, Object>> refs(Collection<FeedbackRef> refs) {
    List<Map<String, Object>> out = new ArrayList<>(refs.size());
    for (FeedbackRef r : refs) {
      out.add(Map.of(SESSION_ID, r.sessionId(), FEEDBACK_ID, r.feedbackId()));
    }
    return out;
  }

  /**
   * The feedback refs of a JSON list column; refuses an entry that is not such an object (a
   * plain feedback id, as an earlier snapshot wrote them).
   */
  private static List<FeedbackRef> refs(String json, String escalationId, String column)
      throws SQLDataException {
    List<FeedbackRef> out = new ArrayList<>();
    Object value;
    try {
      value = Json.read(json);
    } catch (IllegalArgumentException e) {
      throw unreadable(escalationId, column, json);
    }
    if (!(value instanceof List<?> entries)) {
      throw unreadable(escalationId, column, json);
    }
    for (Object entry : entries) {
      if (!(entry instanceof Map<?, ?> ref)
          || !(ref.get(SESSION_ID) instanceof String session)
          || !(ref.get(FEEDBACK_ID) instanceof String feedbackId)) {
        throw unreadable(escalationId, column, String.valueOf(entry));
      }
      try {
        out.add(new FeedbackRef(session, feedbackId));
      } catch (FeedbackException e) {
        throw new SQLDataException(
            String.format(
                "escalation %s breaks the model's rules (was it written by another program?):"
                    + " %s: %s",
                escalationId, column, e.getMessage()),
            e);
      }
    }
    return out;
  }

  /** A row an earlier snapshot wrote, with plain feedback ids: refused, naming it. */
  private static SQLDataException unreadable(String escalationId, String column, String entry) {
    return new SQLDataException(
        String.format(
            "escalation %s: %s holds %s, not a {\"feedback_id\", \"session_id\"} object;"
                + " a row written before feedback was named by session cannot be read: delete it",
            escalationId, column, entry));
  }

  @Override
  public String toString() {
    return "JdbcEscalationStore[" + table + "]";
  }

  /**
   * Configures a {@link JdbcEscalationStore}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private Duration statementTimeout =
        Duration.ofSeconds(JdbcFeedbackStore.DEFAULT_STATEMENT_TIMEOUT_SECONDS);

    private Builder() {}

    /**
     * The data source, owned by the caller. Required.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * The table; {@value #DEFAULT_TABLE} unless set.
     *
     * @param name a lower-case SQL identifier, at most 48 chars
     * @return this builder
     * @throws IllegalArgumentException if the name is not such an identifier
     */
    public Builder table(String name) {
      this.table = Tables.check("table", name);
      return this;
    }

    /**
     * The timeout of each statement, in whole seconds (at least 1).
     *
     * @param timeout at least one millisecond, rounded up to whole seconds
     * @return this builder
     * @throws IllegalArgumentException if shorter than one millisecond
     */
    public Builder statementTimeout(Duration timeout) {
      this.statementTimeout = Connections.statementTimeout(timeout);
      return this;
    }

    /**
     * Builds the store. Call {@link JdbcEscalationStore#createSchema()} once to create the
     * table.
     *
     * @return the store
     * @throws NullPointerException naming {@code dataSource} if not set
     */
    public JdbcEscalationStore build() {
      return new JdbcEscalationStore(this, Objects.requireNonNull(dataSource, "dataSource"));
    }
  }
}
