package io.learnopt.data.omniglot;

import io.learnopt.LearnoptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an Omniglot background zip such as {@code images_background_small1.zip}: entries {@code
 * <root>/<alphabet>/<character>/<drawing>.png}, {@value Omniglot#DRAWINGS} drawings per character.
 * The reader is strict — any other entry, or a character with another number of drawings, means the
 * zip is not what it should be, and few-shot episodes drawn from it would be quietly wrong.
 */
final class BackgroundZip {
  private static final String LAYOUT = "<root>/<alphabet>/<character>/<drawing>.png";

  private BackgroundZip() {}

  /**
   * The characters of {@code zip}, sorted by alphabet and then name; drawings in file-name order.
   *
   * @throws LearnoptException naming the zip (and entry) and ending in {@code fix} if the zip is
   *     missing or damaged, an entry is not laid out as above or not a 105 × 105 PNG, or a
   *     character does not have 20 drawings
   */
  static List<OmniglotCharacter> read(Path zip, String fix) {
    // alphabet/character → drawing entry name → PNG bytes, all sorted by name
    Map<String, Map<String, byte[]>> folders = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : ZipEntries.read(zip, fix).entrySet()) {
      String[] parts = e.getKey().split("/", -1);
      if (parts.length != 4 || !parts[3].endsWith(".png") || hasEmpty(parts)) {
        throw new LearnoptException(
            zip
                + ": unexpected entry "
                + e.getKey()
                + "; an Omniglot background zip holds only "
                + LAYOUT
                + "; "
                + fix);
      }
      folders
          .computeIfAbsent(parts[1] + "/" + parts[2], k -> new TreeMap<>())
          .put(e.getKey(), e.getValue());
    }
    if (folders.isEmpty()) {
      throw new LearnoptException(zip + ": holds no drawings (" + LAYOUT + "); " + fix);
    }
    List<OmniglotCharacter> characters = new ArrayList<>();
    for (Map.Entry<String, Map<String, byte[]>> folder : folders.entrySet()) {
      Map<String, byte[]> pngs = folder.getValue();
      if (pngs.size() != Omniglot.DRAWINGS) {
        throw new LearnoptException(
            zip
                + ": "
                + folder.getKey()
                + " has "
                + pngs.size()
                + " drawings, but every Omniglot"
                + " character has "
                + Omniglot.DRAWINGS
                + "; the zip is incomplete — "
                + fix);
      }
      float[][] drawings = new float[pngs.size()][];
      int d = 0;
      for (Map.Entry<String, byte[]> png : pngs.entrySet()) {
        drawings[d++] = DrawingPng.decode(png.getValue(), zip, png.getKey(), fix);
      }
      String[] names = folder.getKey().split("/");
      characters.add(new OmniglotCharacter(names[0], names[1], drawings));
    }
    return characters;
  }

  private static boolean hasEmpty(String[] parts) {
    for (String p : parts) {
      if (p.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
