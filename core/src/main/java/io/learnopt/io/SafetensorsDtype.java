package io.learnopt.io;

import java.nio.ByteBuffer;

/** The safetensors element types learnopt can read, each widened or narrowed to float32. */
enum SafetensorsDtype {
  F64(8),
  F32(4),
  F16(2),
  BF16(2);

  final int bytes;

  SafetensorsDtype(int bytes) {
    this.bytes = bytes;
  }

  /** Reads one little-endian element from {@code buf} as the nearest float. */
  float read(ByteBuffer buf) {
    return switch (this) {
      case F64 -> (float) buf.getDouble();
      case F32 -> buf.getFloat();
      case F16 -> Float.float16ToFloat(buf.getShort());
      // bfloat16 is the top half of a float32, so widening is exact.
      case BF16 -> Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
    };
  }

  /** The dtype called {@code name} in a header, or null if learnopt cannot read it. */
  static SafetensorsDtype named(String name) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return d;
      }
    }
    return null;
  }
}
