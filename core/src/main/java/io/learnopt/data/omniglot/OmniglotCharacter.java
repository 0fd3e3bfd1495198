package io.learnopt.data.omniglot;

/**
 * One character of an Omniglot alphabet and its drawings, each a row-major 28 × 28 image ({@link
 * Omniglot#PIXELS} floats, ink 1, background 0).
 *
 * <p>The arrays are shared, not copied — {@link Omniglot} caches one copy per JVM — so never write
 * to them.
 *
 * @param alphabet the alphabet's folder name, e.g. {@code Japanese_(katakana)}
 * @param name the character's folder name, e.g. {@code character07}
 * @param drawings the drawings in file-name order (20 in Omniglot, by 20 different people)
 */
public record OmniglotCharacter(String alphabet, String name, float[][] drawings) {
  /**
   * Checks the shape.
   *
   * @throws IllegalArgumentException if there is no drawing or one is not 784 floats
   */
  public OmniglotCharacter {
    if (drawings.length == 0) {
      throw new IllegalArgumentException(alphabet + "/" + name + " has no drawings");
    }
    for (float[] d : drawings) {
      if (d.length != Omniglot.PIXELS) {
        throw new IllegalArgumentException(
            alphabet
                + "/"
                + name
                + ": a drawing has "
                + d.length
                + " pixels, not "
                + Omniglot.PIXELS);
      }
    }
  }

  /** {@code alphabet/name}, as the character's folder in a background zip. */
  @Override
  public String toString() {
    return alphabet + "/" + name;
  }
}
