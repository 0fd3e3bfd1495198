package io.learnopt.data.omniglot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quarter turns of a 3 × 3 image, checked against numpy.rot90 written out by hand. */
class RotationTest {
  private static final float[] IMAGE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

  /** numpy.rot90(np.arange(1, 10).reshape(3, 3), k) for k = 0..3. */
  private static final float[][] TURNED = {
    IMAGE, {3, 6, 9, 2, 5, 8, 1, 4, 7}, {9, 8, 7, 6, 5, 4, 3, 2, 1}, {7, 4, 1, 8, 5, 2, 9, 6, 3}
  };

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void turnsCounterClockwiseLikeNumpy(int turns) {
    float[] out = new float[2 + 9];
    Rotation.rotate(IMAGE, 3, turns, out, 2);
    assertArrayEquals(TURNED[turns], Arrays.copyOfRange(out, 2, 11));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void turningBackRestoresTheImage(int turns) {
    float[] once = new float[9];
    float[] back = new float[9];
    Rotation.rotate(IMAGE, 3, turns, once, 0);
    Rotation.rotate(once, 3, (4 - turns) % 4, back, 0);
    assertArrayEquals(IMAGE, back);
  }
}
