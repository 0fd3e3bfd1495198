package io.learnopt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import io.learnopt.eval.Contender;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContendersTest {

  @Test
  void optionsOfASpecStayWithIt() {
    assertEquals(
        List.of("runs/a.safetensors", "adam:lr=0.1,beta1=0.95", "sgd", "momentum:lr=0.03"),
        Contenders.split("runs/a.safetensors, adam:lr=0.1,beta1=0.95,sgd,momentum:lr=0.03,"));
  }

  @Test
  void bareNamesAreTunedAndSpecsAreFixed() {
    List<Contender> parsed = Contenders.parse("sgd,adam:lr=0.1,beta1=0.95");
    assertInstanceOf(Contender.Tuned.class, parsed.get(0));
    Contender.Fixed adam = assertInstanceOf(Contender.Fixed.class, parsed.get(1));
    assertEquals(0.1, adam.learningRate(), 0.0);
    assertEquals("adam:lr=0.1,beta1=0.95", adam.name());
  }

  @Test
  void duplicatesAndEmptyListsAreUsageErrors() {
    UsageException twice =
        assertThrows(UsageException.class, () -> Contenders.parse("sgd,adam,sgd"));
    assertTrue(twice.getMessage().contains("listed twice"), twice.getMessage());
    assertThrows(UsageException.class, () -> Contenders.parse(" , "));
  }
}
