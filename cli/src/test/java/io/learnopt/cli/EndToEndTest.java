package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnopt.io.Safetensors;
import io.learnopt.io.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → eval on a tiny problem: every promised file exists and has the documented shape. */
class EndToEndTest {
  @TempDir Path dir;

  @Test
  void trainThenEvalWritesModelResultsCurvesAndPlots() throws IOException {
    Path model = dir.resolve("m.safetensors");
    CliRun train = CliRun.of(BadInputTest.tinyTrain(model, "3"));
    assertEquals(0, train.exitCode(), train.err());
    SafetensorsFile file = Safetensors.read(model);
    assertEquals("learnopt.lstm-optimizer", file.metadata("format"));
    assertEquals("quadratic:dim=3", file.metadata("problem"));
    assertEquals("raw", file.metadata("preprocessing"));
    assertEquals("6", file.metadata("hidden"));
    assertTrue(file.metadata("command").startsWith("learnopt train --problem"));
    assertTrue(Files.readAllLines(dir.resolve("m.log.csv")).size() == 4, "header + 3 epochs");

    Path out = dir.resolve("eval");
    CliRun eval =
        CliRun.of(
            "eval",
            "--problem",
            "quadratic:dim=3",
            "--optimizers",
            model + ",sgd,adam:lr=0.05",
            "--steps",
            "10",
            "--tasks",
            "4",
            "--seed",
            "3",
            "--threads",
            "2",
            "--out",
            out.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(eval.out().contains("log10 mean"), eval.out());
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals("quadratic:dim=3", json.get("problem").asText());
    assertEquals(10, json.get("steps").asInt());
    assertEquals(4, json.get("tasks").asInt());
    assertEquals(3, json.get("seed").asInt());
    JsonNode optimizers = json.get("optimizers");
    assertEquals(3, optimizers.size());
    assertEquals("lstm", optimizers.get(0).get("name").asText());
    assertTrue(optimizers.get(0).get("lr").isNull());
    assertEquals(0.05, optimizers.get(2).get("lr").asDouble(), 1e-12);
    assertTrue(optimizers.get(1).get("lr").asDouble() > 0, "sgd's tuned rate");
    for (JsonNode o : optimizers) {
      assertEquals(11, o.get("curve_mean").size());
      assertTrue(o.get("ms_per_step").asDouble() > 0, "the measured cost of a step");
      for (String key : List.of("mean", "std", "median")) {
        assertTrue(o.get("final_loss").get(key).isNumber(), key);
      }
    }
    assertNull(optimizers.get(0).get("lr_grid"));
    JsonNode grid = optimizers.get(1).get("lr_grid");
    assertTrue(grid.get("rates").size() >= 9, "the nine rates of the grid, or more if extended");
    assertEquals(grid.get("rates").size(), grid.get("mean_final_loss").size());
    assertTrue(grid.get("best_at_edge").isBoolean());
    List<String> csv = Files.readAllLines(out.resolve("curves.csv"));
    assertEquals("optimizer,step,mean,ci95_low,ci95_high", csv.get(0));
    assertEquals(1 + 3 * 11, csv.size());
    byte[] png = Files.readAllBytes(out.resolve("loss.png"));
    assertEquals((byte) 0x89, png[0]);
    assertEquals('P', png[1]);
    assertTrue(Files.readString(out.resolve("loss.svg")).contains("<svg"));
  }

  @Test
  void resumeContinuesToTheRequestedEpochs() {
    Path model = dir.resolve("r.safetensors");
    CliRun first = CliRun.of(BadInputTest.tinyTrain(model, "2"));
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("Trained 2 epochs in "), first.out());
    String[] more = BadInputTest.tinyTrain(model, "4");
    String[] resume = java.util.Arrays.copyOf(more, more.length + 1);
    resume[resume.length - 1] = "--resume";
    CliRun run = CliRun.of(resume);
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Resuming from"), run.out());
    assertEquals("4", Safetensors.read(model).metadata("epochs"));
    // The summary counts the epochs this run trained, not the total.
    assertTrue(
        run.out()
            .contains(
                "Trained 2 of 4 epochs (resumed at epoch 2 from "
                    + dir.resolve("r.ckpt.safetensors")
                    + ")"),
        run.out());
  }

  @Test
  void tensorBoardLogHasOneEventPerEpochWithValidCrcs() throws IOException {
    Path model = dir.resolve("tb.safetensors");
    Path board = dir.resolve("board");
    String[] args = BadInputTest.tinyTrain(model, "3");
    args = java.util.Arrays.copyOf(args, args.length + 2);
    args[args.length - 2] = "--tensorboard";
    args[args.length - 1] = board.toString();
    assertEquals(0, CliRun.of(args).exitCode());
    List<Path> files;
    try (var listing = Files.list(board)) {
      files = listing.toList();
    }
    assertEquals(1, files.size());
    assertTrue(files.get(0).getFileName().toString().startsWith("events.out.tfevents."));
    var events = io.learnopt.io.TensorBoardEvents.read(files.get(0));
    assertEquals("brain.Event:2", events.get(0).fileVersion());
    assertEquals(4, events.size(), "file version + 3 epochs");
    for (int epoch = 0; epoch < 3; epoch++) {
      var event = events.get(epoch + 1);
      assertEquals(epoch, event.step());
      assertEquals("meta/mean_loss", event.scalars().get(0).tag());
      assertEquals("validation/final_loss", event.scalars().get(2).tag());
    }
  }

  @Test
  void helpExplainsEveryCommand() {
    for (String command : List.of("train", "eval", "demo", "paper", "report")) {
      CliRun run = CliRun.of(command, "--help");
      assertEquals(0, run.exitCode());
      assertTrue(run.out().contains("Usage: learnopt " + command), run.out());
    }
  }
}
