package io.learnopt.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few protobuf wire-format encodings that TensorBoard's {@code Event} needs, written by hand
 * because core has no runtime dependencies (https://protobuf.dev/programming-guides/encoding/).
 * Every field is a key — varint of {@code (field number << 3) | wire type} — followed by its value:
 * a varint (wire type 0), 8 little-endian bytes (1), a varint length and that many bytes (2), or 4
 * little-endian bytes (5).
 */
final class ProtoWriter {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private byte[] bytes = new byte[64];
  private int size;

  /** Appends a varint-encoded int64 field ({@code int64}, {@code uint64}, {@code enum}). */
  ProtoWriter int64(int field, long value) {
    key(field, VARINT);
    varint(value);
    return this;
  }

  /** Appends a {@code double} field: 8 bytes, IEEE 754, little-endian. */
  ProtoWriter doubleField(int field, double value) {
    key(field, FIXED64);
    fixed64(Double.doubleToRawLongBits(value));
    return this;
  }

  /** Appends a {@code float} field: 4 bytes, IEEE 754, little-endian. */
  ProtoWriter floatField(int field, float value) {
    key(field, FIXED32);
    fixed32(Float.floatToRawIntBits(value));
    return this;
  }

  /** Appends a {@code string} field as its UTF-8 bytes. */
  ProtoWriter string(int field, String value) {
    return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends an embedded message field: the message's encoding, length-delimited. */
  ProtoWriter message(int field, ProtoWriter message) {
    return bytesField(field, message.toByteArray());
  }

  /** The encoding so far. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private ProtoWriter bytesField(int field, byte[] value) {
    key(field, LENGTH_DELIMITED);
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
    return this;
  }

  private void key(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  /**
   * Seven bits per byte, least significant group first, high bit set on all but the last byte. A
   * negative int64 is its 64-bit two's complement, so it always takes ten bytes.
   */
  void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    bytes[size++] = (byte) value;
  }

  private void fixed64(long value) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  private void fixed32(int value) {
    ensure(4);
    for (int i = 0; i < 4; i++) {
      bytes[size++] = (byte) (value >>> (8 * i));
    }
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
    }
  }
}
