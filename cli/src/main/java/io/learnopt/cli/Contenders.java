package io.learnopt.cli;

import io.learnopt.UsageException;
import io.learnopt.eval.Contender;
import io.learnopt.lopt.L2lModelFile;
import io.learnopt.lopt.LearnedModel;
import io.learnopt.lopt.LearnedModels;
import io.learnopt.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses {@code --optimizers}: a comma-separated list of trained optimizer files ({@code
 * *.safetensors}) and baseline names. A bare name ({@code adam}) has its learning rate tuned on the
 * grid; a spec with options ({@code adam:lr=0.1,beta1=0.95}) is used as given. A single file is
 * named {@code lstm} if it holds the L2L LSTM, else after its rule ({@code mlp-lopt}); several are
 * named by {@link #learnedNames}.
 */
final class Contenders {
  private Contenders() {}

  static List<Contender> parse(String list) {
    List<String> items = split(list);
    List<Path> files = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String item : items) {
      if (isFile(item)) {
        files.add(Path.of(item));
      } else {
        others.add(item);
      }
    }
    List<LearnedModel> models = files.stream().map(LearnedModels::load).toList();
    List<String> learnedNames = learnedNames(files, others);
    if (models.size() == 1) {
      learnedNames =
          List.of(
              models.get(0) instanceof L2lModelFile l2l
                  ? l2l.displayName()
                  : models.get(0).rule().name());
    }
    List<Contender> contenders = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int file = 0;
    for (String item : items) {
      Contender c;
      if (isFile(item)) {
        c = new Contender.Fixed(learnedNames.get(file), models.get(file).optimizer(), null, item);
        file++;
      } else if (item.contains(":")) {
        c = new Contender.Fixed(item, Optimizers.parse(item), learningRate(item));
      } else if (Optimizers.names().contains(item)) {
        c = new Contender.Tuned(item);
      } else {
        throw new UsageException(
            "unknown optimizer '"
                + item
                + "' in --optimizers: give a trained optimizer file (*.safetensors) or one of "
                + Optimizers.names());
      }
      if (names.contains(c.name())) {
        throw new UsageException("optimizer '" + c.name() + "' is listed twice in --optimizers");
      }
      names.add(c.name());
      contenders.add(c);
    }
    if (contenders.isEmpty()) {
      throw new UsageException("--optimizers is empty: list at least one optimizer");
    }
    return contenders;
  }

  /**
   * The names of trained optimizer files in results and tables: {@code lstm} for a single file; for
   * several, each file's name without {@code .safetensors} ({@code runs/quad.safetensors} is {@code
   * quad}), with as many parent directories as it takes to tell it from the other files and from
   * the {@code baselines} ({@code a/quad} and {@code b/quad}); a file given twice (the same path
   * after normalizing) is a usage error.
   */
  static List<String> learnedNames(List<Path> files, List<String> baselines) {
    if (files.size() == 1) {
      return List.of("lstm");
    }
    List<Path> paths = files.stream().map(Path::normalize).toList();
    for (int i = 0; i < paths.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (paths.get(i).toAbsolutePath().equals(paths.get(j).toAbsolutePath())) {
          throw new UsageException(
              "optimizer file '" + files.get(i) + "' is listed twice in --optimizers");
        }
      }
    }
    int[] depth = new int[paths.size()];
    Arrays.fill(depth, 1);
    List<String> names = new ArrayList<>();
    while (true) {
      names.clear();
      for (int i = 0; i < paths.size(); i++) {
        names.add(suffix(paths.get(i), depth[i]));
      }
      boolean clash = false;
      boolean deeper = false;
      for (int i = 0; i < paths.size(); i++) {
        String name = names.get(i);
        if (baselines.contains(name) || names.indexOf(name) != names.lastIndexOf(name)) {
          clash = true;
          if (depth[i] < paths.get(i).getNameCount()) {
            depth[i]++;
            deeper = true;
          }
        }
      }
      if (!clash) {
        return List.copyOf(names);
      }
      if (!deeper) {
        // Every clashing name is already its whole path (adam.safetensors next to the baseline
        // adam): the path as given, extension included, is unique since no path is listed twice.
        List<String> unique = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
          String name = names.get(i);
          boolean clashes =
              baselines.contains(name) || names.indexOf(name) != names.lastIndexOf(name);
          unique.add(clashes ? paths.get(i).toString().replace('\\', '/') : name);
        }
        return List.copyOf(unique);
      }
    }
  }

  /** The last {@code depth} elements of {@code path}, joined by '/', without .safetensors. */
  private static String suffix(Path path, int depth) {
    int count = path.getNameCount();
    String joined = path.subpath(count - depth, count).toString().replace('\\', '/');
    return joined.endsWith(".safetensors")
        ? joined.substring(0, joined.length() - ".safetensors".length())
        : joined;
  }

  /** Splits on commas, re-joining {@code key=value} pieces to the spec they belong to. */
  static List<String> split(String list) {
    List<String> items = new ArrayList<>();
    for (String raw : list.split(",")) {
      String piece = raw.trim();
      if (piece.isEmpty()) {
        continue;
      }
      boolean option = piece.contains("=") && !piece.contains(":");
      if (option && !items.isEmpty() && items.getLast().contains(":")) {
        items.set(items.size() - 1, items.getLast() + "," + piece);
      } else {
        items.add(piece);
      }
    }
    return items;
  }

  private static boolean isFile(String item) {
    if (item.endsWith(".safetensors")) {
      return true;
    }
    return !item.contains(":")
        && (item.contains("/") || item.contains("\\"))
        && Files.exists(Path.of(item));
  }

  private static Double learningRate(String spec) {
    for (String option : spec.substring(spec.indexOf(':') + 1).split(",")) {
      String[] kv = option.split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("lr")) {
        return Double.parseDouble(kv[1].trim());
      }
    }
    return Optimizers.defaultLearningRate(spec.substring(0, spec.indexOf(':')).trim());
  }
}
