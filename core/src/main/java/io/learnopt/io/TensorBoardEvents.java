package io.learnopt.io;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads a TensorBoard event file ({@code events.out.tfevents.*}), such as one written by {@link
 * TensorBoardWriter}, back into {@link Event}s. Every record's framing is checked — both masked
 * CRC-32Cs, and that the file does not end inside a record — before its {@code Event} proto is
 * decoded, so a damaged file fails with the index of its first bad record instead of yielding wrong
 * numbers.
 *
 * <p>Only what scalar logging uses is decoded: wall time, step, file version and simple scalar
 * values. Other kinds of events (graphs, session logs) come back with neither a file version nor
 * scalars; other kinds of summary values (images, histograms, TF2-style tensor scalars) are
 * skipped.
 */
public final class TensorBoardEvents {
  private TensorBoardEvents() {}

  /**
   * One scalar of a summary: TensorBoard's {@code Summary.Value} with a {@code simple_value}, which
   * is a float32.
   *
   * @param tag the series it belongs to, for example {@code "loss/train"}
   * @param value the value at the event's step
   */
  public record Scalar(String tag, float value) {
    /** Checks that the tag is present. */
    public Scalar {
      Objects.requireNonNull(tag, "tag");
    }
  }

  /**
   * One decoded {@code Event}.
   *
   * @param wallTime seconds since the Unix epoch when the event was written
   * @param step the training step it belongs to (0 for the file-version event)
   * @param fileVersion the file format version, such as {@code "brain.Event:2"}, if this is the
   *     event that starts a file; {@code null} otherwise
   * @param scalars the simple values of the event's summary, in file order; empty if it has none
   */
  public record Event(double wallTime, long step, String fileVersion, List<Scalar> scalars) {
    /** Copies {@code scalars}, so the event is immutable. */
    public Event {
      scalars = List.copyOf(scalars);
    }
  }

  /**
   * Reads every event of {@code file}, in file order.
   *
   * @throws LearnoptException whose message starts with {@code file}: if the file cannot be read,
   *     or, naming the record's index (0 for the first) and byte offset, if a record's length or
   *     data CRC does not match, the file ends inside a record, or a record is not a valid {@code
   *     Event} proto
   */
  public static List<Event> read(Path file) {
    byte[] bytes = FileBytes.read(file);
    List<byte[]> records = TfRecord.unframe(file, bytes);
    List<Event> events = new ArrayList<>(records.size());
    for (byte[] record : records) {
      try {
        events.add(EventProto.decode(record));
      } catch (ProtoReader.MalformedProtoException e) {
        throw new LearnoptException(
            file
                + ": record "
                + events.size()
                + " has valid CRCs but is not a valid Event proto ("
                + e.getMessage()
                + "); it is not a TensorBoard event file",
            e);
      }
    }
    return List.copyOf(events);
  }
}
