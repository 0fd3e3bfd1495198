package io.learnopt.io;

import io.learnopt.io.TensorBoardEvents.Event;
import io.learnopt.io.TensorBoardEvents.Scalar;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the slice of TensorBoard's protos that scalar logging needs. Field numbers
 * are those of tensorboard/compat/proto/event.proto and summary.proto (the same as TensorFlow's
 * tensorflow/core/util/event.proto and tensorflow/core/framework/summary.proto):
 *
 * <pre>
 * message Event {
 *   double wall_time = 1;
 *   int64 step = 2;
 *   oneof what { string file_version = 3; Summary summary = 5; ... }
 * }
 * message Summary {
 *   message Value { string tag = 1; oneof value { float simple_value = 2; ... } }
 *   repeated Value value = 1;
 * }
 * </pre>
 *
 * Fields are written in field-number order and, as a proto3 serializer does, a step or wall time of
 * zero is left out; {@code simple_value} belongs to a oneof, so it is written even when zero.
 */
final class EventProto {
  /** The version TensorBoard expects in the first event of a file ("brain.Event:" + 2). */
  static final String FILE_VERSION = "brain.Event:2";

  private static final int EVENT_WALL_TIME = 1;
  private static final int EVENT_STEP = 2;
  private static final int EVENT_FILE_VERSION = 3;
  private static final int EVENT_SUMMARY = 5;
  private static final int SUMMARY_VALUE = 1;
  private static final int VALUE_TAG = 1;
  private static final int VALUE_SIMPLE_VALUE = 2;

  private EventProto() {}

  /** The event that starts every file: {@code Event{wall_time, file_version: "brain.Event:2"}}. */
  static byte[] fileVersion(double wallTime) {
    return header(wallTime, 0).string(EVENT_FILE_VERSION, FILE_VERSION).toByteArray();
  }

  /** One event holding a summary with one simple value per tag, all at {@code step}. */
  static byte[] scalars(double wallTime, long step, List<Scalar> scalars) {
    ProtoWriter summary = new ProtoWriter();
    for (Scalar scalar : scalars) {
      ProtoWriter value =
          new ProtoWriter()
              .string(VALUE_TAG, scalar.tag())
              .floatField(VALUE_SIMPLE_VALUE, scalar.value());
      summary.message(SUMMARY_VALUE, value);
    }
    return header(wallTime, step).message(EVENT_SUMMARY, summary).toByteArray();
  }

  private static ProtoWriter header(double wallTime, long step) {
    ProtoWriter event = new ProtoWriter();
    if (Double.doubleToRawLongBits(wallTime) != 0) {
      event.doubleField(EVENT_WALL_TIME, wallTime);
    }
    if (step != 0) {
      event.int64(EVENT_STEP, step);
    }
    return event;
  }

  /**
   * Decodes an {@code Event}. Unknown fields are skipped; so are summary values that are not simple
   * values (images, histograms, tensors), which therefore do not appear in {@link Event#scalars()}.
   *
   * @throws ProtoReader.MalformedProtoException if {@code data} is not a well-formed message
   */
  static Event decode(byte[] data) {
    ProtoReader in = new ProtoReader(data);
    double wallTime = 0;
    long step = 0;
    String fileVersion = null;
    List<Scalar> scalars = new ArrayList<>();
    while (in.hasMore()) {
      int key = in.readKey();
      switch (key >>> 3) {
        case EVENT_WALL_TIME ->
            wallTime = in.field(key, ProtoWriter.FIXED64, "Event.wall_time").readDouble();
        case EVENT_STEP -> step = in.field(key, ProtoWriter.VARINT, "Event.step").readVarint();
        case EVENT_FILE_VERSION ->
            fileVersion =
                in.field(key, ProtoWriter.LENGTH_DELIMITED, "Event.file_version").readString();
        // Repeated occurrences of a message field merge, so their values concatenate.
        case EVENT_SUMMARY ->
            decodeSummary(
                in.field(key, ProtoWriter.LENGTH_DELIMITED, "Event.summary").readMessage(),
                scalars);
        default -> in.skip(key);
      }
    }
    return new Event(wallTime, step, fileVersion, scalars);
  }

  private static void decodeSummary(ProtoReader in, List<Scalar> scalars) {
    while (in.hasMore()) {
      int key = in.readKey();
      if (key >>> 3 == SUMMARY_VALUE) {
        decodeValue(
            in.field(key, ProtoWriter.LENGTH_DELIMITED, "Summary.value").readMessage(), scalars);
      } else {
        in.skip(key);
      }
    }
  }

  private static void decodeValue(ProtoReader in, List<Scalar> scalars) {
    String tag = "";
    Float simpleValue = null;
    while (in.hasMore()) {
      int key = in.readKey();
      switch (key >>> 3) {
        case VALUE_TAG ->
            tag = in.field(key, ProtoWriter.LENGTH_DELIMITED, "Summary.Value.tag").readString();
        case VALUE_SIMPLE_VALUE ->
            simpleValue =
                in.field(key, ProtoWriter.FIXED32, "Summary.Value.simple_value").readFloat();
        default -> in.skip(key);
      }
    }
    if (simpleValue != null) {
      scalars.add(new Scalar(tag, simpleValue));
    }
  }
}
