package io.learnopt.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizersTest {

  @Test
  void namesInRegistryOrder() {
    assertEquals(
        List.of("sgd", "momentum", "nag", "rmsprop", "adam", "adagrad", "rprop"),
        Optimizers.names());
  }

  /** Canonical specs with every key set away from its default, and the optimizer each means. */
  static Stream<Arguments> fullSpecs() {
    return Stream.of(
        Arguments.of("sgd:lr=0.5", Aliases.sgd(0.5)),
        Arguments.of("momentum:lr=0.1,beta=0.95", Aliases.momentum(0.1, 0.95)),
        Arguments.of("nag:lr=0.2,beta=0", Aliases.nesterov(0.2, 0)),
        Arguments.of("rmsprop:lr=0.003,decay=0.99,eps=1.0E-6", Aliases.rmsprop(0.003, 0.99, 1e-6)),
        Arguments.of(
            "adam:lr=0.002,beta1=0.8,beta2=0.99,eps=1.0E-7", Aliases.adam(0.002, 0.8, 0.99, 1e-7)),
        Arguments.of(
            "adagrad:lr=0.3,eps=1.0E-10,initialAccumulator=0.1", Aliases.adagrad(0.3, 1e-10, 0.1)),
        Arguments.of(
            "rprop:lr=0.02,etaMinus=0.4,etaPlus=1.3,stepMin=1.0E-5,stepMax=10",
            Aliases.rprop(0.02, 0.4, 1.3, 1e-5, 10)));
  }

  @ParameterizedTest
  @MethodSource("fullSpecs")
  void parseAndSpecRoundTrip(String spec, Optimizer expected) {
    assertEquals(expected, Optimizers.parse(spec));
    assertEquals(spec, Optimizers.spec(expected));
  }

  @ParameterizedTest
  @MethodSource("names")
  void bareNameGivesDefaultsAndSpecParsesBack(String name) {
    Optimizer optimizer = Optimizers.parse(name);
    assertEquals(name, optimizer.name());
    assertEquals(
        optimizer, Optimizers.withLearningRate(name, Optimizers.defaultLearningRate(name)));
    assertEquals(optimizer, Optimizers.parse(Optimizers.spec(optimizer)));
  }

  @ParameterizedTest
  @MethodSource("names")
  void everyNameIsConstructibleWithALearningRate(String name) {
    Optimizer optimizer = Optimizers.withLearningRate(name, 0.125);
    assertEquals(name, optimizer.name());
    assertTrue(Optimizers.spec(optimizer).startsWith(name + ":lr=0.125,") || name.equals("sgd"));
    assertEquals(Optimizers.parse(name + ":lr=0.125"), optimizer);
  }

  @Test
  void examplesFromTheDocs() {
    assertEquals(Aliases.adam(1e-3), Optimizers.parse("adam"));
    assertEquals(Aliases.adam(1e-3), Optimizers.parse("adam:lr=1e-3"));
    assertEquals(Aliases.momentum(0.1, 0.95), Optimizers.parse("momentum:lr=0.1,beta=0.95"));
    assertEquals(Aliases.rprop(0.01), Optimizers.parse("rprop"));
    assertEquals(1e-3, Optimizers.defaultLearningRate("adam"));
  }

  @ParameterizedTest
  @ValueSource(strings = {" Adam : LR = 2e-3 ", "ADAM:lr=0.002", "adam:Lr=2E-3"})
  void namesAndKeysIgnoreCaseAndSpaces(String spec) {
    assertEquals(Aliases.adam(2e-3), Optimizers.parse(spec));
  }

  @ParameterizedTest
  @ValueSource(strings = {"adamw", "adamw:lr=1", "sgdd:lr=0.1", "", "  ", ":lr=1", "nesterov"})
  void unknownNameListsValidNames(String spec) {
    UsageException e = assertThrows(UsageException.class, () -> Optimizers.parse(spec));
    String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    assertTrue(e.getMessage().contains(name.strip()), e.getMessage());
    assertTrue(e.getMessage().contains(String.join(", ", Optimizers.names())), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "adam:beta=0.9 | beta | lr, beta1, beta2, eps",
        "sgd:momentum=0.9 | momentum | lr",
        "rprop:lr=0.1,eta=2 | eta | lr, etaMinus, etaPlus, stepMin, stepMax",
        "momentum:lr | expected key=value | lr, beta",
        "adam: | expected key=value | lr, beta1, beta2, eps",
        "adam:lr=1e-3, | expected key=value | lr, beta1, beta2, eps",
      })
  void unknownOrMalformedKeyListsValidKeys(String spec, String offending, String keys) {
    UsageException e = assertThrows(UsageException.class, () -> Optimizers.parse(spec));
    assertTrue(e.getMessage().contains(offending), e.getMessage());
    assertTrue(e.getMessage().contains(keys), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "adam:lr=abc | lr=abc",
        "adam:lr= | lr=",
        "adam:lr=1e-3x | lr=1e-3x",
        "adam:lr=NaN | lr=NaN",
        "sgd:lr=Infinity | lr=Infinity",
        "sgd:lr=0 | lr=0",
        "sgd:lr=-0.1 | lr=-0.1",
        "adam:eps=-1e-8 | eps=-1e-8",
        "momentum:beta=1.5 | beta=1.5",
        "momentum:beta=-0.1 | beta=-0.1",
        "adagrad:initialAccumulator=-1 | initialAccumulator=-1",
        "rprop:etaPlus=0.9 | etaPlus=0.9",
        "rprop:etaMinus=1 | etaMinus=1",
        "rprop:stepMin=1,stepMax=0.5 | stepMax",
        "adam:lr=1,lr=2 | twice",
        // Range errors say the range.
        "momentum:beta=1 | [0, 1)",
      })
  void badValueNamesKeyAndValue(String spec, String offending) {
    UsageException e = assertThrows(UsageException.class, () -> Optimizers.parse(spec));
    assertTrue(e.getMessage().contains(offending), e.getMessage());
    assertTrue(e.getMessage().contains(spec), "quotes the spec: " + e.getMessage());
  }

  @Test
  void withLearningRateAndDefaultRejectUnknownNamesAndBadRates() {
    UsageException unknown =
        assertThrows(UsageException.class, () -> Optimizers.withLearningRate("lion", 1e-3));
    assertTrue(unknown.getMessage().contains("lion"), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("rprop"), unknown.getMessage());
    assertThrows(UsageException.class, () -> Optimizers.defaultLearningRate("lion"));
    UsageException bad =
        assertThrows(UsageException.class, () -> Optimizers.withLearningRate("adam", -1));
    assertTrue(bad.getMessage().contains("lr"), bad.getMessage());
  }

  @Test
  void specRejectsUnregisteredOptimizers() {
    Optimizer chain = Optimizers.chain(Optimizers.clipByGlobalNorm(1), Aliases.sgd(1));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.spec(chain));
  }

  static Stream<String> names() {
    return Optimizers.names().stream();
  }
}
