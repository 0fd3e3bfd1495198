package io.learnopt.data.art;

import io.learnopt.FileBytes;
import io.learnopt.LearnoptException;
import io.learnopt.data.DatasetCache;
import io.learnopt.data.Sha256Sums;
import io.learnopt.data.ShippedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The images of the neural-art problem: a directory with {@code content/} (photographs) and {@code
 * style/} (paintings, textures), PNG or JPEG, each checked against the {@code SHA256SUMS} beside it
 * when there is one. The repository ships {@code data/art/} (data/art/README.md: sources and
 * licences); {@code --data DIR} reads any directory laid out the same way.
 */
public final class ArtImages {
  /** The shipped images, relative to the repository. */
  public static final Path SHIPPED = Path.of("data", "art");

  /** Shipped content images held out of meta-training, for testing. */
  public static final List<String> HELD_OUT =
      List.of("aqua", "lady-bird", "storm", "yellow-flower");

  private static final DatasetCache<List<RgbImage>> CONTENT =
      new DatasetCache<>(SHIPPED.resolve("content"), ArtImages::read);
  private static final DatasetCache<List<RgbImage>> STYLE =
      new DatasetCache<>(SHIPPED.resolve("style"), ArtImages::read);

  private final List<RgbImage> content;
  private final List<RgbImage> styles;

  private ArtImages(List<RgbImage> content, List<RgbImage> styles) {
    this.content = content;
    this.styles = styles;
  }

  /** The images in {@code dir}'s {@code content/} and {@code style/}, or the shipped ones. */
  public static ArtImages load(Path dir) {
    if (dir == null) {
      Path shipped =
          ShippedData.directory(
              SHIPPED,
              "neural-art image",
              "; run learnopt with the ./learnopt launcher of its repository, or pass --data DIR"
                  + " with content/ and style/ image directories");
      Path root = shipped.toAbsolutePath().getParent().getParent();
      return new ArtImages(CONTENT.shipped(root), STYLE.shipped(root));
    }
    String layout = "pass a directory with content/ and style/ directories of PNG or JPEG images";
    return new ArtImages(
        CONTENT.load(dir.resolve("content"), layout, layout),
        STYLE.load(dir.resolve("style"), layout, layout));
  }

  /** The content images, by file name. */
  public List<RgbImage> content() {
    return content;
  }

  /** The style images, by file name. */
  public List<RgbImage> styles() {
    return styles;
  }

  /** The style image called {@code name}; the error lists the names there are. */
  public RgbImage style(String name) {
    return named(styles, name, "style");
  }

  /** The content images called {@code names}. */
  public List<RgbImage> content(List<String> names) {
    List<RgbImage> out = new ArrayList<>();
    for (String n : names) {
      out.add(named(content, n, "content"));
    }
    return out;
  }

  private static RgbImage named(List<RgbImage> images, String name, String kind) {
    for (RgbImage image : images) {
      if (image.name().equals(name)) {
        return image;
      }
    }
    throw new LearnoptException(
        "no "
            + kind
            + " image '"
            + name
            + "'; there are "
            + images.stream().map(RgbImage::name).toList());
  }

  /** Every PNG or JPEG file in {@code dir}, sorted by name, each verified if {@code sums} given. */
  private static List<RgbImage> read(Path dir, Sha256Sums sums, String fix) {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(ArtImages::isImage).sorted().toList();
    } catch (IOException e) {
      throw new LearnoptException(dir + ": cannot list the images: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new LearnoptException(dir + ": no .png or .jpg images; " + fix);
    }
    List<RgbImage> images = new ArrayList<>();
    for (Path f : files) {
      byte[] bytes = FileBytes.read(f);
      if (sums != null) {
        sums.verify(f, bytes);
      }
      images.add(RgbImage.decode(f, bytes));
    }
    return List.copyOf(images);
  }

  private static boolean isImage(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(f)
        && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
  }
}
