package io.github.agentfeedback.export;

import io.github.agentfeedback.FeedbackQuery;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.capture.FeedbackManager;
import io.github.agentfeedback.export.internal.DpoFormat;
import io.github.agentfeedback.export.internal.DumpFormat;
import io.github.agentfeedback.export.internal.JsonlExport;
import io.github.agentfeedback.export.internal.RowFormat;
import io.github.agentfeedback.export.internal.SftFormat;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Exports feedback as JSONL: supervised fine-tuning examples ({@link #sft()}), preference
 * pairs ({@link #dpo()}) or a plain dump of every field ({@link #dump()}).
 *
 * <pre>{@code
 * FeedbackQuery lastWeek = FeedbackQuery.builder().since(weekAgo).build();
 * ExportSummary sft = FeedbackExporter.sft("You are a helpful support agent.")
 *     .export(manager, lastWeek, Path.of("sft.jsonl"));
 * ExportSummary dpo = FeedbackExporter.dpo().export(manager, lastWeek, Path.of("dpo.jsonl"));
 * log.info("{} SFT examples, {} DPO pairs, skipped {}", sft.rowsWritten(), dpo.rowsWritten(),
 *     dpo.skipped());
 * }</pre>
 *
 * <p>Every export reads the rows one at a time and writes them through a streaming JSON
 * writer, so memory stays constant however many rows there are. The output is UTF-8 text
 * with one JSON object per line, each line ended by {@code \n} (the last one too); nothing
 * else is written. Strings are escaped as JSON requires, and so are the control characters
 * JSON lets pass (U+007F..U+009F) and the Unicode line and paragraph separators (U+2028,
 * U+2029), so that any reader, whichever characters it splits lines on, finds one object
 * per line. Rows keep the stream's order.
 *
 * <p>Export never invents text: a row that lacks what its format needs is skipped and
 * counted by {@link SkipReason} in the returned {@link ExportSummary}. Text is written as
 * stored, never trimmed; text that is blank counts as missing.
 *
 * <p>Immutable and thread-safe: one exporter may serve any number of exports at once, but
 * each export needs its own stream and target. An export does not close a stream or a
 * writer it is given; the {@link FeedbackManager} forms open and close their own stream.
 *
 * @since 0.1.0
 */
public final class FeedbackExporter {

  private static final FeedbackExporter SFT = new FeedbackExporter("sft", new SftFormat(null));
  private static final FeedbackExporter DPO = new FeedbackExporter("dpo", new DpoFormat());
  private static final FeedbackExporter DUMP = new FeedbackExporter("dump", new DumpFormat());

  private final String name;
  private final RowFormat format;

  private FeedbackExporter(String name, RowFormat format) {
    this.name = name;
    this.format = format;
  }

  /**
   * Supervised fine-tuning examples in the chat format, one per line:
   * <pre>{@code {"messages":[{"role":"user","content":<prompt>},{"role":"assistant","content":<answer>}]}}</pre>
   *
   * <p>A row is selected when its review status is approved, or when it is rated up and not
   * rejected by a reviewer; a rejected row is never selected. A score is no verdict: feedback
   * without a rating (a score alone) is selected only when approved. The assistant's turn is the
   * correction when there is one, else the rated response. Rows are skipped as
   * {@link SkipReason#REVIEW_REJECTED}, {@link SkipReason#NOT_SELECTED},
   * {@link SkipReason#NO_PROMPT} or {@link SkipReason#NO_RESPONSE} (neither a correction
   * nor a response).
   *
   * @return the exporter
   */
  public static FeedbackExporter sft() {
    return SFT;
  }

  /**
   * Supervised fine-tuning examples as {@link #sft()} writes them, each starting with a
   * system message: {@code {"role":"system","content":<systemMessage>}}.
   *
   * @param systemMessage the system message, written as given
   * @return the exporter
   * @throws NullPointerException if {@code systemMessage} is null
   * @throws IllegalArgumentException if {@code systemMessage} is blank or holds a lone
   *     surrogate (it must be well-formed UTF-16 to be written as UTF-8)
   */
  public static FeedbackExporter sft(String systemMessage) {
    Objects.requireNonNull(systemMessage, "systemMessage");
    if (systemMessage.isBlank()) {
      throw new IllegalArgumentException("systemMessage must not be blank");
    }
    if (!StandardCharsets.UTF_8.newEncoder().canEncode(systemMessage)) {
      throw new IllegalArgumentException(
          "systemMessage must be well-formed UTF-16, holds a lone surrogate");
    }
    return new FeedbackExporter("sft", new SftFormat(systemMessage));
  }

  /**
   * Preference pairs for direct preference optimization, one per line:
   * <pre>{@code {"prompt":<prompt>,"chosen":<preferred answer>,"rejected":<other answer>}}</pre>
   *
   * <p>Pairs come from two kinds of feedback:
   * <ol>
   *   <li>a pairwise {@linkplain io.github.agentfeedback.Comparison comparison} preferring
   *       A or B: chosen is the preferred candidate's response, rejected the other's;
   *       skipped as {@link SkipReason#TIE} for a tie and
   *       {@link SkipReason#NO_CANDIDATE_TEXT} when a candidate has no response text;
   *   <li>otherwise a down rating: chosen is the correction, rejected the rated response;
   *       skipped as {@link SkipReason#NO_CORRECTION} or {@link SkipReason#NO_RESPONSE}.
   * </ol>
   * A row yields at most one pair; when it holds a comparison, the comparison decides. Every
   * pair needs the feedback's prompt ({@link SkipReason#NO_PROMPT}). Rows rejected by a
   * reviewer are skipped ({@link SkipReason#REVIEW_REJECTED}), as are rows with neither a
   * comparison nor a down rating ({@link SkipReason#NOT_SELECTED}, which includes feedback
   * without a rating, a score alone, that holds no comparison) and pairs whose two
   * answers are the same text ({@link SkipReason#SAME_TEXT}).
   *
   * @return the exporter
   */
  public static FeedbackExporter dpo() {
    return DPO;
  }

  /**
   * Every field of every row, for analysis tools (pandas, DuckDB, jq). Each line holds
   * {@code session_id} and then each feedback field under its stored snake_case name, the
   * same keys as the MongoDB document, in this order:
   * <pre>
   * session_id, id, rating ("up" | "down" | null for neutral | "none" for feedback without
   * a rating, a score alone), comment, created_at,
   * user_id, message_id, score {value, scale, min, max}, tags [...],
   * dimensions {accuracy: 1..5, ...}, correction, source, author_id, trace_id, span_id,
   * model {name, version}, prompt, response,
   * comparison {a {model, response_id, response}, b {...}, preference ("a" | "b" | "tie")},
   * review {status ("pending" | "approved" | "rejected"), by, at}, updated_at,
   * attributes {...}
   * </pre>
   *
   * <p>Every key is always present, at every level, so that each line has the same
   * columns: an absent value is {@code null}, absent tags are {@code []}, absent dimensions
   * and attributes are {@code {}}. {@code source} is always named ({@code "end_user"} by
   * default), although the MongoDB document leaves the default out. Instants are ISO-8601
   * in UTC with milliseconds, such as {@code "2026-01-31T09:15:00.000Z"}; scores and their
   * bounds are JSON numbers.
   *
   * <p>Attributes, which the MongoDB document stores beside the fields, are nested under
   * {@code "attributes"} instead, so that they cannot be mistaken for fields and a tool
   * reads them as one column. Their values keep their JSON types; instants among them become
   * ISO-8601 strings as above.
   *
   * <p>No row is skipped.
   *
   * @return the exporter
   */
  public static FeedbackExporter dump() {
    return DUMP;
  }

  /**
   * The system message that starts each SFT example.
   *
   * @return the message, or empty when there is none (and for DPO and the dump)
   */
  public Optional<String> systemMessage() {
    return format instanceof SftFormat sft ? sft.systemMessage() : Optional.empty();
  }

  /**
   * Exports the rows to a writer. The rows are read once, in order; neither the stream nor
   * the writer is closed, and the writer is flushed at the end.
   *
   * @param rows the feedback to export, for example from
   *     {@link FeedbackManager#stream(FeedbackQuery)}
   * @param out where the JSONL text goes
   * @return what was read, written and skipped
   * @throws NullPointerException if {@code rows} or {@code out} is null, or the stream
   *     yields null
   * @throws ExportException if writing fails; it tells how many rows the writer received
   */
  public ExportSummary export(Stream<SessionFeedback> rows, Writer out) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(out, "out");
    return JsonlExport.toWriter(rows, out, format);
  }

  /**
   * Exports the rows to a UTF-8 file, which is created or replaced only when the export succeeds.
   * The rows are read once, in order; the stream is not closed. They are written to a temporary
   * file in the same directory ({@code .<name>.<random>.tmp}, the name cut to 32 characters), which
   * is then moved over the file, atomically where the file system allows; so the directory must be
   * writable. A replaced file's POSIX permissions are kept, and a symbolic link is followed (the
   * file it names is replaced; a link to nowhere fails the export). If the export fails, for any
   * reason (the stream, the disk), the temporary file is deleted and the file is left as it was,
   * absent or holding the previous export: a reader never finds a truncated export under the file's
   * name.
   *
   * @param rows the feedback to export
   * @param file the file to write
   * @return what was read, written and skipped; {@code bytesWritten} is the file's size
   * @throws NullPointerException if {@code rows} or {@code file} is null, or the stream
   *     yields null
   * @throws ExportException if the file cannot be opened, written, closed or moved into
   *     place; it names the file and tells how many rows were written before the failure
   */
  public ExportSummary export(Stream<SessionFeedback> rows, Path file) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(file, "file");
    return JsonlExport.toFile(rows, file, format);
  }

  /**
   * Exports the feedback a query selects to a writer: opens
   * {@link FeedbackManager#stream(FeedbackQuery)}, exports it as
   * {@link #export(Stream, Writer)} does and closes the stream, also when the export fails.
   *
   * @param manager the manager whose store is read
   * @param query which feedback to export, for example {@link FeedbackQuery#all()}
   * @param out where the JSONL text goes; flushed, not closed
   * @return what was read, written and skipped
   * @throws NullPointerException if an argument is null
   * @throws ExportException if writing fails
   */
  public ExportSummary export(FeedbackManager manager, FeedbackQuery query, Writer out) {
    Objects.requireNonNull(out, "out");
    return exportQuery(manager, query, rows -> export(rows, out));
  }

  /**
   * Exports the feedback a query selects to a UTF-8 file, created or replaced only when the
   * export succeeds: opens
   * {@link FeedbackManager#stream(FeedbackQuery)} (before the file), exports it as
   * {@link #export(Stream, Path)} does and closes the stream, also when the export fails.
   *
   * @param manager the manager whose store is read
   * @param query which feedback to export
   * @param file the file to write
   * @return what was read, written and skipped
   * @throws NullPointerException if an argument is null
   * @throws ExportException if the file cannot be opened, written, closed or moved into
   *     place; the file is then left as it was
   */
  public ExportSummary export(FeedbackManager manager, FeedbackQuery query, Path file) {
    Objects.requireNonNull(file, "file");
    return exportQuery(manager, query, rows -> export(rows, file));
  }

  /** Opens the query's stream, exports it and closes it. */
  private static ExportSummary exportQuery(
      FeedbackManager manager,
      FeedbackQuery query,
      Function<Stream<SessionFeedback>, ExportSummary> export) {
    Objects.requireNonNull(manager, "manager");
    Objects.requireNonNull(query, "query");
    try (Stream<SessionFeedback> rows = manager.stream(query)) {
      return export.apply(rows);
    }
  }

  /** Names the format, and the system message's length (not its text) when there is one. */
  @Override
  public String toString() {
    return "FeedbackExporter["
        + name
        + systemMessage().map(m -> ", systemMessage=<" + m.length() + " chars>").orElse("")
        + "]";
  }
}
