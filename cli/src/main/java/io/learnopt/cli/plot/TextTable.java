package io.learnopt.cli.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plain-text table for the terminal: a header row, a rule of dashes, then the rows, with columns
 * padded to a common width and separated by two spaces. A column whose cells are all numbers (or
 * empty, "-", "nan", "inf") is right-aligned, header included, so digits line up; other columns are
 * left-aligned. Widths count code points, so wide CJK characters or emoji will not align.
 *
 * <pre>{@code
 * TextTable t = new TextTable("optimizer", "final loss", "steps");
 * t.addRow("adam", "0.0123", "100");
 * System.out.print(t.render());
 * }</pre>
 */
public final class TextTable {
  private static final String GAP = "  ";

  /** Integers, decimals, exponents, thousands separators, percentages; plus NaN and ±inf. */
  private static final Pattern NUMBER =
      Pattern.compile(
          "[-+]?(?:\\d[\\d,_]*(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?%?"
              + "|[-+]?(?i:inf|infinity|nan)|-|—");

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with these column titles. */
  public TextTable(String... header) {
    this(List.of(header));
  }

  /** A table with these column titles. */
  public TextTable(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = List.copyOf(header);
  }

  /**
   * Appends a row; it must have one cell per column (null cells print as empty).
   *
   * @return this table, for chaining
   */
  public TextTable addRow(String... cells) {
    return addRow(Arrays.asList(cells));
  }

  /**
   * Appends a row; it must have one cell per column (null cells print as empty).
   *
   * @return this table, for chaining
   */
  public TextTable addRow(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(
          "row " + cells + " has " + cells.size() + " cells; the table has " + header.size());
    }
    List<String> row = new ArrayList<>(cells.size());
    for (String c : cells) {
      row.add(c == null ? "" : c);
    }
    rows.add(row);
    return this;
  }

  /** The table as lines ending in {@code \n}, trailing spaces trimmed. */
  public String render() {
    int columns = header.size();
    int[] width = new int[columns];
    boolean[] numeric = new boolean[columns];
    for (int c = 0; c < columns; c++) {
      width[c] = length(header.get(c));
      boolean anyNumber = false;
      boolean allNumbers = true;
      for (List<String> row : rows) {
        String cell = row.get(c).strip();
        width[c] = Math.max(width[c], length(row.get(c)));
        if (!cell.isEmpty()) {
          boolean isNumber = NUMBER.matcher(cell).matches();
          allNumbers &= isNumber;
          anyNumber |= isNumber && cell.chars().anyMatch(Character::isDigit);
        }
      }
      // A column of only placeholders ("-") is text: nothing there to line up.
      numeric[c] = allNumbers && anyNumber;
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, header, width, numeric);
    List<String> rule = new ArrayList<>(columns);
    for (int c = 0; c < columns; c++) {
      rule.add("-".repeat(width[c]));
    }
    appendRow(out, rule, width, numeric);
    for (List<String> row : rows) {
      appendRow(out, row, width, numeric);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }

  private static void appendRow(
      StringBuilder out, List<String> cells, int[] width, boolean[] numeric) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append(GAP);
      }
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - length(cell));
      line.append(numeric[c] ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }
}
