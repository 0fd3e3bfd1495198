package io.learnopt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.learnopt.io.TensorBoardEvents.Event;
import io.learnopt.io.TensorBoardEvents.Scalar;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for the bytes of an event file: CRC-32C and TensorFlow's mask, the TFRecord frame,
 * varints, and whole {@code Event} protos derived by hand from the protobuf encoding rules.
 */
class TensorBoardEncodingTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void crc32cOfTheStandardCheckStringAndItsMask() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    CRC32C crc = new CRC32C();
    crc.update(check);
    // The CRC-32C check value (Castagnoli polynomial, reflected, as in RFC 3720).
    assertEquals(0xE3069283L, crc.getValue());
    // crc          = 1110 0011 0000 0110 1|001 0010 1000 0011 = 0xE3069283
    // crc >>> 15   = the top 17 bits      = 0x0001C60D
    // crc << 17    = the low 15 bits 0x1283 moved to the top = 0x25060000
    // rotated      = 0x2507C60D
    // + 0xA282EAD8 = 0xC78AB0E5 (no carry out of bit 31)
    assertEquals(0xC78AB0E5, TfRecord.maskedCrc32c(check, 0, check.length));
    assertEquals(0xC78AB0E5, TfRecord.mask(0xE3069283));
  }

  /** RFC 3720 (iSCSI), appendix B.4: CRC-32C of four 32-byte patterns. */
  static Stream<Arguments> iscsiVectors() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    byte[] up = new byte[32];
    byte[] down = new byte[32];
    for (int i = 0; i < 32; i++) {
      ones[i] = (byte) 0xFF;
      up[i] = (byte) i;
      down[i] = (byte) (31 - i);
    }
    return Stream.of(
        Arguments.of("32 zeros", zeros, 0x8A9136AA),
        Arguments.of("32 ones", ones, 0x62A8AB43),
        Arguments.of("ascending", up, 0x46DD794E),
        Arguments.of("descending", down, 0x113FDB5C));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("iscsiVectors")
  void crc32cMatchesTheIscsiVectors(String name, byte[] data, int expected) {
    assertEquals(expected, crc32cBitwise(data));
    assertEquals(TfRecord.mask(expected), TfRecord.maskedCrc32c(data, 0, data.length));
  }

  @Test
  void maskIsARotationPlusTheConstantModuloTwoToThe32() {
    assertEquals(0xA282EAD8, TfRecord.mask(0));
    // 0x8000 >>> 15 = 1; 1 + 0xA282EAD8 = 0xA282EAD9
    assertEquals(0xA282EAD9, TfRecord.mask(0x8000));
    // 0xFFFFFFFF rotates to itself; + 0xA282EAD8 wraps to 0xA282EAD7
    assertEquals(0xA282EAD7, TfRecord.mask(0xFFFFFFFF));
  }

  @Test
  void anEmptyRecordIsAZeroLengthItsCrcAndTheMaskOfTheEmptyCrc() {
    byte[] record = TfRecord.frame(new byte[0]);
    // length 0 as 8 little-endian bytes, mask(crc32c(those 8 bytes)), no data, and
    // mask(crc32c("")) = mask(0) = 0xA282EAD8, stored little-endian as d8 ea 82 a2.
    assertEquals(
        "0000000000000000" + le32(TfRecord.mask(crc32cBitwise(new byte[8]))) + "d8ea82a2",
        HEX.formatHex(record));
  }

  @Test
  void aRecordIsLengthLengthCrcDataDataCrcLittleEndian() {
    byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
    byte[] lengthBytes = HEX.parseHex("0500000000000000");
    String expected =
        "0500000000000000"
            + le32(TfRecord.mask(crc32cBitwise(lengthBytes)))
            + "68656c6c6f"
            + le32(TfRecord.mask(crc32cBitwise(data)));
    assertEquals(expected, HEX.formatHex(TfRecord.frame(data)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0, 00",
    "1, 01",
    "127, 7f",
    "128, 8001",
    "300, ac02",
    "-1, ffffffffffffffffff01",
    "9223372036854775807, ffffffffffffffff7f",
    "-9223372036854775808, 80808080808080808001"
  })
  void varintsAreSevenBitGroupsLeastSignificantFirst(long value, String hex) {
    ProtoWriter out = new ProtoWriter();
    out.varint(value);
    assertEquals(hex, HEX.formatHex(out.toByteArray()));
    assertEquals(value, new ProtoReader(HEX.parseHex(hex)).readVarint());
  }

  @Test
  void aScalarEventEncodesByteForByte() {
    // Event { wall_time: 1.5, step: 300, summary { value { tag: "loss", simple_value: 0.25 } } }
    //
    // 09                       key: field 1 (wall_time) << 3 | wire type 1 (64-bit)
    // 00 00 00 00 00 00 f8 3f  1.5 = 0x3FF8000000000000, little-endian
    // 10                       key: field 2 (step) << 3 | wire type 0 (varint)
    // ac 02                    300 = 0b10_0101100: 0101100 | 0x80 = 0xac, then 0b10 = 0x02
    // 2a                       key: field 5 (summary) << 3 | wire type 2 (length-delimited)
    // 0d                       13 bytes of Summary follow
    //   0a                     key: Summary field 1 (value) << 3 | 2
    //   0b                     11 bytes of Value follow
    //     0a 04 6c 6f 73 73    Value field 1 (tag) << 3 | 2, length 4, "loss"
    //     15                   key: Value field 2 (simple_value) << 3 | wire type 5 (32-bit)
    //     00 00 80 3e          0.25f = 0x3E800000, little-endian
    String expected =
        "09000000000000f83f" + "10ac02" + "2a0d" + "0a0b" + "0a046c6f7373" + "150000803e";
    byte[] event = EventProto.scalars(1.5, 300, List.of(new Scalar("loss", 0.25f)));
    assertEquals(expected, HEX.formatHex(event));
    assertEquals(27, event.length);
    assertEquals(
        new Event(1.5, 300, null, List.of(new Scalar("loss", 0.25f))), EventProto.decode(event));
  }

  @Test
  void theFileVersionEventEncodesByteForByte() {
    // Event { wall_time: 1.5, file_version: "brain.Event:2" }; step 0 is omitted, as proto3 does.
    //
    // 09 00 00 00 00 00 00 f8 3f   wall_time 1.5 as above
    // 1a                           key: field 3 (file_version) << 3 | 2
    // 0d                           13 bytes: "brain.Event:2"
    String expected =
        "09000000000000f83f"
            + "1a0d"
            + HEX.formatHex("brain.Event:2".getBytes(StandardCharsets.US_ASCII));
    byte[] event = EventProto.fileVersion(1.5);
    assertEquals(expected, HEX.formatHex(event));
    assertEquals(new Event(1.5, 0, "brain.Event:2", List.of()), EventProto.decode(event));
  }

  @Test
  void severalValuesShareOneSummaryAndNegativeStepsTakeTenBytes() {
    List<Scalar> scalars = List.of(new Scalar("a", 1f), new Scalar("b/c", -2f));
    byte[] event = EventProto.scalars(2.0, -1, scalars);
    // 09 + 2.0 (0x4000000000000000), then step -1 as a ten-byte varint, then the summary (22 bytes)
    // holding two Values of 3 + 5 and 5 + 5 bytes; 1f = 0x3F800000, -2f = 0xC0000000.
    String expected =
        "090000000000000040"
            + "10ffffffffffffffffff01"
            + "2a16"
            + "0a08"
            + "0a0161"
            + "150000803f"
            + "0a0a"
            + "0a03622f63"
            + "15000000c0";
    assertEquals(expected, HEX.formatHex(event));
    assertEquals(new Event(2.0, -1, null, scalars), EventProto.decode(event));
  }

  @Test
  void decodingSkipsUnknownFieldsAndNonSimpleValues() {
    String event =
        "09000000000000f83f"
            + "1002"
            // source_metadata (field 10): { writer: "x" }
            + "5203"
            + "0a0178"
            // summary: 26 bytes
            + "2a1a"
            // a Value with node_name (7), metadata (9), tag "t" and simple_value 0.25: 15 bytes
            + "0a0f"
            + "3a016e"
            + "4a02"
            + "1001"
            + "0a0174"
            + "150000803e"
            // a Value holding an image (field 4) instead of a simple value: 7 bytes, skipped
            + "0a07"
            + "0a0169"
            + "22020801";
    assertEquals(
        new Event(1.5, 2, null, List.of(new Scalar("t", 0.25f))),
        EventProto.decode(HEX.parseHex(event)));
  }

  /** CRC-32C one bit at a time (reflected polynomial 0x82F63B78), independent of the JDK's. */
  private static int crc32cBitwise(byte[] data) {
    int crc = 0xFFFFFFFF;
    for (byte b : data) {
      crc ^= b & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F63B78 : crc >>> 1;
      }
    }
    return ~crc;
  }

  private static String le32(int value) {
    return HEX.formatHex(
        new byte[] {
          (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
        });
  }
}
