package io.learnopt.cli.report;

import io.learnopt.LearnoptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The section of a {@code learnopt eval} run directory: the loss plot ({@code loss.svg}, else
 * {@code loss.png}), a table of the optimizers with the lowest mean final loss highlighted, the
 * plots listed in the optional {@code extra_plots}, the settings and the command.
 */
record EvalSection(Experiment experiment) implements ReportSection {
  EvalSection {
    mainPlot(experiment.dir()); // fail while reading, before anything is written
    experiment.extraPlots().forEach(name -> extraPlot(experiment.dir(), name));
  }

  /** The title from results.json, else e.g. "quadratic, 100 steps". */
  @Override
  public String heading() {
    Experiment e = experiment;
    return e.title() != null && !e.title().isBlank()
        ? e.title().strip()
        : e.problem() + ", " + e.steps() + " steps";
  }

  @Override
  public String bestNote() {
    int best = OptimizerTable.best(experiment.optimizers());
    if (best < 0) {
      return null;
    }
    var winner = experiment.optimizers().get(best);
    return String.format(
        Locale.ROOT, "best: %s, mean final loss %.4g", winner.name(), winner.mean());
  }

  @Override
  public void appendTo(StringBuilder html, int number) {
    Experiment e = experiment;
    SectionParts.open(html, number, heading(), summary(), e.notes());
    String prefix = "e" + number + "-";
    html.append(
        Figure.html(
            mainPlot(e.dir()),
            prefix + "loss-",
            "Mean loss versus step (log scale); the legend gives each baseline's learning rate;"
                + " bands: 95% confidence interval of the mean."));
    html.append(OptimizerTable.html(e));
    for (int i = 0; i < e.extraPlots().size(); i++) {
      String name = e.extraPlots().get(i);
      html.append(Figure.html(extraPlot(e.dir(), name), prefix + "x" + (i + 1) + "-", name));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("problem", e.problem());
    settings.put("steps", Long.toString(e.steps()));
    settings.put("tasks", e.tasks() == null ? null : e.tasks().toString());
    settings.put("seed", e.seed() == null ? null : e.seed().toString());
    for (var optimizer : e.optimizers()) {
      if (optimizer.model() != null) {
        settings.put("model (" + optimizer.name() + ")", RepoPaths.relative(optimizer.model()));
      }
    }
    settings.put("learnopt_version", e.version());
    settings.put("run directory", e.dir().toString());
    SectionParts.settings(html, settings);
    SectionParts.reproduceAndClose(html, e.command());
  }

  private String summary() {
    Experiment e = experiment;
    StringBuilder s =
        new StringBuilder(e.problem()).append(" · ").append(e.steps()).append(" steps");
    if (e.tasks() != null) {
      s.append(" · ").append(e.tasks()).append(" test tasks");
    }
    if (e.seed() != null) {
      s.append(" · seed ").append(e.seed());
    }
    return s.toString();
  }

  private static Path mainPlot(Path dir) {
    for (String name : List.of("loss.svg", "loss.png")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    throw new LearnoptException(
        "run directory "
            + dir
            + " has neither loss.svg nor loss.png; rerun 'learnopt eval' to"
            + " recreate the plots");
  }

  /** A file named in extra_plots: it must be inside the run directory and exist. */
  private static Path extraPlot(Path dir, String name) {
    Path base = dir.toAbsolutePath().normalize();
    Path file = base.resolve(name).normalize();
    if (name.isBlank() || !file.startsWith(base) || file.equals(base)) {
      throw new LearnoptException(
          dir.resolve(ResultsJson.RESULTS)
              + ": extra_plots entry \""
              + name
              + "\" must name a file inside the run directory");
    }
    if (!Files.isRegularFile(file)) {
      throw new LearnoptException(
          dir.resolve(name)
              + " is listed in extra_plots of "
              + dir.resolve(ResultsJson.RESULTS)
              + " but does not exist");
    }
    return file;
  }
}
