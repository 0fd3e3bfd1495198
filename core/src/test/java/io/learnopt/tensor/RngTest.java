package io.learnopt.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {

  @Test
  void sameSeedSameStreamDifferentSeedDifferentStream() {
    float[] a = new float[64];
    float[] b = new float[64];
    float[] c = new float[64];
    new Rng(42).fillGaussian(a, 0f, 1f);
    new Rng(42).fillGaussian(b, 0f, 1f);
    new Rng(43).fillGaussian(c, 0f, 1f);
    assertArrayEquals(a, b);
    assertNotEquals(a[0], c[0]);
  }

  @Test
  void seedZeroReproducesTheReferenceSplitMix64Stream() {
    // mix64(0) = 0, so Rng(0) is SplitMix64 seeded with 0, whose published first outputs are
    // these (Steele, Lea & Flood 2014; the reference C code by Vigna). If they change, every seed
    // recorded in results and models changes meaning.
    Rng rng = new Rng(0);
    assertEquals(0xe220a8397b1dcdafL, rng.nextLong());
    assertEquals(0x6e789e6aa1b965f4L, rng.nextLong());
    assertEquals(0x06c45d188009454fL, rng.nextLong());
  }

  @Test
  void splitStreamsAreIndependentOfTheParentsLaterUse() {
    Rng parent = new Rng(7);
    Rng child = parent.split();
    long childFirst = child.nextLong();
    Rng parentAgain = new Rng(7);
    Rng childAgain = parentAgain.split();
    parentAgain.nextLong();
    parentAgain.nextLong();
    assertEquals(childFirst, childAgain.nextLong());
  }

  @Test
  void forKeyGivesDistinctStreamsPerKey() {
    assertNotEquals(Rng.forKey(1, 0).nextLong(), Rng.forKey(1, 1).nextLong());
    assertEquals(Rng.forKey(1, 5).nextLong(), Rng.forKey(1, 5).nextLong());
  }

  @Test
  void gaussianHasMeanZeroAndUnitVariance() {
    Rng rng = new Rng(3);
    int n = 200_000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double x = rng.nextGaussian();
      sum += x;
      squares += x * x;
    }
    double mean = sum / n;
    double variance = squares / n - mean * mean;
    assertEquals(0, mean, 5 * Math.sqrt(1.0 / n));
    assertEquals(1, variance, 5 * Math.sqrt(2.0 / n));
  }

  @Test
  void uniformsStayInRange() {
    Rng rng = new Rng(9);
    for (int i = 0; i < 10_000; i++) {
      double u = rng.nextDouble();
      assertTrue(u >= 0 && u < 1);
      int k = rng.nextInt(7);
      assertTrue(k >= 0 && k < 7);
    }
    assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
  }
}
