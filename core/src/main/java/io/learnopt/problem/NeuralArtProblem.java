package io.learnopt.problem;

import io.learnopt.UsageException;
import io.learnopt.data.art.ArtImages;
import io.learnopt.data.art.RgbImage;
import io.learnopt.nn.FeatureNet;
import io.learnopt.tensor.Rng;
import java.util.List;
import java.util.Locale;

/**
 * Neural art (Andrychowicz et al. 2016 §3.4): each task styles a content image with a style image
 * by minimizing Gatys et al.'s objective over its pixels. A task's content is a random square
 * window (half to all of the shorter side) of one of the chosen content images, resampled to {@code
 * size × size}; the style is the centre of the style image at the same size.
 *
 * @param images the content and style images
 * @param features the fixed feature network
 * @param size the side of the optimized image in pixels
 * @param style the style image's name
 * @param contentNames the content images tasks draw from
 * @param imageSet what {@code contentNames} is called in the spec ({@code train}, {@code test},
 *     {@code all} or a list)
 * @param contentWeight the content term's weight a
 */
public record NeuralArtProblem(
    ArtImages images,
    FeatureNet features,
    String featureSpec,
    int size,
    String style,
    List<String> contentNames,
    String imageSet,
    float contentWeight)
    implements Problem {
  /** The registry name. */
  public static final String NAME = "neural-art";

  /** Checks the options. */
  public NeuralArtProblem {
    if (size < 8 || size > 1024) {
      throw new UsageException(
          "option size of problem '" + NAME + "' must be in 8..1024, got " + size);
    }
    if (!(contentWeight >= 0) || Float.isInfinite(contentWeight)) {
      throw new UsageException(
          "option content-weight of problem '" + NAME + "' must be >= 0, got " + contentWeight);
    }
    images.style(style);
    images.content(contentNames);
  }

  /** The content images of {@code set}: train, test (the held-out ones) or all. */
  static List<String> contentSet(ArtImages images, String set) {
    List<String> all = images.content().stream().map(RgbImage::name).toList();
    return switch (set) {
      case "all" -> all;
      case "test" -> ArtImages.HELD_OUT.stream().filter(all::contains).toList();
      case "train" -> all.stream().filter(n -> !ArtImages.HELD_OUT.contains(n)).toList();
      default -> List.of(set.split("\\+"));
    };
  }

  @Override
  public String name() {
    return String.format(
        Locale.ROOT,
        "%s:size=%d,style=%s,images=%s,features=%s,content-weight=%s",
        NAME,
        size,
        style,
        imageSet,
        featureSpec,
        contentWeight);
  }

  @Override
  public Task sample(long seed) {
    Rng rng = new Rng(seed);
    List<RgbImage> pool = images.content(contentNames);
    RgbImage source = pool.get(rng.nextInt(pool.size()));
    double shorter = Math.min(source.width(), source.height());
    double side = shorter * (0.5 + 0.5 * rng.nextDouble());
    double x0 = rng.nextDouble() * (source.width() - side);
    double y0 = rng.nextDouble() * (source.height() - side);
    RgbImage content = source.crop(x0, y0, side, size);
    RgbImage styleImage = images.style(style).centre(size);
    return new NeuralArtTask(
        content, new StyleTransferLoss(features, content, styleImage, contentWeight));
  }

  @Override
  public long taskCoordinates() {
    return 3L * size * size;
  }

  @Override
  public long taskBytes() {
    return 4L * 3 * size * size * 4;
  }

  @Override
  public Recipe recipe() {
    return Recipe.art();
  }
}
