package io.learnopt.cli;

import io.learnopt.Version;
import io.learnopt.cli.report.ReportCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The root command: lists the subcommands. */
@Command(
    name = "learnopt",
    mixinStandardHelpOptions = true,
    versionProvider = LearnoptCommand.VersionProvider.class,
    description = {
      "Learned optimizers on the JVM: meta-train an LSTM optimizer (Andrychowicz et al. 2016), "
          + "compare it with tuned hand-designed optimizers, save it and reuse it.",
      "",
      "Start with 'learnopt demo'."
    },
    subcommands = {
      DemoCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      PaperCommand.class,
      GeneralizeCommand.class,
      ReportCommand.class,
      BenchCommand.class,
      FewShotCommand.class
    })
public final class LearnoptCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints the project version. */
  public static final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"learnopt " + Version.get() + " (Java " + Runtime.version() + ")"};
    }
  }
}
