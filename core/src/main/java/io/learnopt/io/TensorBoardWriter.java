package io.learnopt.io;

import io.learnopt.LearnoptException;
import io.learnopt.io.TensorBoardEvents.Scalar;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Writes scalars as a TensorBoard event file, readable by TensorBoard ({@code tensorboard
 * --logdir}), its {@code EventAccumulator} and {@code tf.compat.v1.train.summary_iterator}. The
 * file is {@code events.out.tfevents.<unix seconds>.<hostname>} in the log directory (the pattern
 * TensorFlow's own writer uses); it is a sequence of TFRecords, each holding one {@code Event}
 * proto, and starts with the event {@code file_version: "brain.Event:2"}.
 *
 * <p>Unlike the other writers of this package, this one appends to the final file instead of
 * renaming a finished one: TensorBoard follows a growing file, which is the point of logging during
 * training. Each call to {@link #scalar} or {@link #scalars} hands its whole record to the
 * operating system in one write, with no buffer in between, so a crash of the JVM loses nothing
 * that was already logged; {@link #flush} additionally forces the file to the storage device.
 *
 * <pre>{@code
 * try (TensorBoardWriter tb = TensorBoardWriter.open(Path.of("runs/adam"))) {
 *   for (int step = 0; step < steps; step++) {
 *     tb.scalars(step, Map.of("loss/train", trainLoss, "loss/validation", validationLoss));
 *   }
 * }
 * }</pre>
 *
 * <p>The methods are synchronized, so threads may share one writer.
 */
public final class TensorBoardWriter implements AutoCloseable {
  private static final int MAX_HOSTNAME_CHARS = 64;
  private static final int MAX_NAME_ATTEMPTS = 1000;

  private final Path file;
  private final InstantSource clock;
  private FileChannel channel;
  private boolean failed;

  private TensorBoardWriter(Path file, FileChannel channel, InstantSource clock) {
    this.file = file;
    this.channel = channel;
    this.clock = clock;
  }

  /**
   * Creates {@code logDir} if needed and a new event file in it, and writes the file-version event.
   * If a file of the same name exists (two writers opened in the same second), ".1", ".2", … is
   * appended to the new file's name; an existing file is never touched.
   *
   * @throws LearnoptException naming the directory or file if either cannot be created or written
   */
  public static TensorBoardWriter open(Path logDir) {
    return open(logDir, InstantSource.system(), hostname());
  }

  /** {@link #open(Path)} with a given clock and host name, for tests. */
  static TensorBoardWriter open(Path logDir, InstantSource clock, String hostname) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new LearnoptException(
          "cannot create TensorBoard log directory "
              + logDir
              + ": "
              + describe(e)
              + "; check that it is not a file and that its parent is writable",
          e);
    }
    Instant now = clock.instant();
    String name =
        String.format(
            Locale.ROOT,
            "events.out.tfevents.%010d.%s",
            now.getEpochSecond(),
            safeHostname(hostname));
    Path file = logDir.resolve(name);
    for (int attempt = 1; ; attempt++) {
      try {
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        TensorBoardWriter writer = new TensorBoardWriter(file, channel, clock);
        writer.write(EventProto.fileVersion(seconds(now)));
        return writer;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= MAX_NAME_ATTEMPTS) {
          throw cannotWrite(file, e);
        }
        file = logDir.resolve(name + "." + attempt);
      } catch (IOException e) {
        throw cannotWrite(file, e);
      }
    }
  }

  /**
   * Continues the event file {@code file} of a resumed run: keeps its file-version event and the
   * events of steps before {@code firstStep}, cuts off everything from the first later event (the
   * steps the run will log again) and any record a kill left half-written, and appends after that.
   * A missing, empty or unreadable file is started anew, so {@code firstStep = Long.MIN_VALUE}
   * starts a fresh run's file. Readers then see every step once.
   *
   * @throws LearnoptException naming the file if it cannot be read, cut or written
   */
  public static TensorBoardWriter continueAt(Path file, long firstStep) {
    return continueAt(file, firstStep, InstantSource.system());
  }

  /** {@link #continueAt(Path, long)} with a given clock, for tests. */
  static TensorBoardWriter continueAt(Path file, long firstStep, InstantSource clock) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      byte[] bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
      int keep =
          TfRecord.keptPrefix(
              bytes,
              data -> {
                try {
                  TensorBoardEvents.Event event = EventProto.decode(data);
                  return event.fileVersion() != null || event.step() < firstStep;
                } catch (ProtoReader.MalformedProtoException e) {
                  return false;
                }
              });
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      TensorBoardWriter writer = new TensorBoardWriter(file, channel, clock);
      try {
        channel.truncate(keep);
        channel.position(keep);
        if (keep == 0) {
          writer.write(EventProto.fileVersion(seconds(clock.instant())));
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      return writer;
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  /** The event file being written. */
  public Path file() {
    return file;
  }

  /**
   * Logs {@code value} for {@code tag} at {@code step} as one event. TensorBoard stores simple
   * values as float32, so {@code value} is rounded to the nearest float (beyond ±3.4e38 it becomes
   * infinite); NaN and infinities are written as they are.
   *
   * @param tag the series, for example {@code "loss/train"}; slashes group series in TensorBoard
   * @throws IllegalArgumentException if {@code tag} is empty
   * @throws IllegalStateException if the writer is closed
   * @throws LearnoptException naming the file if writing fails; the writer is then closed
   */
  public synchronized void scalar(String tag, long step, double value) {
    write(scalarsEvent(step, List.of(scalar(tag, value))));
  }

  /**
   * Logs several series at one {@code step} as one event, in the map's iteration order; an empty
   * map writes nothing. Values are rounded to float32 as in {@link #scalar}.
   *
   * @throws IllegalArgumentException if a tag is empty
   * @throws IllegalStateException if the writer is closed
   * @throws LearnoptException naming the file if writing fails; the writer is then closed
   */
  public synchronized void scalars(long step, Map<String, ? extends Number> values) {
    List<Scalar> scalars = new ArrayList<>(values.size());
    for (Map.Entry<String, ? extends Number> entry : values.entrySet()) {
      Number value = Objects.requireNonNull(entry.getValue(), () -> "value of " + entry.getKey());
      scalars.add(scalar(entry.getKey(), value.doubleValue()));
    }
    if (!scalars.isEmpty()) {
      write(scalarsEvent(step, scalars));
    }
  }

  /**
   * Forces everything written so far to the storage device, so it survives a power loss too.
   * Logging does not need this to survive a crash of the program, and forcing after every step
   * would slow a training loop to the disk's pace.
   *
   * @throws IllegalStateException if the writer is closed
   * @throws LearnoptException naming the file if forcing fails; the writer is then closed
   */
  public synchronized void flush() {
    FileChannel open = openChannel();
    try {
      open.force(false);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /**
   * Forces the file to the storage device and closes it. Closing twice, or after a failure, does
   * nothing.
   *
   * @throws LearnoptException naming the file if forcing or closing fails
   */
  @Override
  public synchronized void close() {
    if (channel == null) {
      return;
    }
    try (FileChannel closing = channel) {
      channel = null;
      closing.force(false);
    } catch (IOException e) {
      throw cannotWrite(file, e);
    }
  }

  private byte[] scalarsEvent(long step, List<Scalar> scalars) {
    return EventProto.scalars(seconds(clock.instant()), step, scalars);
  }

  private static Scalar scalar(String tag, double value) {
    Objects.requireNonNull(tag, "tag");
    if (tag.isEmpty()) {
      throw new IllegalArgumentException("a TensorBoard tag must not be empty; name the series");
    }
    return new Scalar(tag, (float) value);
  }

  /**
   * Frames {@code event} as one record and writes it with one call, so records never interleave.
   */
  private void write(byte[] event) {
    FileChannel open = openChannel();
    ByteBuffer record = ByteBuffer.wrap(TfRecord.frame(event));
    try {
      while (record.hasRemaining()) {
        open.write(record);
      }
    } catch (IOException e) {
      throw fail(e);
    }
  }

  private FileChannel openChannel() {
    if (channel == null) {
      throw new IllegalStateException(
          "the TensorBoard writer of "
              + file
              + (failed ? " was closed after a write failed" : " is closed")
              + "; open a new one");
    }
    return channel;
  }

  /**
   * Closes the writer after a failed write: a later record appended after a partial one would be
   * unreadable anyway, since readers stop at the first bad record.
   */
  private LearnoptException fail(IOException e) {
    failed = true;
    FileChannel closing = channel;
    channel = null;
    try {
      closing.close();
    } catch (IOException ignored) {
      // The write failure is the one worth reporting.
    }
    return cannotWrite(file, e);
  }

  private static LearnoptException cannotWrite(Path file, IOException e) {
    return new LearnoptException(
        "cannot write TensorBoard events to "
            + file
            + ": "
            + describe(e)
            + "; check that the directory is writable and the disk is not full",
        e);
  }

  private static String describe(IOException e) {
    String what = e.getClass().getSimpleName();
    return e.getMessage() == null ? what : what + " " + e.getMessage();
  }

  private static double seconds(Instant instant) {
    return instant.getEpochSecond() + instant.getNano() / 1e9;
  }

  /**
   * This machine's name without a DNS lookup where possible (the kernel's name on Linux, then the
   * environment), falling back to the JDK's lookup and finally to "localhost".
   */
  static String hostname() {
    try {
      String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!kernel.isEmpty()) {
        return kernel;
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or /proc is not mounted: try the next source.
    }
    for (String variable : List.of("HOSTNAME", "COMPUTERNAME")) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * The host name reduced to characters that are safe in a file name on every system: letters,
   * digits, '.', '-' and '_'; anything else becomes '_'. Long names are cut so the file name stays
   * well under the usual 255-byte limit.
   */
  static String safeHostname(String hostname) {
    StringBuilder safe = new StringBuilder();
    for (int i = 0; i < hostname.length() && safe.length() < MAX_HOSTNAME_CHARS; i++) {
      char c = hostname.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-'
              || c == '_';
      safe.append(ok ? c : '_');
    }
    return safe.isEmpty() ? "localhost" : safe.toString();
  }
}
