package io.learnopt.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private static Run execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ReportCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void writesTheReportOfAllRunDirectoriesToOut() throws Exception {
    Path a = RunDirs.write(tmp.resolve("a"), RunDirs.results("First", "c"));
    Path b = RunDirs.write(tmp.resolve("b"), RunDirs.results("Second", "c"));
    Path report = tmp.resolve("r.html");
    Run run = execute(a.toString(), b.toString(), "--out", report.toString(), "--title", "Sweep 3");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Report: " + report + " (2 experiments)"), run.out());
    String html = Files.readString(report);
    assertTrue(html.contains("<h1>Sweep 3</h1>"));
    assertTrue(html.indexOf(">First</a>") < html.indexOf(">Second</a>"));
  }

  @Test
  void needsAtLeastOneRunDirectoryAndDocumentsItsOptions() {
    Run none = execute();
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("RUN_DIR"), none.err());
    Run help = execute("--help");
    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("--out=FILE"), help.out());
    assertTrue(help.out().contains("default: report.html"), help.out());
    assertTrue(help.out().contains("--title"), help.out());
  }
}
