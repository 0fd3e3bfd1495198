package io.learnopt.autodiff;

import io.learnopt.tensor.ParameterLayout;
import io.learnopt.tensor.Rng;
import io.learnopt.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A 2-layer MLP written directly on the tape, its parameters one flat vector: the flat gradient
 * against finite differences in each flat coordinate.
 */
class MlpGradientTest {
  private static final int BATCH = 6;
  private static final int IN = 5;
  private static final int HIDDEN = 7;
  private static final int CLASSES = 3;
  private static final ParameterLayout LAYOUT =
      ParameterLayout.builder()
          .add("layer0.weight", IN, HIDDEN)
          .add("layer0.bias", HIDDEN)
          .add("layer1.weight", HIDDEN, CLASSES)
          .add("layer1.bias", CLASSES)
          .build();

  @ParameterizedTest
  @ValueSource(strings = {"tanh+crossEntropy", "sigmoid+mse"})
  void flatGradientMatchesFiniteDifferences(String variant) {
    Rng rng = new Rng(99);
    float[] params = new float[LAYOUT.size()];
    rng.fillGaussian(params, 0f, 0.5f);
    float[] inputs = new float[BATCH * IN];
    rng.fillGaussian(inputs, 0f, 1f);
    int[] labels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = rng.nextInt(CLASSES);
    }
    float[] targets = new float[BATCH * CLASSES];
    rng.fillUniform(targets, 0f, 1f);

    float[] grad = new float[LAYOUT.size()];
    Tape tape = new Tape();
    Var loss =
        forward(tape, variant, tape.parameters(LAYOUT, params, grad), inputs, labels, targets);
    tape.backward(loss);

    FiniteDifferences.Model model =
        (t, v) -> {
          // v.get(0) is the flat parameter vector as one constant: re-view it per layout entry.
          float[] flat = v.get(0).value().data();
          List<Var> p = t.parameters(LAYOUT, flat, new float[flat.length]);
          return forward(t, variant, p, inputs, labels, targets);
        };
    FiniteDifferences.check(
        variant,
        model,
        List.of(params),
        List.of(new int[] {params.length}),
        new float[] {1f},
        List.of(grad),
        1e-2,
        5e-4,
        5e-3);
  }

  private static Var forward(
      Tape tape, String variant, List<Var> p, float[] inputs, int[] labels, float[] targets) {
    Var x = tape.constant(Tensor.of(inputs, BATCH, IN));
    Var pre = tape.linear(x, p.get(0), p.get(1));
    Var h = variant.startsWith("tanh") ? tape.tanh(pre) : tape.sigmoid(pre);
    Var out = tape.linear(h, p.get(2), p.get(3));
    return variant.endsWith("crossEntropy")
        ? tape.softmaxCrossEntropy(out, labels)
        : tape.mse(out, tape.constant(Tensor.of(targets, BATCH, CLASSES)));
  }
}
