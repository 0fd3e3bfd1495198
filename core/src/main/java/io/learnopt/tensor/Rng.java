package io.learnopt.tensor;

/**
 * A seeded, splittable random source (SplitMix64, Steele et al. 2014) whose streams are identical
 * on every JDK: we do not use {@code java.util.Random#nextGaussian}, whose algorithm is not
 * specified across releases, because every run must be reproducible from its {@code --seed}.
 *
 * <p>Not thread-safe: give each thread its own {@link #split()}.
 */
public final class Rng {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
  private long state;
  private double spareGaussian;
  private boolean hasSpare;

  /** A stream determined entirely by {@code seed}. */
  public Rng(long seed) {
    this.state = mix64(seed);
  }

  /**
   * A stream for {@code (seed, key)}: e.g. task number {@code key} of a run seeded by {@code seed}.
   */
  public static Rng forKey(long seed, long key) {
    return new Rng(mix64(seed) ^ mix64(key + GOLDEN_GAMMA));
  }

  /** A new independent stream; advances this one. */
  public Rng split() {
    return new Rng(nextLong());
  }

  /** 64 uniformly random bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix64(state);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    return (int) ((nextLong() >>> 33) * bound >>> 31);
  }

  /** Standard normal by the Box–Muller transform (pairs, the second one kept for the next call). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spareGaussian;
    }
    double u1;
    do {
      u1 = nextDouble();
    } while (u1 == 0.0);
    double u2 = nextDouble();
    double radius = Math.sqrt(-2.0 * Math.log(u1));
    spareGaussian = radius * Math.sin(2.0 * Math.PI * u2);
    hasSpare = true;
    return radius * Math.cos(2.0 * Math.PI * u2);
  }

  /** Fills {@code out} with N(mean, std²) samples. */
  public void fillGaussian(float[] out, float mean, float std) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (mean + std * nextGaussian());
    }
  }

  /** Fills {@code out} with samples uniform in [low, high). */
  public void fillUniform(float[] out, float low, float high) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (low + (high - low) * nextDouble());
    }
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
