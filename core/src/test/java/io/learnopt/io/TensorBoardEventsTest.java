package io.learnopt.io;

import static io.learnopt.FileErrorAssertions.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader verifies both CRCs of every record and names the first bad record; each message starts
 * with the file's path.
 */
class TensorBoardEventsTest {
  @TempDir Path dir;

  private Path file;
  private byte[] bytes;

  /** Byte offsets where each record starts, plus the file length at the end. */
  private final List<Integer> starts = new ArrayList<>();

  @BeforeEach
  void writeFourRecords() throws Exception {
    try (TensorBoardWriter tb =
        TensorBoardWriter.open(dir, InstantSource.fixed(Instant.ofEpochSecond(1_000_000)), "h")) {
      tb.scalar("loss", 1, 0.5);
      tb.scalars(2, Map.of("loss", 0.25));
      tb.scalar("loss", 3, 0.125);
      file = tb.file();
    }
    bytes = Files.readAllBytes(file);
    for (int at = 0; at < bytes.length; ) {
      starts.add(at);
      long length = 0;
      for (int i = 0; i < 8; i++) {
        length |= (bytes[at + i] & 0xFFL) << (8 * i);
      }
      at += TfRecord.OVERHEAD + (int) length;
    }
    starts.add(bytes.length);
    assertEquals(5, starts.size());
  }

  @Test
  void anIntactFileReads() {
    assertEquals(4, TensorBoardEvents.read(file).size());
  }

  @Test
  void aCorruptDataByteNamesItsRecord() throws Exception {
    int record = 2;
    bytes[starts.get(record) + 12 + 3] ^= 0x01;
    Files.write(file, bytes);
    assertFails(
        "record 2 (at byte " + starts.get(record) + "): the data's masked CRC-32C is stored as");
  }

  @Test
  void aCorruptLengthCrcNamesItsRecord() throws Exception {
    bytes[starts.get(1) + 9] ^= (byte) 0x80;
    Files.write(file, bytes);
    assertFails("record 1 (at byte " + starts.get(1) + "): the length's masked CRC-32C");
  }

  @Test
  void aCorruptLengthIsCaughtByItsCrcBeforeItIsTrusted() throws Exception {
    bytes[starts.get(3) + 7] = (byte) 0x7F; // would claim ~9e18 bytes
    Files.write(file, bytes);
    assertFails("record 3 (at byte " + starts.get(3) + "): the length's masked CRC-32C");
  }

  @Test
  void everySingleByteCorruptionIsCaughtInTheRecordThatHoldsIt() throws Exception {
    for (int at = 0; at < bytes.length; at++) {
      int record = 0;
      while (starts.get(record + 1) <= at) {
        record++;
      }
      int offset = at - starts.get(record);
      int dataEnd = starts.get(record + 1) - 4;
      String part = offset < 12 ? "length's" : "data's";
      byte[] corrupt = bytes.clone();
      corrupt[at] ^= (byte) 0xA5;
      Files.write(file, corrupt);
      assertFails(
          "record " + record + " (at byte " + starts.get(record) + "): the " + part + " masked",
          "byte " + at + (at >= dataEnd ? " (the data CRC)" : ""));
    }
  }

  @Test
  void aFileCutInsideTheDataIsTruncated() throws Exception {
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 1));
    assertFails("record 3 (at byte " + starts.get(3) + "): the header announces");
    int follow = bytes.length - 1 - starts.get(3) - 12;
    assertFails("but only " + follow + " bytes follow it; the file is truncated");
  }

  @Test
  void aFileCutInsideTheHeaderIsTruncated() throws Exception {
    Files.write(file, Arrays.copyOf(bytes, starts.get(3) + 5));
    assertFails(
        "record 3 (at byte "
            + starts.get(3)
            + "): the file ends inside the 12-byte record header (only 5 bytes remain)");
  }

  @Test
  void validFramingAroundSomethingThatIsNotAnEventIsReported() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(TfRecord.frame(EventProto.fileVersion(1)));
    // field 1 (wall_time) as a varint instead of a double
    out.write(TfRecord.frame(HexFormat.of().parseHex("0801")));
    Files.write(file, out.toByteArray());
    assertFails("record 1 has valid CRCs but is not a valid Event proto");
    assertFails("Event.wall_time (field 1) has the wrong wire type 0");

    // a varint whose continuation bit runs off the end
    Files.write(file, TfRecord.frame(new byte[] {0x10, (byte) 0x80}));
    assertFails("record 0 has valid CRCs but is not a valid Event proto (at byte 2: a varint");

    // a length-delimited field longer than the message
    Files.write(file, TfRecord.frame(new byte[] {0x1a, 0x05, 'b'}));
    assertFails("claims 5 bytes but only 1 remain");
  }

  @Test
  void anEmptyFileHasNoEvents() throws Exception {
    Files.write(file, new byte[0]);
    assertEquals(List.of(), TensorBoardEvents.read(file));
  }

  @Test
  void aMissingFileIsReportedByName() {
    file = dir.resolve("events.out.tfevents.nope");
    assertFails("no such file; check the path");
  }

  private void assertFails(String problem) {
    assertFails(problem, "");
  }

  private void assertFails(String problem, String context) {
    assertFailsWith(file, problem, () -> TensorBoardEvents.read(file), context);
  }
}
