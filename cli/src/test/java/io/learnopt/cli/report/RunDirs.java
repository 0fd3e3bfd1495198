package io.learnopt.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fake eval run directories for the tests: a results.json in the documented shape and a plot. */
final class RunDirs {
  private RunDirs() {}

  /** A small SVG shaped like VectorGraphics2D's: prolog, DOCTYPE, fixed size, a clip path id. */
  static final String LOSS_SVG =
      """
      <?xml version="1.0" encoding="UTF-8" standalone="no"?>
      <!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" \
      "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
      <svg xmlns:xlink="http://www.w3.org/1999/xlink" height="600px" version="1.1" \
      width="900px" x="0px" y="0px" xmlns="http://www.w3.org/2000/svg">
        <title>quadratic: mean loss</title>
        <defs><clipPath id="clip1"><rect height="500" width="700" x="70" y="35"/></clipPath></defs>
        <rect height="600" style="fill:rgb(255,255,255);stroke:none;" width="900" x="0" y="0"/>
        <g clip-path="url(#clip1)"><path d="M70,40 L770,500" style="stroke:rgb(0,0,255);"/></g>
      </svg>
      """;

  /** The results.json of a three-optimizer quadratic run, with momentum best. */
  static String results(String title, String command) {
    return """
        {
          %s"problem": "quadratic",
          "steps": 50,
          "tasks": 20,
          "seed": 7,
          "optimizers": [
            {"name": "sgd", "lr": 0.01,
             "final_loss": {"mean": 1.2240345, "std": 1.2422211, "median": 0.84263336},
             "curve_mean": [10.5, 1.2240345]},
            {"name": "momentum", "lr": 0.031622776,
             "final_loss": {"mean": 0.31330271, "std": 0.74866, "median": 0.043440},
             "curve_mean": [10.5, 0.31330271]},
            {"name": "lstm", "model": "runs/quad.safetensors", "lr": null,
             "final_loss": {"mean": 0.33963, "std": 0.77199, "median": 0.044791},
             "curve_mean": [10.5, 0.33963]}
          ],
          "learnopt_version": "0.1.0",
          "command": %s
        }
        """
        .formatted(title == null ? "" : "\"title\": " + quote(title) + ",\n", quote(command));
  }

  /** A run directory with {@code results} as results.json and {@link #LOSS_SVG} as loss.svg. */
  static Path write(Path dir, String results) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("results.json"), results);
      Files.writeString(dir.resolve("loss.svg"), LOSS_SVG);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
