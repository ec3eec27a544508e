package io.github.agentfeedback.export.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.github.agentfeedback.SessionFeedback;
import io.github.agentfeedback.export.ExportException;
import io.github.agentfeedback.export.ExportSummary;
import io.github.agentfeedback.export.SkipReason;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The export loop: reads rows one at a time, lets the format write or skip each, ends each
 * written row with {@code \n} and counts everything. Memory stays constant: one generator
 * buffer and one row at a time.
 */
public final class JsonlExport {

  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null) // each row ends with '\n' instead
          .characterEscapes(new JsonlEscapes())
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET) // a caller's writer stays open
          .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT) // a failed row is not closed up
          .build();

  private static final SkipReason[] REASONS = SkipReason.values();

  /** How much of the file's name the temporary file's name repeats. */
  private static final int TEMP_NAME_CHARS = 32;

  private JsonlExport() {}

  /** Exports to a caller's writer: flushed, not closed. */
  public static ExportSummary toWriter(Stream<SessionFeedback> rows, Writer out, RowFormat format) {
    return run(rows, out, "writer " + out.getClass().getName(), format);
  }

  /**
   * Exports to a UTF-8 file, created or replaced only when the export succeeds: the rows go
   * to a temporary file beside it, which is then moved over it with the replaced file's POSIX
   * permissions (a symbolic link is followed: the file it names is replaced). A failed
   * export deletes the temporary file and leaves the file as it was.
   */
  public static ExportSummary toFile(Stream<SessionFeedback> rows, Path file, RowFormat format) {
    String target = file.toString();
    if (Files.isDirectory(file)) {
      throw new ExportException(target, 0, new FileSystemException(target, null, "is a directory"));
    }
    Path dest;
    Path temp;
    Writer out;
    try {
      // A link is written through, as opening the file would: the file it names is replaced.
      dest = Files.isSymbolicLink(file) ? file.toRealPath() : file;
      temp = dest.resolveSibling(tempName(dest));
      // No BufferedWriter: the generator and the encoder already buffer.
      out =
          new OutputStreamWriter(
              Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ExportException(target, 0, e);
    }
    ExportSummary summary;
    try {
      summary = run(rows, out, target, format);
    } catch (RuntimeException | Error e) {
      try {
        out.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      deleteQuietly(temp, e);
      throw e;
    }
    try {
      out.close();
      keepPermissions(dest, temp);
      move(temp, dest);
    } catch (IOException e) {
      deleteQuietly(temp, e);
      throw new ExportException(target, summary.rowsWritten(), e);
    }
    return summary;
  }

  /**
   * The temporary file's name: {@code .<up to 32 chars of the name>.<random UUID>.tmp}, short
   * enough beside a name of any allowed length (255 bytes on most file systems).
   */
  private static String tempName(Path file) {
    String name = String.valueOf(file.getFileName());
    int end = Math.min(name.length(), TEMP_NAME_CHARS);
    if (end < name.length() && Character.isHighSurrogate(name.charAt(end - 1))) {
      end--; // keep a surrogate pair whole
    }
    return "." + name.substring(0, end) + "." + UUID.randomUUID() + ".tmp";
  }

  /** Gives the new file the permissions of the file it replaces, where there are any. */
  private static void keepPermissions(Path file, Path temp) throws IOException {
    if (Files.exists(file)
        && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
    }
  }

  /** Moves the finished export over the target, atomically where the file system can. */
  private static void move(Path temp, Path file) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temp, Throwable failure) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  private static ExportSummary run(
      Stream<SessionFeedback> rows, Writer target, String name, RowFormat format) {
    CountingWriter out = new CountingWriter(target);
    long read = 0;
    long[] skipped = new long[REASONS.length];
    try (JsonGenerator json = JSON.createGenerator(out)) {
      for (Iterator<SessionFeedback> it = rows.iterator(); it.hasNext(); ) {
        SessionFeedback row = it.next();
        if (row == null) {
          throw new NullPointerException("rows must not hold null; row " + read + " is null");
        }
        read++;
        SkipReason reason = format.write(row, json);
        if (reason == null) {
          json.writeRaw('\n');
        } else {
          skipped[reason.ordinal()]++;
        }
      }
      json.flush();
    } catch (IOException e) {
      throw new ExportException(name, out.lines(), e);
    }
    ExportSummary.Builder summary =
        ExportSummary.builder().rowsRead(read).rowsWritten(out.lines()).bytesWritten(out.bytes());
    for (SkipReason reason : REASONS) {
      summary.skipped(reason, skipped[reason.ordinal()]);
    }
    return summary.build();
  }
}
