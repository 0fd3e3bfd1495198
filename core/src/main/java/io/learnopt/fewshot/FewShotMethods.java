package io.learnopt.fewshot;

import io.learnopt.UsageException;
import io.learnopt.learned.LstmOptimizerConfig;
import io.learnopt.lopt.L2lLstm;
import io.learnopt.lopt.LearnedOptimizer;
import java.util.List;

/** The few-shot methods by name, and the inner rule behind each meta-learned one. */
public final class FewShotMethods {
  /** Methods that are meta-trained ({@code fewshot train}) and saved to a model file. */
  public static final List<String> META_LEARNED =
      List.of("metalstm", "metalstm-v2", "maml-fo", "l2l");

  /** Methods that learn nothing across episodes. */
  public static final List<String> BASELINES =
      List.of("finetune-sgd", "finetune-adam", NearestNeighbour.NAME);

  /** Default inner learning rate of first-order MAML (Finn et al. 2017 use 0.4 on Omniglot). */
  public static final float DEFAULT_MAML_LR = 0.4f;

  private FewShotMethods() {}

  /** The inner rule of meta-learned method {@code name}; {@code innerLr} is MAML's rate. */
  public static LearnedOptimizer inner(String name, float innerLr) {
    return switch (name) {
      case "metalstm" -> new MetaLstmInner();
      case "metalstm-v2" -> MetaLstmInner.withMemory(MetaLstmInner.MEMORY_UNITS);
      case "maml-fo" -> new SgdInner(innerLr);
      case "l2l" -> new L2lLstm(LstmOptimizerConfig.paperNeuralNet());
      default -> throw unknown(name);
    };
  }

  /** The error for a name that is no method. */
  public static UsageException unknown(String name) {
    return new UsageException(
        "unknown few-shot method '"
            + name
            + "'; use one of "
            + String.join(", ", META_LEARNED)
            + ", "
            + String.join(", ", BASELINES));
  }

  /** Inner steps by default: 10 for one-shot episodes, 5 otherwise (Ravi &amp; Larochelle). */
  public static int defaultSteps(int shots) {
    return shots == 1 ? 10 : 5;
  }
}
