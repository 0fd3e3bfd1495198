package io.learnopt.io;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format written by {@link ProtoWriter}: a sequence of keys and values,
 * where unknown fields are skipped by their wire type. Malformed input (a varint longer than ten
 * bytes, a length past the end, a deprecated group or an undefined wire type) throws {@link
 * MalformedProtoException}, which the caller wraps with the file and record it came from.
 */
final class ProtoReader {
  private final byte[] bytes;
  private int position;
  private final int end;

  /** A message's bytes could not be parsed; the message says where and why. */
  static final class MalformedProtoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedProtoException(String message) {
      super(message);
    }
  }

  ProtoReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private ProtoReader(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.position = start;
    this.end = end;
  }

  boolean hasMore() {
    return position < end;
  }

  /** Reads a key; its field number is {@code key >>> 3} and its wire type {@code key & 7}. */
  int readKey() {
    long key = readVarint();
    if (key >>> 3 == 0 || key >>> 3 > 0x1FFF_FFFF) {
      throw malformed("field number " + (key >>> 3) + " is out of range");
    }
    return (int) key;
  }

  long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = take("varint");
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw malformed("varint is longer than ten bytes");
  }

  double readDouble() {
    return Double.longBitsToDouble(readFixed64());
  }

  float readFloat() {
    return Float.intBitsToFloat(readFixed32());
  }

  String readString() {
    ProtoReader field = readMessage();
    return new String(bytes, field.position, field.end - field.position, StandardCharsets.UTF_8);
  }

  /** A reader over the next length-delimited value, which this reader then skips. */
  ProtoReader readMessage() {
    long length = readVarint();
    if (length < 0 || length > end - position) {
      throw malformed(
          "a length-delimited field claims "
              + Long.toUnsignedString(length)
              + " bytes but only "
              + (end - position)
              + " remain");
    }
    ProtoReader field = new ProtoReader(bytes, position, position + (int) length);
    position += (int) length;
    return field;
  }

  /** Skips the value of a field with wire type {@code key & 7}. */
  void skip(int key) {
    switch (key & 7) {
      case ProtoWriter.VARINT -> readVarint();
      case ProtoWriter.FIXED64 -> readFixed64();
      case ProtoWriter.LENGTH_DELIMITED -> readMessage();
      case ProtoWriter.FIXED32 -> readFixed32();
      default ->
          throw malformed(
              "field " + (key >>> 3) + " has wire type " + (key & 7) + ", which is not supported");
    }
  }

  /**
   * Checks that the known field {@code name} just read as {@code key} has {@code wireType}, and
   * returns this reader, positioned at its value: {@code in.field(key, FIXED64, "x").readDouble()}.
   *
   * @throws MalformedProtoException naming the field and its number if the wire type differs
   */
  ProtoReader field(int key, int wireType, String name) {
    if ((key & 7) != wireType) {
      throw malformed(name + " (field " + (key >>> 3) + ") has the wrong wire type " + (key & 7));
    }
    return this;
  }

  private long readFixed64() {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value |= (take("fixed64") & 0xFFL) << (8 * i);
    }
    return value;
  }

  private int readFixed32() {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      value |= (take("fixed32") & 0xFF) << (8 * i);
    }
    return value;
  }

  /** The next byte of a {@code what}, which must not run past the end of the message. */
  private byte take(String what) {
    if (position >= end) {
      throw malformed("a " + what + " is cut off by the end of the message");
    }
    return bytes[position++];
  }

  private MalformedProtoException malformed(String why) {
    return new MalformedProtoException("at byte " + position + ": " + why);
  }
}
