package io.learnopt.cli;

import io.learnopt.UsageException;
import io.learnopt.eval.Contender;
import io.learnopt.learned.LstmOptimizerFile;
import io.learnopt.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --optimizers}: a comma-separated list of trained LSTM optimizer files ({@code
 * *.safetensors}) and baseline names. A bare name ({@code adam}) has its learning rate tuned on the
 * grid; a spec with options ({@code adam:lr=0.1,beta1=0.95}) is used as given.
 */
final class Contenders {
  private Contenders() {}

  static List<Contender> parse(String list) {
    List<String> items = split(list);
    long learned = items.stream().filter(Contenders::isFile).count();
    List<Contender> contenders = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String item : items) {
      Contender c;
      if (isFile(item)) {
        Path path = Path.of(item);
        String name = learned == 1 ? "lstm" : "lstm:" + path.getFileName();
        c = new Contender.Fixed(name, LstmOptimizerFile.load(path), null, item);
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
