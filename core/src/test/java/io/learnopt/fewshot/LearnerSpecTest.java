package io.learnopt.fewshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.nn.ConvNet;
import io.learnopt.nn.Mlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearnerSpecTest {
  @Test
  void parsesAndRoundTripsBothKinds() {
    LearnerSpec conv = LearnerSpec.parse("conv:channels=64,bn=false");
    assertEquals(new ConvNet(1, 28, 28, 64, 4, false, 5), conv.build(5));
    assertEquals(conv, LearnerSpec.parse(conv.toString()));
    LearnerSpec mlp = LearnerSpec.parse("mlp:hidden=12");
    assertTrue(mlp.build(3) instanceof Mlp m && m.hiddenSizes().equals(java.util.List.of(12)));
    assertEquals(mlp, LearnerSpec.parse(mlp.toString()));
    assertEquals(
        LearnerSpec.parse("conv:channels=32,bn=true"), LearnerSpec.parse(LearnerSpec.DEFAULT));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "resnet | unknown learner 'resnet'",
        "conv:depth=3 | unknown option 'depth'",
        "conv:channels=x | 'x' is not an integer",
        "mlp:channels=3 | mlp has no option 'channels'",
        "mlp:bn=true | bn=true|false applies to conv only",
        "conv:channels=0 | width must be at least 1"
      })
  void badSpecsSayWhatIsWrong(String spec, String message) {
    UsageException e = assertThrows(UsageException.class, () -> LearnerSpec.parse(spec));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
