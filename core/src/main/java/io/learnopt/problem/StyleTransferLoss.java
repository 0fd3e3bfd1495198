package io.learnopt.problem;

import io.learnopt.autodiff.Tape;
import io.learnopt.autodiff.Var;
import io.learnopt.data.art.RgbImage;
import io.learnopt.nn.FeatureNet;
import io.learnopt.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gatys et al.'s style-transfer objective over an image x's pixels:
 *
 * <pre>
 * f(x) = a · mean((F_c(x) − F_c(content))²) / mean(F_c(content)²)
 *      + (1/L) Σ_l mean((G_l(x) − G_l(style))²) / mean(G_l(style)²)
 * </pre>
 *
 * with F_l the feature maps of tap l, G_l their Gram matrices ({@link Tape#gram}), c the content
 * tap and l the L style taps of the {@link FeatureNet}. Each term is relative to its target's size,
 * so the terms are comparable across feature nets and resolutions and a is the only weight.
 */
final class StyleTransferLoss {
  private final FeatureNet net;
  private final int size;
  private final float contentWeight;
  private final Set<String> taps;
  private final Tensor contentTarget;
  private final float contentScale;
  private final Map<String, Tensor> styleTargets = new LinkedHashMap<>();
  private final Map<String, Float> styleScales = new LinkedHashMap<>();

  /** The objective for {@code content} and {@code style}, both {@code size × size}. */
  StyleTransferLoss(FeatureNet net, RgbImage content, RgbImage style, float contentWeight) {
    this.net = net;
    this.size = content.height();
    this.contentWeight = contentWeight;
    this.taps = new HashSet<>(net.styleTaps());
    taps.add(net.contentTap());
    Tape tape = new Tape();
    Map<String, Var> c = net.forward(tape, tape.constant(image(content.chw())), taps);
    contentTarget = c.get(net.contentTap()).value();
    contentScale = 1f / Math.max(1e-12f, meanSquare(contentTarget));
    Map<String, Var> s = net.forward(tape, tape.constant(image(style.chw())), taps);
    for (String l : net.styleTaps()) {
      Tensor g = tape.gram(s.get(l)).value();
      styleTargets.put(l, g);
      styleScales.put(l, 1f / (net.styleTaps().size() * Math.max(1e-12f, meanSquare(g))));
    }
  }

  /** f(x); adds ∇f(x) into {@code grad} if not null. */
  float evaluate(float[] x, float[] grad) {
    Tape tape = new Tape();
    Var image = grad == null ? tape.constant(image(x)) : tape.parameter(image(x), image(grad));
    Map<String, Var> f = net.forward(tape, image, taps);
    List<Var> terms = new ArrayList<>();
    terms.add(
        tape.scale(
            tape.mse(f.get(net.contentTap()), tape.constant(contentTarget)),
            contentWeight * contentScale));
    for (String l : net.styleTaps()) {
      terms.add(
          tape.scale(
              tape.mse(tape.gram(f.get(l)), tape.constant(styleTargets.get(l))),
              styleScales.get(l)));
    }
    Var loss = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      loss = tape.add(loss, terms.get(i));
    }
    if (grad != null) {
      tape.backward(loss);
    }
    return loss.item();
  }

  private Tensor image(float[] chw) {
    return Tensor.view(chw, 0, 1, 3, size, size);
  }

  private static float meanSquare(Tensor t) {
    double sum = 0;
    for (int i = 0; i < t.size(); i++) {
      double v = t.get(i);
      sum += v * v;
    }
    return (float) (sum / t.size());
  }
}
