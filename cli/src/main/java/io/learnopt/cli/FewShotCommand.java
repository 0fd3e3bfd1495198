package io.learnopt.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;

/** {@code learnopt fewshot}: few-shot learning with learned optimizers on Omniglot. */
@Command(
    name = "fewshot",
    mixinStandardHelpOptions = true,
    description = {
      "Few-shot classification on Omniglot with meta-learned optimizers: the meta-learner LSTM "
          + "(Ravi & Larochelle 2017), first-order MAML, the L2L LSTM with a learned "
          + "initialization, and non-meta baselines.",
      "",
      "Examples:",
      "  learnopt fewshot train --method metalstm --ways 5 --shots 1 \\",
      "      --out runs/metalstm-5w1s.safetensors",
      "  learnopt fewshot eval --ways 5 --shots 1 --episodes 600 --out runs/fewshot-5w1s"
    },
    subcommands = {FewShotTrainCommand.class, FewShotEvalCommand.class})
final class FewShotCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where the shipped model of {@code method} for {@code ways}-way {@code shots}-shot lives. */
  static Path shippedModel(String method, int ways, int shots) {
    return Path.of(
        System.getProperty("learnopt.home", "."),
        "models",
        "fewshot",
        method + "-" + ways + "way-" + shots + "shot.safetensors");
  }
}
