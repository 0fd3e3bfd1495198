package io.learnopt.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RepoPathsTest {
  private static final Path HOME = Path.of("/home/dev/learnopt");

  @Test
  void pathsInsideTheCheckoutBecomeRelative() {
    assertEquals(
        "models/fewshot/metalstm-5way-5shot.safetensors",
        RepoPaths.relative(
            "/home/dev/learnopt/models/fewshot/metalstm-5way-5shot.safetensors", HOME));
    assertEquals("/tmp/x.safetensors", RepoPaths.relative("/tmp/x.safetensors", HOME));
    assertEquals(
        "/home/dev/learnopt-old/m.safetensors",
        RepoPaths.relative("/home/dev/learnopt-old/m.safetensors", HOME),
        "a sibling directory with the same prefix is not inside the checkout");
    assertEquals("/a/b", RepoPaths.relative("/a/b", null));
    assertEquals("/a/b", RepoPaths.relative("/a/b", Path.of("/")));
  }

  @Test
  void commandsRunFromTheRootOfAClone() {
    assertEquals(
        "./learnopt fewshot eval --methods models/fewshot/l2l-5way-1shot.safetensors,maml-fo"
            + " --out runs/fs",
        RepoPaths.command(
            "learnopt fewshot eval --methods"
                + " /home/dev/learnopt/models/fewshot/l2l-5way-1shot.safetensors,maml-fo"
                + " --out runs/fs\n",
            HOME));
    assertEquals("./learnopt eval --out a", RepoPaths.command("learnopt eval --out a", null));
    assertEquals("java -jar x.jar eval", RepoPaths.command("java -jar x.jar eval", HOME));
  }
}
