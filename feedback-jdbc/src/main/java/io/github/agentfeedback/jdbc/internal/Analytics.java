package io.github.agentfeedback.jdbc.internal;

import io.github.agentfeedback.Comparison;
import io.github.agentfeedback.Dimension;
import io.github.agentfeedback.Granularity;
import io.github.agentfeedback.GroupKey;
import io.github.agentfeedback.Rating;
import io.github.agentfeedback.spi.AnalyticsRequest;
import io.github.agentfeedback.spi.AnalyticsResult;
import io.github.agentfeedback.spi.GroupKeys;
import io.github.agentfeedback.spi.ReferenceFold;
import io.github.agentfeedback.spi.SessionTally;
import io.github.agentfeedback.spi.Tally;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code analyze} as one SQL statement. The selected feedback rows are computed once
 * ({@code sel}, holding only the columns the request needs; materialized when more than one
 * grouping reads it), then each grouping is a {@code GROUP BY} of {@code sel}, all joined by
 * {@code UNION ALL} into one result. Every grouping's rows are its sums per group, score
 * scale and score value, so that one pass gives both a group's sums and its score counts,
 * and the client adds up the rows of a group. The rows:
 *
 * <ul>
 *   <li>{@code g = -1}: the total, grouped also by one breakdown ({@link #withTotal}): each
 *       row is added to the total and to its group, which saves the total a pass over every
 *       selected row;
 *   <li>{@code g = i}: the groups of breakdown {@code i} that has a grouping of its own,
 *       keyed by a column, a tag (summed per distinct tag list first, {@code tagged}, then
 *       per tag of each list), the text of a metadata value, or a period bucket. A
 *       breakdown that keeps its top groups only ranks its groups by one count first
 *       ({@code r<i>}, {@code top<i>}) and sums only the groups ranked within its limit, ties
 *       at the limit included, so that a report's groups by session or message cost the rows
 *       of the few groups kept and send a few rows, not one per session;
 *   <li>{@code g = -2}: comparisons per model pair and preference; {@code g = -3}: the
 *       distinct negative comments with their counts;
 *   <li>only when the request asks for session sums, {@code g = -10 - i} (−9 for the total):
 *       the up and down votes and the count of each score per group of breakdown {@code i},
 *       session, scale and score value, a sub-select grouped by session; the counts of
 *       groups named alike are added per session here, then squared into the session sums
 *       (votes, and the pair counts of each scale's values).
 * </ul>
 *
 * The rows are fed to a {@link ReferenceFold}, which keeps, ranks and orders groups as the
 * in-memory store does. Metadata values are grouped by their JSON text and named here with
 * {@link GroupKeys#metadataText} (so {@code 3} and {@code 3.0} fall in one group). Period
 * groups are buckets of the local time, the creation time plus the zone's offset, which a
 * {@code CASE} over the zone's transitions in the data's time range gives (the JVM's zone
 * rules, as the reference fold uses); each bucket is named by
 * {@link GroupKeys#periodKey} of its earliest instant. Sentiment values are summed in the
 * fixed point of {@link Tally} ({@link #sentimentParts}), exactly.
 *
 * <p>Not thread-safe; one per call.
 */
public final class Analytics {

  /**
   * Added to local epoch milliseconds so that they are positive from year 1 on, and a whole
   * number of weeks: integer division then floors, and buckets keep their boundaries.
   */
  private static final long SHIFT = 7L * 86_400_000L * 110_000L;

  private static final String SUMS =
      "count(*), sum(CASE WHEN rating = 'up' THEN 1 ELSE 0 END),"
          + " sum(CASE WHEN rating = 'down' THEN 1 ELSE 0 END),"
          + " sum(CASE WHEN rating = 'neutral' THEN 1 ELSE 0 END),"
          + " sum(CASE WHEN rating IS NULL THEN 1 ELSE 0 END),"
          + " sum(CASE WHEN comment_length > 0 THEN 1 ELSE 0 END), sum(comment_length)";

  private static final int SUM_COLUMNS = 7 + 2 * Dimension.values().length + 3;

  private final Connection c;
  private final Statements sql;
  private final boolean pg;
  private final AnalyticsRequest request;
  private final int timeoutSeconds;

  /** The sums of the row read last, as {@link #add} reads them. */
  private final long[] row = new long[SUM_COLUMNS];

  /**
   * Prepares an analysis.
   *
   * @param c the connection
   * @param sql the store's statements (dialect and tables)
   * @param request what to compute
   * @param timeoutSeconds the statement timeout
   */
  public Analytics(Connection c, Statements sql, AnalyticsRequest request, int timeoutSeconds) {
    this.c = c;
    this.sql = sql;
    this.pg = sql.postgres;
    this.request = request;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * Runs the statement and folds its rows.
   *
   * @return the result, equal to the reference fold's
   * @throws SQLException if the database fails
   */
  public AnalyticsResult run() throws SQLException {
    boolean zoned = false;
    for (AnalyticsRequest.Breakdown b : request.breakdowns()) {
      zoned |=
          b.key().kind() == GroupKey.Kind.PERIOD
              && !Objects.requireNonNull(b.key().zone()).getRules().isFixedOffset();
    }
    if (!zoned) {
      return query(null);
    }
    // The time range decides which zone transitions the statement needs: read it and the
    // feedback in one snapshot.
    boolean autoCommit = c.getAutoCommit();
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      if (pg) {
        if (autoCommit) {
          c.setAutoCommit(false);
        }
        st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      } else {
        if (!autoCommit) {
          c.setAutoCommit(true);
        }
        st.execute("BEGIN");
      }
      boolean done = false;
      try {
        Instant[] range = range();
        AnalyticsResult result = query(range);
        done = true;
        return result;
      } finally {
        if (pg) {
          if (done) {
            c.commit();
          } else {
            c.rollback();
          }
        } else {
          st.execute(done ? "COMMIT" : "ROLLBACK");
        }
        if (c.getAutoCommit() != autoCommit) {
          c.setAutoCommit(autoCommit);
        }
      }
    }
  }

  /** The earliest and latest creation time of any feedback, within the query's bounds. */
  private Instant @Nullable [] range() throws SQLException {
    String f = sql.tables.feedback();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT (SELECT min(created_at) FROM "
                + f
                + "), (SELECT max(created_at) FROM "
                + f
                + ")")) {
      ps.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Instant min = FeedbackRow.instant(rs, 1, pg);
        Instant max = FeedbackRow.instant(rs, 2, pg);
        if (min == null || max == null) {
          return null;
        }
        Instant since = request.query().since();
        Instant until = request.query().until();
        return new Instant[] {
          since != null && since.isAfter(min) ? since : min,
          until != null && until.isBefore(max) ? until : max
        };
      }
    }
  }

  private AnalyticsResult query(Instant @Nullable [] range) throws SQLException {
    Params p = new Params(pg);
    List<AnalyticsRequest.Breakdown> breakdowns = request.breakdowns();
    StringBuilder base = new StringBuilder("SELECT f.session_id, f.created_at, f.rating,");
    base.append(" f.comment_length, f.score_scale, f.score_value");
    for (String d : FeedbackRow.DIMENSION_COLUMNS) {
      base.append(", f.").append(d);
    }
    base.append(", ").append(sentimentValue(p)).append(" AS sv");
    base.append(", ")
        .append(pg ? "(extract(epoch FROM f.created_at) * 1000)::bigint" : "f.created_at");
    base.append(" AS ms");
    // Only the columns the request reads: sel is written once and read by every branch.
    Set<GroupKey.Kind> kinds = EnumSet.noneOf(GroupKey.Kind.class);
    breakdowns.forEach(b -> kinds.add(b.key().kind()));
    base.append(request.terms() == null ? "" : ", f.comment");
    base.append(kinds.contains(GroupKey.Kind.TAG) ? ", f.tags" : "");
    base.append(kinds.contains(GroupKey.Kind.USER) ? ", f.user_id" : "");
    base.append(kinds.contains(GroupKey.Kind.MESSAGE) ? ", f.message_id" : "");
    boolean model =
        kinds.contains(GroupKey.Kind.MODEL) || kinds.contains(GroupKey.Kind.MODEL_VERSION);
    base.append(model ? ", f.model_name, f.model_version" : "");
    base.append(kinds.contains(GroupKey.Kind.SOURCE) ? ", f.source" : "");
    base.append(kinds.contains(GroupKey.Kind.REVIEW_STATUS) ? ", f.review_status" : "");
    boolean join = false;
    Map<ZoneId, String> offsets = new HashMap<>();
    for (int i = 0; i < breakdowns.size(); i++) {
      GroupKey key = breakdowns.get(i).key();
      if (key.kind() == GroupKey.Kind.METADATA) {
        base.append(", ")
            .append(Where.metadataValue(p, Objects.requireNonNull(key.field()), pg))
            .append(" AS m")
            .append(i);
        join = true;
      } else if (key.kind() == GroupKey.Kind.PERIOD && !offsets.containsKey(key.zone())) {
        String column = "o" + offsets.size();
        offsets.put(key.zone(), column);
        base.append(", ")
            .append(offset(p, Objects.requireNonNull(key.zone()), range))
            .append(" AS ")
            .append(column);
      }
    }
    if (request.pairwise() != null) {
      boolean version = request.pairwise().kind() == GroupKey.Kind.MODEL_VERSION;
      base.append(", ").append(modelKey("a", version)).append(" AS pa");
      base.append(", ").append(modelKey("b", version)).append(" AS pb");
      base.append(", ").append(json("f.comparison", "preference")).append(" AS pp");
    }
    base.append(" FROM ").append(sql.tables.feedback()).append(" f");
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    join |= Where.append(where, p, request.query(), pg);
    if (join) {
      base.append(" LEFT JOIN ").append(sql.tables.sessions()).append(" s ON s.id = f.session_id");
    }
    base.append(where);

    // sel keeps what the groupings read: the keys computed (k<i>, b<i>), not what they are
    // computed from.
    StringBuilder sel =
        new StringBuilder("SELECT rating, comment_length, score_scale, score_value");
    for (String d : FeedbackRow.DIMENSION_COLUMNS) {
      sel.append(", ").append(d);
    }
    sel.append(request.sessionSums() ? ", session_id" : "");
    sel.append(kinds.contains(GroupKey.Kind.PERIOD) ? ", created_at" : "");
    sel.append(request.terms() == null ? "" : ", comment");
    sel.append(kinds.contains(GroupKey.Kind.TAG) ? ", tags" : "");
    offsets.values().forEach(o -> sel.append(", ").append(o));
    sel.append(request.pairwise() == null ? "" : ", pa, pb, pp");
    sel.append(", ").append(sentimentParts());
    for (int i = 0; i < breakdowns.size(); i++) {
      GroupKey key = breakdowns.get(i).key();
      if (key.kind() == GroupKey.Kind.PERIOD) {
        String local = "(ms + " + offsets.get(key.zone()) + " + " + SHIFT + ")";
        sel.append(", ")
            .append(bucket(local, Objects.requireNonNull(key.granularity())))
            .append(" AS b")
            .append(i);
      } else if (key.kind() != GroupKey.Kind.TAG) {
        sel.append(", ").append(column(key, i)).append(" AS k").append(i);
      }
    }
    sel.append(" FROM base");

    int withTotal = withTotal();
    // sel is read once when the total is its only grouping; else it is computed once.
    boolean once =
        breakdowns.size() == (withTotal < 0 ? 0 : 1)
            && !request.sessionSums()
            && request.pairwise() == null
            && request.terms() == null;
    // Materialized, sel is computed once: OFFSET 0 keeps PostgreSQL from flattening base
    // into it, so that the sentiment value, which sel's sentiment parts each read several
    // times, is read from the JSON once per row.
    StringBuilder statement =
        new StringBuilder("WITH base AS (")
            .append(base)
            .append(pg && !once ? " OFFSET 0" : "")
            .append("), sel AS ")
            .append(once ? "(" : "MATERIALIZED (")
            .append(sel)
            .append(")");
    if (breakdowns.stream().anyMatch(b -> b.key().kind() == GroupKey.Kind.TAG)) {
      statement.append(", tagged(tags, score_scale, score_value");
      for (int c = 1; c <= SUM_COLUMNS; c++) {
        statement.append(", a").append(c);
      }
      statement.append(") AS (SELECT tags, score_scale, score_value, ").append(aggregates());
      statement.append(" FROM sel GROUP BY tags, score_scale, score_value)");
    }
    // Per breakdown: the join that expands tags, the key column (null for a period), the
    // time column (a period's earliest creation time) and the columns grouped by.
    List<@Nullable String> joins = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> reps = new ArrayList<>();
    List<String> groupBys = new ArrayList<>();
    for (int i = 0; i < breakdowns.size(); i++) {
      GroupKey.Kind kind = breakdowns.get(i).key().kind();
      boolean tag = kind == GroupKey.Kind.TAG;
      joins.add(
          !tag
              ? null
              : pg
                  ? " LEFT JOIN LATERAL jsonb_array_elements_text(sel.tags) AS t(tag) ON true"
                  : " LEFT JOIN json_each(sel.tags) AS t");
      String key = tag ? (pg ? "t.tag" : "t.value") : "k" + i;
      boolean period = kind == GroupKey.Kind.PERIOD;
      keys.add(period ? nullText() : key);
      reps.add(period ? "min(created_at)" : nullTime());
      groupBys.add(period ? String.join(", ", groupColumns(i, offsets)) : key);
      if (i != withTotal && ranked(i)) {
        ranks(statement, p, i, key, joins.get(i));
      }
    }
    StringBuilder branches = new StringBuilder("\n");
    if (withTotal < 0) {
      total(branches, nullText(), nullTime(), "");
    } else {
      total(branches, keys.get(withTotal), reps.get(withTotal), groupBys.get(withTotal) + ", ");
    }
    if (request.sessionSums()) {
      votes(branches, -1, nullText(), nullTime(), null, "");
    }
    for (int i = 0; i < breakdowns.size(); i++) {
      if (i != withTotal) {
        String rows = ranked(i) ? kept(p, i, keys.get(i)) : "";
        branch(branches, i, keys.get(i), reps.get(i), joins.get(i), rows, groupBys.get(i));
      }
      if (request.sessionSums()) {
        votes(branches, i, keys.get(i), reps.get(i), joins.get(i), groupBys.get(i));
      }
    }
    statement.append(branches);
    if (request.pairwise() != null) {
      statement.append(" UNION ALL SELECT -2, pa, pb, ").append(nullTime()).append(", pp, ");
      statement.append(nullReal()).append(", count(*)").append(zeros(SUM_COLUMNS - 1));
      statement.append(" FROM sel WHERE pp IS NOT NULL GROUP BY pa, pb, pp");
    }
    if (request.terms() != null) {
      statement.append(" UNION ALL SELECT -3, comment, ").append(nullText()).append(", ");
      statement.append(nullTime()).append(", ").append(nullText()).append(", ").append(nullReal());
      statement.append(", count(*)").append(zeros(SUM_COLUMNS - 1));
      statement.append(" FROM sel WHERE rating = 'down' AND comment_length > 0 GROUP BY comment");
    }

    ReferenceFold fold = ReferenceFold.of(request);
    Map<Cell, SessionTally> votes = new HashMap<>();
    Map<Group, Tally.Builder> groups = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(statement.toString())) {
      ps.setQueryTimeout(timeoutSeconds);
      p.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          add(fold, rs, votes, groups, withTotal);
        }
      }
    }
    groups.forEach((group, sums) -> fold.group(group.breakdown(), group.key(), sums.build()));
    votes.forEach(
        (cell, counts) -> {
          Tally.Builder builder = Tally.builder();
          counts.addTo(builder);
          Tally sums = builder.build();
          if (cell.breakdown() < 0) {
            fold.total().add(sums);
          } else {
            fold.group(cell.breakdown(), cell.key(), sums);
          }
        });
    return fold.result();
  }

  /** A group (by its name, as read) of a breakdown (−1: the total) and a session. */
  private record Cell(int breakdown, @Nullable String key, String session) {}

  /** A group (by its name, as read) of a breakdown. */
  private record Group(int breakdown, @Nullable String key) {}

  /**
   * Appends the {@code SELECT} of one grouping's up and down votes and scores per group,
   * session, scale and score value (its {@code g} is −10 − {@code g} of the grouping): the
   * scale and value in their columns, count, up and down in the columns of the sums.
   */
  private void votes(
      StringBuilder s, int g, String key, String rep, @Nullable String join, String groupBy) {
    s.append(" UNION ALL SELECT ").append(-10 - g).append(", ").append(key);
    s.append(", session_id, ").append(rep);
    s.append(", score_scale, score_value");
    s.append(", count(*), sum(CASE WHEN rating = 'up' THEN 1 ELSE 0 END),");
    s.append(" sum(CASE WHEN rating = 'down' THEN 1 ELSE 0 END)").append(zeros(SUM_COLUMNS - 3));
    s.append(" FROM sel").append(join == null ? "" : join);
    s.append(" WHERE rating IN ('up', 'down') OR score_scale IS NOT NULL GROUP BY ");
    s.append(groupBy.isEmpty() ? "" : groupBy + ", ")
        .append("session_id, score_scale, score_value");
  }

  /**
   * Whether a breakdown keeps its top groups only and its groups can be ranked in SQL: its
   * keys must be the groups' names (not metadata, whose JSON texts the client may merge, nor
   * periods), it must not keep a list of groups, and no session sums may be asked for.
   */
  private boolean ranked(int i) {
    AnalyticsRequest.Breakdown b = request.breakdowns().get(i);
    GroupKey.Kind kind = b.key().kind();
    return b.limit() > 0
        && b.only().isEmpty()
        && !request.sessionSums() // the session sums arrive for every group, kept or not
        && kind != GroupKey.Kind.METADATA
        && kind != GroupKey.Kind.PERIOD;
  }

  /**
   * The breakdown summed with the total in one grouping ({@link #total}), or −1: the first
   * that neither ranks its groups ({@link #ranked}) nor groups by tag (a feedback has
   * several). Its groups are then the total's rows, and the total their sum. One only: the
   * rows of two would be the product of their groups (a report's days times its groups by
   * user), where a grouping each sends their sum.
   */
  private int withTotal() {
    for (int i = 0; i < request.breakdowns().size(); i++) {
      if (request.breakdowns().get(i).key().kind() != GroupKey.Kind.TAG && !ranked(i)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Appends the {@code SELECT} of the total: its sums per score scale and value and per group
   * of the breakdown summed with it ({@link #withTotal}), as {@link #add} reads them.
   *
   * @param key that breakdown's key column, or null text
   * @param rep the time column: a period's earliest creation time, or null
   * @param groupBy that breakdown's columns followed by a comma, or {@code ""}
   */
  private void total(StringBuilder s, String key, String rep, String groupBy) {
    s.append("SELECT -1, ").append(key).append(", ").append(nullText()).append(", ");
    s.append(rep).append(", score_scale, score_value, ").append(aggregates());
    s.append(" FROM sel GROUP BY ").append(groupBy).append("score_scale, score_value");
  }

  /**
   * The columns of {@code sel} that tell a non-tag breakdown's groups apart: {@code k<i>}, or
   * a period's {@code b<i>} (and for hours the zone's offset, as an hour repeats when clocks
   * go back).
   */
  private List<String> groupColumns(int i, Map<ZoneId, String> offsets) {
    GroupKey key = request.breakdowns().get(i).key();
    if (key.kind() != GroupKey.Kind.PERIOD) {
      return List.of("k" + i);
    }
    return key.granularity() == Granularity.HOUR
        ? List.of("b" + i, Objects.requireNonNull(offsets.get(key.zone())))
        : List.of("b" + i);
  }

  /**
   * Appends the common table expressions that rank a breakdown's groups ({@link #ranked}):
   * {@code r<i>}, each group that has the rating the breakdown ranks by (or any feedback)
   * with its count of them, and {@code top<i>}, those ranked within the limit, ties at the
   * limit included. One count per row, where the groups' sums are many: the sums are then
   * read for the groups kept only ({@link #kept}).
   */
  private void ranks(StringBuilder ctes, Params p, int i, String key, @Nullable String join) {
    AnalyticsRequest.Breakdown b = request.breakdowns().get(i);
    Rating by = b.topRating();
    String rated = by == null ? "" : " WHERE rating = " + p.text(FeedbackRow.rating(by));
    ctes.append(", r").append(i).append(" AS (SELECT ").append(key);
    if (join == null) {
      ctes.append(" AS k, count(*) AS m FROM sel").append(rated);
    } else {
      ctes.append(" AS k, sum(n) AS m FROM (SELECT tags, count(*) AS n FROM sel").append(rated);
      ctes.append(" GROUP BY tags) sel").append(join);
    }
    ctes.append(" GROUP BY ").append(key).append("), top").append(i);
    ctes.append(" AS (SELECT k FROM (SELECT k, rank() OVER (ORDER BY m DESC) AS r FROM r");
    ctes.append(i).append(") x WHERE r <= ").append(p.number(b.limit())).append(')');
  }

  /**
   * The condition on a ranked breakdown's rows that keeps its groups ranked within the limit
   * ({@code top<i>}, the group without a value included), or every group when fewer than the
   * limit have the rating ranked by: the groups without it then tie at a rank within the
   * limit.
   */
  private String kept(Params p, int i, String key) {
    return " WHERE ("
        + key
        + " IN (SELECT k FROM top"
        + i
        + ") OR "
        + key
        + " IS NULL AND EXISTS (SELECT 1 FROM top"
        + i
        + " WHERE k IS NULL) OR (SELECT count(*) FROM r"
        + i
        + ") < "
        + p.number(request.breakdowns().get(i).limit())
        + ")";
  }

  /**
   * Appends the {@code SELECT} of one breakdown's sums per group, score scale and value. A
   * tag breakdown adds up the sums per tag list ({@code tagged}): a feedback's tags are one
   * list, the lists are few, and so only their rows are expanded into one row per tag.
   *
   * @param where a condition on the rows, or {@code ""}
   */
  private void branch(
      StringBuilder s,
      int g,
      String key,
      String rep,
      @Nullable String join,
      String where,
      String groupBy) {
    s.append(" UNION ALL SELECT ").append(g).append(", ").append(key).append(", ");
    s.append(nullText()).append(", ").append(rep);
    s.append(", score_scale, score_value, ");
    if (join == null) {
      s.append(aggregates()).append(" FROM sel");
    } else {
      StringBuilder sums = new StringBuilder("sum(a1)");
      for (int c = 2; c <= SUM_COLUMNS; c++) {
        sums.append(", sum(a").append(c).append(')');
      }
      s.append(sums).append(" FROM tagged AS sel").append(join);
    }
    s.append(where).append(" GROUP BY ").append(groupBy);
    s.append(", score_scale, score_value");
  }

  /** The sums of a group ({@code SUM_COLUMNS} of them), as {@link #add} reads them. */
  private static String aggregates() {
    StringBuilder s = new StringBuilder(SUMS);
    for (String d : FeedbackRow.DIMENSION_COLUMNS) {
      s.append(", sum(").append(d).append("), count(").append(d).append(')');
    }
    return s.append(", sum(sh), sum(sl), count(sc)").toString();
  }

  /**
   * Adds one row: to the session counts, the model pairs or the negative comments, or its
   * sums (and score count) to the total or a group. The sums of a group are added up here
   * and given to the fold once per group, as a report's total arrives in a row per day,
   * group and score value.
   */
  private void add(
      ReferenceFold fold,
      ResultSet rs,
      Map<Cell, SessionTally> votes,
      Map<Group, Tally.Builder> groups,
      int withTotal)
      throws SQLException {
    int g = rs.getInt(1);
    String k = rs.getString(2);
    String scale = rs.getString(5);
    long n = rs.getLong(7);
    if (g <= -9) {
      int breakdown = -10 - g;
      Cell cell =
          new Cell(
              breakdown,
              breakdown < 0 ? null : name(breakdown, k, rs),
              Objects.requireNonNull(rs.getString(3), "session_id"));
      SessionTally counts = votes.computeIfAbsent(cell, x -> new SessionTally());
      counts.votes(rs.getLong(8), rs.getLong(9));
      if (scale != null) {
        counts.scores(scale, rs.getDouble(6), n);
      }
      return;
    }
    if (g == -2) {
      fold.pair(
          Text.unescape(k),
          Text.unescape(rs.getString(3)),
          Comparison.Preference.fromWire(scale),
          n);
      return;
    }
    if (g == -3) {
      fold.negativeComment(Objects.requireNonNull(Text.unescape(k)), n);
      return;
    }
    for (int col = 0; col < SUM_COLUMNS; col++) {
      row[col] = rs.getLong(7 + col);
    }
    double value = scale == null ? 0 : rs.getDouble(6);
    if (g >= 0) {
      addRow(group(groups, g, name(g, k, rs)), scale, value);
      return;
    }
    addRow(fold.total(), scale, value);
    if (withTotal >= 0) {
      addRow(group(groups, withTotal, name(withTotal, k, rs)), scale, value);
    }
  }

  /** The sums of a group, added up so far. */
  private static Tally.Builder group(
      Map<Group, Tally.Builder> groups, int breakdown, @Nullable String key) {
    return groups.computeIfAbsent(new Group(breakdown, key), x -> Tally.builder());
  }

  /** Adds the sums of the row read last ({@link #row}) and its score count to a tally. */
  private void addRow(Tally.Builder t, @Nullable String scale, double value) {
    t.rating(Rating.UP, row[1])
        .rating(Rating.DOWN, row[2])
        .rating(Rating.NEUTRAL, row[3])
        .unrated(row[4])
        .comments(row[5], row[6]);
    int col = 7;
    for (Dimension d : Dimension.values()) {
      t.dimension(d, row[col], row[col + 1]);
      col += 2;
    }
    t.sentiment(row[col], row[col + 1], row[col + 2]);
    if (scale != null) {
      t.score(scale, value, row[0]);
    }
  }

  /** The name of a group of breakdown {@code g} from its row's key and time columns. */
  private @Nullable String name(int g, @Nullable String k, ResultSet rs) throws SQLException {
    GroupKey key = request.breakdowns().get(g).key();
    if (key.kind() == GroupKey.Kind.METADATA) {
      return k == null ? null : GroupKeys.metadataText(Json.read(k));
    } else if (key.kind() == GroupKey.Kind.PERIOD) {
      Instant rep = FeedbackRow.instant(rs, 4, pg);
      return rep == null
          ? null
          : GroupKeys.periodKey(
              rep, Objects.requireNonNull(key.granularity()), Objects.requireNonNull(key.zone()));
    } else if (key.kind() == GroupKey.Kind.TAG) {
      return Text.unescape(k); // an element of the stored tags' JSON
    }
    return k;
  }

  /** The column of {@code sel} a non-tag, non-period grouping groups by. */
  private String column(GroupKey key, int i) {
    return switch (key.kind()) {
      case METADATA -> "m" + i;
      case USER -> "user_id";
      case MESSAGE -> "message_id";
      case SESSION -> "session_id";
      case MODEL -> "model_name";
      case MODEL_VERSION ->
          "CASE WHEN model_version IS NULL THEN model_name ELSE model_name || '@' || model_version END";
      case SOURCE -> "source";
      case REVIEW_STATUS -> "review_status";
      default -> throw new IllegalStateException("no column for " + key);
    };
  }

  /** A local-time bucket at least as fine as the period key of a granularity. */
  private String bucket(String local, Granularity granularity) {
    return switch (granularity) {
      case HOUR -> local + " / 3600000";
      case HOUR_OF_DAY -> "(" + local + " / 3600000) % 24";
      case DAY -> local + " / 86400000";
      case ISO_WEEK -> "(" + local + " / 86400000 + 3) / 7";
      case MONTH -> {
        String seconds = "(" + local + " / 1000 - " + SHIFT / 1000 + ")";
        yield pg
            ? "to_char(to_timestamp(" + seconds + ") AT TIME ZONE 'UTC', 'YYYY-MM')"
            : "strftime('%Y-%m', " + seconds + ", 'unixepoch')";
      }
      default -> throw new IllegalStateException("unknown granularity " + granularity);
    };
  }

  /**
   * The zone's offset in milliseconds at {@code f.created_at}: a constant for a fixed zone,
   * else a balanced {@code CASE} over the transitions within the data's range.
   */
  private String offset(Params p, ZoneId zone, Instant @Nullable [] range) {
    ZoneRules rules = zone.getRules();
    if (rules.isFixedOffset() || range == null) {
      Instant at = range == null ? Instant.EPOCH : range[0];
      return p.number(rules.getOffset(at).getTotalSeconds() * 1000L);
    }
    List<Instant> boundaries = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    offsets.add(rules.getOffset(range[0]).getTotalSeconds() * 1000L);
    ZoneOffsetTransition t = rules.nextTransition(range[0]);
    while (t != null && !t.getInstant().isAfter(range[1])) {
      boundaries.add(t.getInstant());
      offsets.add(t.getOffsetAfter().getTotalSeconds() * 1000L);
      t = rules.nextTransition(t.getInstant());
    }
    return tree(p, boundaries, offsets, 0, offsets.size() - 1);
  }

  /** A CASE tree choosing among offsets {@code lo..hi}, split at their boundaries. */
  private String tree(Params p, List<Instant> boundaries, List<Long> offsets, int lo, int hi) {
    if (lo == hi) {
      return p.number(offsets.get(lo));
    }
    int mid = (lo + hi + 1) / 2; // offsets[mid] starts at boundaries[mid - 1]
    StringBuilder sb = new StringBuilder("CASE WHEN f.created_at < ");
    sb.append(p.instant(boundaries.get(mid - 1))).append(" THEN ");
    sb.append(tree(p, boundaries, offsets, lo, mid - 1)).append(" ELSE ");
    sb.append(tree(p, boundaries, offsets, mid, hi)).append(" END");
    return sb.toString();
  }

  /** The sentiment attribute as a number, when it is one: {@code sv}. */
  private String sentimentValue(Params p) {
    String key = request.sentimentAttribute();
    if (pg) {
      return "CASE WHEN jsonb_typeof(f.attributes -> "
          + p.text(key)
          + ") = 'number' THEN (f.attributes ->> "
          + p.text(key)
          + ")::float8 ELSE coalesce(f.attributes -> "
          + p.text(key)
          + " ->> '$numberLong', f.attributes -> "
          + p.text(key)
          + " ->> '$numberDouble')::float8 END";
    }
    String path = Where.path(key);
    return "CASE json_type(f.attributes, "
        + p.text(path)
        + ") WHEN 'integer' THEN json_extract(f.attributes, "
        + p.text(path)
        + ") WHEN 'real' THEN json_extract(f.attributes, "
        + p.text(path)
        + ") WHEN 'object' THEN CAST(coalesce(json_extract(f.attributes, "
        + p.text(path + ".\"$numberLong\"")
        + "), json_extract(f.attributes, "
        + p.text(path + ".\"$numberDouble\"")
        + ")) AS REAL) END";
  }

  /**
   * The sentiment value {@code sv}, when from -1 to 1, in the fixed point of
   * {@link io.github.agentfeedback.spi.Tally}: {@code sh} = trunc(sv · 2^30) and {@code sl} =
   * trunc(sv · 2^60 − sh · 2^30), each step exact in double arithmetic, so that the sums are
   * exact and equal to the reference fold's; {@code sc} is 1 for such a value. Where
   * {@code sel} is not materialized, each mention of {@code sv} reads the JSON again: these
   * mention it six times in all.
   */
  private String sentimentParts() {
    String x = pg ? "(sv * 1073741824::float8)" : "(sv * 1073741824.0)";
    String high = pg ? "trunc" + x + "::bigint" : "CAST(" + x + " AS INTEGER)";
    String rest =
        pg
            ? "trunc(sv * 1152921504606846976::float8 - trunc"
                + x
                + " * 1073741824::float8)::bigint"
            : "CAST(sv * 1152921504606846976.0 - CAST("
                + x
                + " AS INTEGER) * 1073741824.0 AS INTEGER)";
    String in = "CASE WHEN abs(sv) <= 1 THEN ";
    return in + high + " END AS sh, " + in + rest + " END AS sl, " + in + "1 END AS sc";
  }

  private String modelKey(String candidate, boolean version) {
    String name = json("f.comparison", candidate, "model", "name");
    if (!version) {
      return name;
    }
    String v = json("f.comparison", candidate, "model", "version");
    return "CASE WHEN "
        + v
        + " IS NULL THEN "
        + name
        + " ELSE "
        + name
        + " || '@' || "
        + v
        + " END";
  }

  /** The text at a path of constant keys in a JSON column. */
  private String json(String column, String... keys) {
    if (pg) {
      StringBuilder sb = new StringBuilder("(").append(column);
      for (int i = 0; i < keys.length; i++) {
        sb.append(i == keys.length - 1 ? " ->> '" : " -> '").append(keys[i]).append('\'');
      }
      return sb.append(')').toString();
    }
    return "json_extract(" + column + ", '$." + String.join(".", keys) + "')";
  }

  private String nullText() {
    return pg ? "NULL::text" : "NULL";
  }

  private String nullTime() {
    return pg ? "NULL::timestamptz" : "NULL";
  }

  private String nullReal() {
    return pg ? "NULL::float8" : "NULL";
  }

  private static String zeros(int n) {
    return ", 0".repeat(n);
  }
}
