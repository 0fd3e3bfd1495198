package io.learnopt.eval;

import io.learnopt.tensor.Rng;

/**
 * Seeds of the tasks used for one purpose, so meta-training, validation during training,
 * learning-rate tuning and the reported test never share a task: each purpose draws from its own
 * stream of the run's seed.
 */
public enum TaskSeeds {
  /** Tasks a learned optimizer is meta-trained on. */
  TRAIN(0x7a11L),
  /** Held-out tasks on which meta-training picks its best optimizer. */
  VALIDATION(0x7a12L),
  /** Tasks on which baseline learning rates are tuned. */
  TUNE(0x7a13L),
  /** The reported tasks. */
  TEST(0x7a14L);

  private final long salt;

  TaskSeeds(long salt) {
    this.salt = salt;
  }

  /** {@code count} task seeds for this purpose, stream {@code index} of run seed {@code seed}. */
  public long[] seeds(long seed, long index, int count) {
    Rng rng = Rng.forKey(seed ^ (salt * 0x9e3779b97f4a7c15L), index);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = rng.nextLong();
    }
    return seeds;
  }
}
