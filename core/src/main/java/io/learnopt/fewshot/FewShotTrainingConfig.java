package io.learnopt.fewshot;

import io.learnopt.UsageException;

/**
 * How {@link EpisodicMetaTraining} meta-trains: Adam on the meta-parameters, one update per {@code
 * metaBatch} episodes, the meta-gradient clipped to a global norm (Ravi &amp; Larochelle clip at
 * 0.25), and the validation accuracy measured every {@code validateEvery} updates on a fixed set of
 * episodes, the best meta-parameters kept.
 *
 * @param updates meta-updates
 * @param metaBatch episodes averaged per update
 * @param metaLr Adam's learning rate
 * @param clipNorm the global-norm clip of the averaged meta-gradient; 0 = off, as in {@code train}
 * @param validateEvery updates between validations
 * @param validationEpisodes episodes per validation (the same ones every time)
 * @param seed seed of the training episodes
 */
public record FewShotTrainingConfig(
    int updates,
    int metaBatch,
    double metaLr,
    double clipNorm,
    int validateEvery,
    int validationEpisodes,
    long seed) {
  /** Checks every field. */
  public FewShotTrainingConfig {
    positive("updates", updates);
    positive("meta-batch", metaBatch);
    positive("validate-every", validateEvery);
    positive("validation-episodes", validationEpisodes);
    if (!(metaLr > 0) || Double.isInfinite(metaLr)) {
      throw new UsageException("--meta-lr must be a positive number, got " + metaLr);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new UsageException("--clip must be a non-negative number (0 = off), got " + clipNorm);
    }
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new UsageException("--" + name + " must be at least 1, got " + value);
    }
  }
}
