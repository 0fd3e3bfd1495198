package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.fewshot.FewShotMethods;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help, rendered at picocli's default width of 80 columns: no picocli warning (an
 * unescaped {@code %} in a description), example lines printed whole, no line that ends inside a
 * path or a spec, and the statements that must agree with the code or with README.md.
 */
class HelpTest {
  /** File extensions a wrap may split off a path ({@code runs/fewshot.} + {@code html}). */
  private static final Pattern EXTENSION =
      Pattern.compile("(safetensors|html|csv|json|png|svg|log|ckpt)\\b.*");

  @Test
  void everyHelpRendersWithoutWarningsAndWithoutBreakingAPathOrAnExample() {
    Map<String, String> helps = helps();
    assertTrue(helps.size() >= 10, "commands found: " + helps.keySet());
    for (Map.Entry<String, String> entry : helps.entrySet()) {
      String name = entry.getKey();
      String help = entry.getValue();
      assertFalse(help.contains("[picocli WARN]"), name + ":\n" + help);
      List<String> lines = help.lines().toList();
      for (int i = 0; i + 1 < lines.size(); i++) {
        String before = lastToken(lines.get(i));
        String after = lines.get(i + 1).strip();
        assertFalse(
            splitsAPath(before, after),
            name
                + " --help breaks a path or spec between lines "
                + i
                + " and "
                + (i + 1)
                + ":\n"
                + lines.get(i)
                + "\n"
                + lines.get(i + 1));
      }
    }
  }

  @Test
  void exampleLinesArePrintedAsWritten() {
    forEachCommand(
        (name, cli) -> {
          List<String> lines = render(cli).lines().toList();
          for (String line : cli.getCommandSpec().usageMessage().description()) {
            if (HelpLayout.verbatim(line)) {
              assertTrue(lines.contains(line), name + " --help lacks the line '" + line + "'");
            }
          }
        });
  }

  @Test
  void theWarningWouldBeCaught() {
    // A description with a bare % makes picocli warn on stderr; the test above would see it.
    @CommandLine.Command(name = "bad", description = "costs 30% more")
    class Bad implements Runnable {
      @Override
      public void run() {}
    }
    assertTrue(render(new CommandLine(new Bad())).contains("[picocli WARN]"));
  }

  @Test
  void fewShotTrainListsEveryMetaLearnedMethod() {
    String help = helps().get("learnopt fewshot train");
    for (String method : FewShotMethods.META_LEARNED) {
      assertTrue(help.contains(method), method + " missing from:\n" + help);
    }
  }

  @Test
  void clipZeroMeansOffInBothTrainingCommands() {
    Map<String, String> helps = helps();
    for (String command : List.of("learnopt train", "learnopt fewshot train")) {
      String clip = optionHelp(helps.get(command), "--clip").replaceAll("\\s+", " ");
      assertTrue(clip.contains("0 = off"), command + ": " + clip);
    }
  }

  @Test
  void recomputeCostIsStatedOnceAndReadmeSaysTheSame() throws Exception {
    String cost = String.format(TrainCommand.RECOMPUTE_COST);
    String help = optionHelp(helps().get("learnopt train"), "--recompute").replaceAll("\\s+", " ");
    assertTrue(help.contains(cost), help);
    String readme = Files.readString(Path.of("..", "README.md")).replaceAll("\\s+", " ");
    assertTrue(readme.contains(cost), "README.md should state: " + cost);
    String bench = Files.readString(Path.of("..", "bench", "README.md"));
    assertTrue(bench.contains("18% more time"), "bench/README.md states the measured cost");
  }

  /** Whether the line break between token {@code before} and text {@code after} splits a token. */
  static boolean splitsAPath(String before, String after) {
    if (after.isEmpty() || before.isEmpty()) {
      return false;
    }
    boolean pathLike = before.contains("/") || before.contains("*");
    if (pathLike && (before.endsWith("/") || before.endsWith("-") || before.endsWith("_"))) {
      return true;
    }
    if (before.endsWith(".") && EXTENSION.matcher(after).matches()) {
      return true;
    }
    // An open [ or ( in the token: a spec such as mnist-mlp[:hidden=20 split before its end.
    return before.lastIndexOf('[') > before.lastIndexOf(']');
  }

  @Test
  void splitDetectorFindsTheWrapsThatBrokeCopyPaste() {
    assertTrue(splitsAPath("runs/fewshot.", "html"));
    assertTrue(splitsAPath("(*.", "safetensors) (default: ...)"));
    assertTrue(splitsAPath("models/fewshot/", "metalstm.safetensors"));
    assertTrue(splitsAPath("polynomial[:", "degree=,samples=]"));
    assertFalse(splitsAPath("data/mnist).", "The next sentence"));
    assertFalse(splitsAPath("rosenbrock,", "mnist-mlp"));
  }

  private static String lastToken(String line) {
    String stripped = line.strip();
    return stripped.substring(stripped.lastIndexOf(' ') + 1);
  }

  private static String optionHelp(String help, String option) {
    int start = help.indexOf("      " + option);
    assertTrue(start >= 0, option + " not in help");
    int end = help.indexOf("\n      --", start + 1);
    return help.substring(start, end < 0 ? help.length() : end);
  }

  /** Every command's help text by qualified name. */
  private static Map<String, String> helps() {
    Map<String, String> helps = new java.util.LinkedHashMap<>();
    forEachCommand((name, cli) -> helps.put(name, render(cli)));
    return helps;
  }

  private static void forEachCommand(java.util.function.BiConsumer<String, CommandLine> action) {
    CommandLine root = Main.commandLine();
    root.setUsageHelpWidth(80);
    List<CommandLine> pending = new ArrayList<>(List.of(root));
    Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
    while (!pending.isEmpty()) {
      CommandLine cli = pending.removeFirst();
      if (seen.put(cli, true) == null) {
        action.accept(cli.getCommandSpec().qualifiedName(), cli);
        pending.addAll(cli.getSubcommands().values());
      }
    }
  }

  /** The help of {@code cli} followed by whatever picocli printed on stderr meanwhile. */
  private static synchronized String render(CommandLine cli) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setErr(e);
      String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
      return usage + err.toString(StandardCharsets.UTF_8);
    } finally {
      System.setErr(oldErr);
    }
  }

  @Test
  void everyCommandIsVisited() {
    List<String> names = new ArrayList<>(helps().keySet());
    assertEquals("learnopt", names.getFirst());
    assertTrue(names.contains("learnopt fewshot eval"), names.toString());
  }
}
