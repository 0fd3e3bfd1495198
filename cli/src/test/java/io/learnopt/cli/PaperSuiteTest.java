package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.problem.ConvNetProblem;
import io.learnopt.problem.Problems;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The protocols {@code learnopt paper} runs are the paper's. */
class PaperSuiteTest {
  private static Set<Integer> classes(String spec) {
    ConvNetProblem p = (ConvNetProblem) Problems.parse(spec, null);
    Set<Integer> out = new HashSet<>();
    Arrays.stream(p.classes()).forEach(out::add);
    return out;
  }

  @Test
  void lstmSubNeverSeesTheClassesOfTheSubsetsAndLstmSeesThemAll() {
    PaperSuite conv = PaperSuite.named("conv");
    assertEquals(List.of("lstm", "lstm-sub"), conv.models().stream().map(m -> m.name()).toList());
    Set<Integer> all = classes(conv.models().get(0).problem());
    Set<Integer> sub = classes(conv.models().get(1).problem());
    assertEquals(10, all.size());
    assertTrue(conv.models().stream().allMatch(PaperSuite.Model::perGroup));
    int subsets = 0;
    for (PaperSuite.Setting s : conv.settings()) {
      Set<Integer> tested = classes(s.problem());
      assertTrue(all.containsAll(tested), s.id());
      if (tested.size() < 10) {
        subsets++;
        Set<Integer> overlap = new HashSet<>(tested);
        overlap.retainAll(sub);
        assertTrue(overlap.isEmpty(), s.id() + " shares classes " + overlap + " with lstm-sub");
      }
    }
    assertEquals(2, subsets, "the 5-class and the 2-class subsets");
    assertTrue(conv.defaultTasks() >= 50, "at least 50 held-out networks per setting");
  }

  @Test
  void anUnknownExperimentNamesTheKnownOnes() {
    CliRun run = CliRun.of("paper", "--experiment", "sculpture", "--out", "target/never");
    run.assertFails(2, "unknown --experiment 'sculpture'", "[mnist, conv, art]");
  }

  @Test
  void settingsCanBeRunAPartAtATimeInTheSuitesOrder() {
    PaperSuite conv = PaperSuite.named("conv");
    assertEquals(conv.settings(), conv.settings(null));
    assertEquals(
        List.of("subset-5", "subset-2"),
        conv.settings("subset-2,subset-5").stream().map(PaperSuite.Setting::id).toList());
    assertEquals(java.nio.file.Path.of("runs/paper-art"), PaperSuite.named("art").defaultOut());
    assertEquals(java.nio.file.Path.of("runs/paper"), PaperSuite.named("mnist").defaultOut());
    CliRun run =
        CliRun.of(
            "paper",
            "--experiment",
            "conv",
            "--settings",
            "all-10,subset-3",
            "--out",
            "target/never");
    run.assertFails(2, "unknown setting 'subset-3'", "[all-10, subset-5, subset-2]");
  }
}
