package io.learnopt.data.omniglot;

import io.learnopt.LearnoptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Lake's official one-shot runs ({@code all_runs.zip}) as episodes. Run {@code runNN} holds
 * {@code training/*.png} (one drawing of each class), {@code test/*.png} (the images to classify)
 * and {@code class_labels.txt}, one line {@code runNN/test/<image> runNN/training/<image>} per test
 * image naming the training image of the same character.
 *
 * <p>Support image {@code k} is the {@code k}-th training image by file name, with label {@code k};
 * query images are the test images in file-name order, labelled by {@code class_labels.txt}. Lake's
 * 20 runs are thus 20-way 1-shot episodes with 1 query per class.
 */
final class OfficialRuns {
  private static final String LABELS = "class_labels.txt";
  private static final String TRAINING = "training";
  private static final String TEST = "test";

  private OfficialRuns() {}

  /** One run's entries: images by entry name (sorted) and the bytes of its labels file. */
  private static final class Run {
    final Map<String, byte[]> training = new TreeMap<>();
    final Map<String, byte[]> test = new TreeMap<>();
    byte[] labels;
  }

  /**
   * The runs of {@code zip} in folder-name order.
   *
   * @throws LearnoptException naming the zip (and run or entry) and ending in {@code fix} if the
   *     zip is missing or damaged, a run lacks {@code class_labels.txt} or images, a line of it is
   *     malformed or names an image not in the zip, a test image is not listed exactly once, or an
   *     image is not a 105 × 105 PNG
   */
  static List<Episode> read(Path zip, String fix) {
    Map<String, Run> runs = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : ZipEntries.read(zip, fix).entrySet()) {
      String[] parts = e.getKey().split("/", -1);
      Run run = runs.computeIfAbsent(parts[0], k -> new Run());
      if (parts.length == 2 && parts[1].equals(LABELS)) {
        run.labels = e.getValue();
      } else if (parts.length == 3 && parts[1].equals(TRAINING) && parts[2].endsWith(".png")) {
        run.training.put(e.getKey(), e.getValue());
      } else if (parts.length == 3 && parts[1].equals(TEST) && parts[2].endsWith(".png")) {
        run.test.put(e.getKey(), e.getValue());
      } else {
        throw new LearnoptException(
            zip
                + ": unexpected entry "
                + e.getKey()
                + "; a run folder holds only "
                + LABELS
                + ", "
                + TRAINING
                + "/*.png and "
                + TEST
                + "/*.png; "
                + fix);
      }
    }
    if (runs.isEmpty()) {
      throw new LearnoptException(zip + ": holds no runs; " + fix);
    }
    List<Episode> episodes = new ArrayList<>();
    for (Map.Entry<String, Run> run : runs.entrySet()) {
      episodes.add(episode(zip, run.getKey(), run.getValue(), fix));
    }
    return episodes;
  }

  private static Episode episode(Path zip, String name, Run run, String fix) {
    String labelsFile = name + "/" + LABELS;
    if (run.labels == null || run.training.isEmpty() || run.test.isEmpty()) {
      throw new LearnoptException(
          zip
              + ": run "
              + name
              + " lacks "
              + (run.labels == null
                  ? labelsFile
                  : run.training.isEmpty() ? "training images" : "test images")
              + "; every run needs "
              + LABELS
              + ", "
              + TRAINING
              + "/ and "
              + TEST
              + "/ — "
              + fix);
    }
    List<String> classes = new ArrayList<>(run.training.keySet());
    Map<String, Integer> classOf = new HashMap<>();
    for (String training : classes) {
      classOf.put(training, classOf.size());
    }
    Map<String, Integer> truth = parseLabels(zip, name, run, classOf, fix);
    int ways = classes.size();
    int[] perClass = new int[ways];
    truth.values().forEach(c -> perClass[c]++);
    for (int c = 1; c < ways; c++) {
      if (perClass[c] != perClass[0]) {
        throw new LearnoptException(
            zip
                + ": "
                + labelsFile
                + " gives "
                + perClass[c]
                + " test images to "
                + classes.get(c)
                + " but "
                + perClass[0]
                + " to "
                + classes.get(0)
                + "; a run needs the same number for each training image — "
                + fix);
      }
    }
    int[] supportLabels = new int[ways];
    for (int c = 0; c < ways; c++) {
      supportLabels[c] = c;
    }
    List<String> tests = new ArrayList<>(run.test.keySet());
    int[] queryLabels = new int[tests.size()];
    for (int q = 0; q < queryLabels.length; q++) {
      queryLabels[q] = truth.get(tests.get(q));
    }
    return new Episode(
        ways,
        1,
        perClass[0],
        decode(zip, run.training, fix),
        supportLabels,
        decode(zip, run.test, fix),
        queryLabels);
  }

  /** The images of {@code pngs} in order, flattened into one array. */
  private static float[] decode(Path zip, Map<String, byte[]> pngs, String fix) {
    float[] images = new float[pngs.size() * Omniglot.PIXELS];
    int i = 0;
    for (Map.Entry<String, byte[]> png : pngs.entrySet()) {
      float[] image = DrawingPng.decode(png.getValue(), zip, png.getKey(), fix);
      System.arraycopy(image, 0, images, i++ * Omniglot.PIXELS, Omniglot.PIXELS);
    }
    return images;
  }

  /** Test image → class from {@code class_labels.txt}; every test image exactly once. */
  private static Map<String, Integer> parseLabels(
      Path zip, String name, Run run, Map<String, Integer> classOf, String fix) {
    String labelsFile = name + "/" + LABELS;
    String text = new String(run.labels, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    Map<String, Integer> truth = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = zip + ": " + labelsFile + " line " + (i + 1);
      String[] pair = line.split("\\s+");
      if (pair.length != 2) {
        throw new LearnoptException(where + " is not '<test image> <training image>'; " + fix);
      }
      if (!run.test.containsKey(pair[0]) || !classOf.containsKey(pair[1])) {
        boolean test = !run.test.containsKey(pair[0]);
        throw new LearnoptException(
            where
                + " names "
                + (test ? pair[0] : pair[1])
                + ", which is not among the "
                + (test ? TEST : TRAINING)
                + " images of "
                + name
                + " in the zip; "
                + fix);
      }
      if (truth.put(pair[0], classOf.get(pair[1])) != null) {
        throw new LearnoptException(where + " lists " + pair[0] + " a second time; " + fix);
      }
    }
    for (String test : run.test.keySet()) {
      if (!truth.containsKey(test)) {
        throw new LearnoptException(
            zip
                + ": "
                + labelsFile
                + " has no line for "
                + test
                + ", so its class is unknown; "
                + fix);
      }
    }
    return truth;
  }
}
