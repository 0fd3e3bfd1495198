package io.learnopt.cli.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void leftAlignsTextAndRightAlignsNumbers() {
    TextTable t =
        new TextTable("optimizer", "final loss", "steps", "note")
            .addRow("adam", "0.0123", "100", "tuned lr")
            .addRow("L2L (LSTM)", "1.5e-4", "1,000", "")
            .addRow("sgd", "NaN", "-", "diverged");
    assertEquals(
        """
        optimizer   final loss  steps  note
        ----------  ----------  -----  --------
        adam            0.0123    100  tuned lr
        L2L (LSTM)      1.5e-4  1,000
        sgd                NaN      -  diverged
        """,
        t.render());
  }

  @Test
  void headerWiderThanCellsAndEmptyTable() {
    assertEquals(
        """
        n  a long header
        -  -------------
        """,
        new TextTable(List.of("n", "a long header")).render());
    assertEquals(
        """
        n  a long header
        -  -------------
        7              8
        """,
        new TextTable("n", "a long header").addRow("7", "8").toString());
  }

  @Test
  void mixedColumnsAndPlaceholderOnlyColumnsStayLeftAligned() {
    String rendered =
        new TextTable("id", "dash").addRow("12", "-").addRow("x1", "-").addRow(null, "-").render();
    assertEquals(
        """
        id  dash
        --  ----
        12  -
        x1  -
            -
        """,
        rendered);
  }

  @Test
  void percentagesSignsAndInfinityAreNumbers() {
    assertEquals(
        """
        value
        -----
          12%
         -inf
          +.5
        """,
        new TextTable("value").addRow("12%").addRow("-inf").addRow("+.5").render());
  }

  @Test
  void rowsMustHaveOneCellPerColumn() {
    TextTable t = new TextTable("a", "b");
    assertThrows(IllegalArgumentException.class, () -> t.addRow("only one"));
    assertThrows(IllegalArgumentException.class, () -> new TextTable(List.of()));
  }
}
