package io.learnopt.cli;

import java.util.List;

/**
 * One protocol of Andrychowicz et al. 2016 that {@code learnopt paper} runs: the learned optimizers
 * it compares (shipped models, or meta-trained first with {@code --retrain}) and its settings.
 *
 * @param id the {@code --experiment} value
 * @param title the report's title
 * @param models the learned optimizers, each evaluated on every setting
 * @param settings the comparisons, one directory each
 * @param defaultTasks test tasks per setting unless {@code --tasks}
 * @param defaultTuneTasks tuning tasks per learning rate unless {@code --tune-tasks}
 * @param note printed before the run (what the data stand for), or null
 */
record PaperSuite(
    String id,
    String title,
    List<Model> models,
    List<Setting> settings,
    int defaultTasks,
    int defaultTuneTasks,
    String note) {

  /**
   * A learned optimizer of the suite.
   *
   * @param name its name in tables and plots
   * @param file the shipped model under {@code models/}
   * @param problem the problem it is meta-trained on ({@code learnopt train --problem}, defaults
   *     from that problem's recipe, seed {@link #TRAIN_SEED})
   * @param perGroup one LSTM per parameter group ({@code train --per-group})
   */
  record Model(String name, String file, String problem, boolean perGroup) {}

  /** One comparison: {@code steps} optimizee steps of {@code problem}. */
  record Setting(String id, String problem, int steps, String title) {}

  /** Seed of every shipped model's meta-training (models/README.md records the commands). */
  static final long TRAIN_SEED = 1;

  /** The MNIST optimizee the paper's §3.2 optimizer is trained on. */
  static final String MNIST_BASE = "mnist-mlp:hidden=20,act=sigmoid,batch=128";

  /** The paper's §3.2: one optimizer trained on a sigmoid MLP, tested on variations of it. */
  static final PaperSuite MNIST =
      new PaperSuite(
          "mnist",
          "learnopt: learning to learn on MNIST (Andrychowicz et al. 2016)",
          List.of(new Model("lstm", "mnist-l2l.safetensors", MNIST_BASE, false)),
          List.of(
              new Setting(
                  "base-100", MNIST_BASE, 100, "Trained setting: MLP 20 sigmoid, 100 steps"),
              new Setting(
                  "base-200", MNIST_BASE, 200, "Longer horizon: 200 steps (trained on 100)"),
              new Setting(
                  "hidden-40",
                  "mnist-mlp:hidden=40,act=sigmoid,batch=128",
                  100,
                  "Wider network: 40 hidden units (trained on 20)"),
              new Setting(
                  "two-layers",
                  "mnist-mlp:hidden=20,20,act=sigmoid,batch=128",
                  100,
                  "Deeper network: two hidden layers of 20 (trained on one)"),
              new Setting(
                  "relu",
                  "mnist-mlp:hidden=20,act=relu,batch=128",
                  100,
                  "Other activation: ReLU (trained on sigmoid)")),
          100,
          20,
          null);

  /**
   * The paper's §3.3 (Fig. 5): one LSTM for convolution kernels and one for every other tensor,
   * trained on all ten classes; LSTM-sub trained only on classes 5–9, so that the 5- and 2-class
   * subsets (classes 0–4 and 0–1) are classes it never saw.
   */
  static final PaperSuite CONV =
      new PaperSuite(
          "conv",
          "learnopt: learning to learn on a convolutional net (Andrychowicz et al. 2016, §3.3)",
          List.of(
              new Model("lstm", "conv-l2l.safetensors", "cifar-conv", true),
              new Model("lstm-sub", "conv-l2l-sub.safetensors", "cifar-conv:classes=5-9", true)),
          List.of(
              new Setting("all-10", "cifar-conv", 100, "All ten classes (LSTM trained on them)"),
              new Setting(
                  "subset-5",
                  "cifar-conv:classes=0-4",
                  100,
                  "Classes 0–4 (LSTM-sub never saw them)"),
              new Setting(
                  "subset-2",
                  "cifar-conv:classes=0-1",
                  100,
                  "Classes 0–1 (LSTM-sub never saw them)")),
          50,
          3,
          "The conv net runs on the data of --data: CIFAR-10's binary files, or by default MNIST as"
              + " a stand-in (one input channel, classes are digits). The shipped models were"
              + " meta-trained on the MNIST stand-in; with CIFAR-10 pass --retrain.");

  /**
   * The paper's §3.4 (Figs. 6–7): an LSTM trained on styling 64×64 windows of 7 photographs with
   * one style, tested on the 4 held-out photographs at 64×64 and at 128×128, and with a second
   * style.
   */
  static final PaperSuite ART =
      new PaperSuite(
          "art",
          "learnopt: learning to learn neural art (Andrychowicz et al. 2016, §3.4)",
          List.of(new Model("lstm", "art-l2l.safetensors", "neural-art", false)),
          List.of(
              new Setting(
                  "test-64",
                  "neural-art:images=test",
                  100,
                  "Held-out photographs, 64×64, the training style"),
              new Setting(
                  "test-128",
                  "neural-art:size=128,images=test",
                  100,
                  "Held-out photographs at double resolution, 128×128 (trained on 64×64)"),
              new Setting(
                  "new-style",
                  "neural-art:style=wood,images=test",
                  100,
                  "Held-out photographs, 64×64, a style never seen (wood grain)")),
          20,
          3,
          "Features: a fixed three-scale conv net with seeded random weights (VGG-19's weights"
              + " cannot be fetched here; train and eval take them with --problem"
              + " neural-art:features=FILE).");

  /** The default output directory: {@code runs/paper} for mnist, else {@code runs/paper-ID}. */
  java.nio.file.Path defaultOut() {
    return java.nio.file.Path.of(this == MNIST ? "runs/paper" : "runs/paper-" + id);
  }

  /**
   * The settings named in {@code ids} (comma-separated), in the suite's order; all of them for
   * null.
   */
  List<Setting> settings(String ids) {
    return SuiteRun.select(settings, Setting::id, ids, "for " + id);
  }

  /** Every suite, by {@link #id}. */
  static final List<PaperSuite> ALL = List.of(MNIST, CONV, ART);

  /** The suite called {@code id}. */
  static PaperSuite named(String id) {
    for (PaperSuite s : ALL) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    throw new io.learnopt.UsageException(
        "unknown --experiment '"
            + id
            + "'; use one of "
            + ALL.stream().map(PaperSuite::id).toList());
  }
}
