package io.learnopt.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.io.TensorBoardEvents.Event;
import io.learnopt.io.TensorBoardEvents.Scalar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Writing scalars and reading them back through the verifying reader. */
class TensorBoardWriterTest {
  @TempDir Path dir;

  private static final Instant START = Instant.ofEpochSecond(1_700_000_000L, 250_000_000);

  /** A clock that advances by one second each time it is read. */
  private static InstantSource ticking() {
    return new InstantSource() {
      private Instant next = START;

      @Override
      public Instant instant() {
        Instant now = next;
        next = next.plusSeconds(1);
        return now;
      }
    };
  }

  @Test
  void scalarsRoundTripAfterTheFileVersionEvent() {
    Map<String, Double> batch = new LinkedHashMap<>();
    batch.put("loss/train", 0.1);
    batch.put("loss/validation", -3.5e-7);
    batch.put("lr", 1e-3);
    Path file;
    try (TensorBoardWriter tb = TensorBoardWriter.open(dir.resolve("runs/adam"), ticking(), "h")) {
      tb.scalar("loss/train", 0, 2.5);
      tb.scalars(10, batch);
      tb.scalar("loss/train", 1L << 40, Double.NaN);
      tb.scalar("big", 11, 1e300);
      file = tb.file();
    }
    List<Event> events = TensorBoardEvents.read(file);
    assertEquals(5, events.size());
    assertEquals(new Event(1_700_000_000.25, 0, "brain.Event:2", List.of()), events.get(0));
    assertEquals(
        new Event(1_700_000_001.25, 0, null, List.of(new Scalar("loss/train", 2.5f))),
        events.get(1));
    assertEquals(
        new Event(
            1_700_000_002.25,
            10,
            null,
            List.of(
                new Scalar("loss/train", 0.1f),
                new Scalar("loss/validation", -3.5e-7f),
                new Scalar("lr", 1e-3f))),
        events.get(2));
    assertEquals(1L << 40, events.get(3).step());
    assertTrue(Float.isNaN(events.get(3).scalars().getFirst().value()));
    assertEquals(Float.POSITIVE_INFINITY, events.get(4).scalars().getFirst().value());
  }

  @Test
  void theFileIsNamedLikeTensorFlowsWithASafeHostName() {
    Path logDir = dir.resolve("a/b");
    try (TensorBoardWriter tb =
        TensorBoardWriter.open(logDir, InstantSource.fixed(START), "gpu box/1:ä")) {
      assertEquals(logDir.resolve("events.out.tfevents.1700000000.gpu_box_1__"), tb.file());
      assertTrue(Files.isRegularFile(tb.file()));
    }
  }

  @Test
  void aSecondWriterInTheSameSecondGetsItsOwnFile() {
    InstantSource clock = InstantSource.fixed(START);
    try (TensorBoardWriter first = TensorBoardWriter.open(dir, clock, "h");
        TensorBoardWriter second = TensorBoardWriter.open(dir, clock, "h")) {
      first.scalar("x", 1, 1);
      second.scalar("x", 1, 2);
      assertEquals("events.out.tfevents.1700000000.h", first.file().getFileName().toString());
      assertEquals("events.out.tfevents.1700000000.h.1", second.file().getFileName().toString());
      assertEquals(1f, TensorBoardEvents.read(first.file()).get(1).scalars().getFirst().value());
      assertEquals(2f, TensorBoardEvents.read(second.file()).get(1).scalars().getFirst().value());
    }
  }

  @Test
  void theRealClockAndHostNameGiveTheStandardPattern() {
    long before = Instant.now().getEpochSecond();
    try (TensorBoardWriter tb = TensorBoardWriter.open(dir)) {
      String name = tb.file().getFileName().toString();
      assertTrue(name.matches("events\\.out\\.tfevents\\.\\d{10}\\.[A-Za-z0-9._-]+"), name);
      long seconds = Long.parseLong(name.split("\\.")[3]);
      assertTrue(seconds >= before && seconds <= before + 60, name);
    }
  }

  @Test
  void everyBatchIsInTheFileBeforeTheWriterIsClosed() {
    try (TensorBoardWriter tb = TensorBoardWriter.open(dir, ticking(), "h")) {
      assertEquals("brain.Event:2", TensorBoardEvents.read(tb.file()).getFirst().fileVersion());
      for (int step = 1; step <= 3; step++) {
        tb.scalars(step, Map.of("a", step, "b", -step));
        List<Event> events = TensorBoardEvents.read(tb.file());
        assertEquals(step + 1, events.size());
        assertEquals(step, events.getLast().step());
        assertEquals(2, events.getLast().scalars().size());
      }
      tb.flush();
      assertEquals(4, TensorBoardEvents.read(tb.file()).size());
    }
  }

  @Test
  void anEmptyBatchWritesNothing() {
    try (TensorBoardWriter tb = TensorBoardWriter.open(dir, ticking(), "h")) {
      tb.scalars(5, Map.of());
      List<Event> events = TensorBoardEvents.read(tb.file());
      assertEquals(1, events.size());
      assertEquals("brain.Event:2", events.getFirst().fileVersion());
    }
  }

  @Test
  void rejectsEmptyTagsAndUseAfterClose() {
    TensorBoardWriter tb = TensorBoardWriter.open(dir, ticking(), "h");
    assertThrows(IllegalArgumentException.class, () -> tb.scalar("", 1, 1));
    assertThrows(IllegalArgumentException.class, () -> tb.scalars(1, Map.of("", 1)));
    assertThrows(NullPointerException.class, () -> tb.scalar(null, 1, 1));
    tb.close();
    tb.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> tb.scalar("x", 1, 1));
    assertTrue(e.getMessage().contains(tb.file().toString()), e.getMessage());
    assertThrows(IllegalStateException.class, tb::flush);
    // Nothing invalid reached the file.
    assertEquals(1, TensorBoardEvents.read(tb.file()).size());
  }

  @Test
  void aLogDirectoryThatIsAFileIsReportedByName() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain"), "x");
    var e =
        assertThrows(
            io.learnopt.LearnoptException.class,
            () -> TensorBoardWriter.open(notADir, ticking(), "h"));
    assertTrue(e.getMessage().contains(notADir.toString()), e.getMessage());
  }

  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource({
    "node-7.cluster_a, node-7.cluster_a",
    "'', localhost",
    "a b/c\\d:e, a_b_c_d_e",
    "'..', '..'"
  })
  void hostNamesKeepOnlyFileNameSafeCharacters(String hostname, String expected) {
    assertEquals(expected, TensorBoardWriter.safeHostname(hostname));
  }

  @Test
  void longHostNamesAreCut() {
    assertEquals("x".repeat(64), TensorBoardWriter.safeHostname("x".repeat(300)));
    assertTrue(!TensorBoardWriter.hostname().isEmpty());
  }
}
