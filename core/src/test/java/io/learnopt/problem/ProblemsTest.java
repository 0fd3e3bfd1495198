package io.learnopt.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.learnopt.UsageException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The problem registry: specs, defaults, and usage errors that name the offending text. */
class ProblemsTest {

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("quadratic", new QuadraticProblem(10)),
        Arguments.of("quadratic:dim=20", new QuadraticProblem(20)),
        Arguments.of(" quadratic: dim = 3 ", new QuadraticProblem(3)),
        Arguments.of("polynomial", new PolynomialProblem(6, 50, 0.1)),
        Arguments.of("polynomial:degree=6,samples=50,noise=0.1", new PolynomialProblem(6, 50, 0.1)),
        Arguments.of("polynomial:noise=0,degree=2", new PolynomialProblem(2, 50, 0)),
        Arguments.of("rosenbrock", new RosenbrockProblem()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void parsesSpecsWithDefaults(String spec, Problem expected) {
    assertEquals(expected, Problems.parse(spec));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "quadratic",
        "quadratic:dim=7",
        "polynomial:degree=6,samples=50,noise=0.1",
        "polynomial:degree=3,samples=9,noise=0.0",
        "rosenbrock"
      })
  void nameParsesBackToAnEqualProblem(String spec) {
    Problem problem = Problems.parse(spec);
    assertEquals(problem, Problems.parse(problem.name()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"adagrad", "Quadratic", "quad", "rosenbrock2:dim=2"})
  void unknownProblemListsValidNames(String spec) {
    UsageException e = assertThrows(UsageException.class, () -> Problems.parse(spec));
    String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    for (String valid : Problems.names()) {
      assertTrue(e.getMessage().contains(valid), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptySpecListsValidNames(String spec) {
    UsageException e = assertThrows(UsageException.class, () -> Problems.parse(spec));
    assertTrue(e.getMessage().contains(Problems.names().toString()), e.getMessage());
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        // unknown option: names it and lists the valid ones
        Arguments.of("quadratic:size=3", new String[] {"'size'", "dim"}),
        Arguments.of("polynomial:degre=3", new String[] {"'degre'", "degree", "samples", "noise"}),
        Arguments.of("rosenbrock:dim=2", new String[] {"'dim'", "rosenbrock"}),
        // not an integer / not a number
        Arguments.of("quadratic:dim=ten", new String[] {"dim", "'ten'", "integer"}),
        Arguments.of("quadratic:dim=2.5", new String[] {"dim", "'2.5'", "integer"}),
        Arguments.of("polynomial:samples=1e3", new String[] {"samples", "'1e3'", "integer"}),
        Arguments.of("polynomial:noise=lots", new String[] {"noise", "'lots'", "number"}),
        // out of range
        Arguments.of("quadratic:dim=0", new String[] {"dim", "positive", "0"}),
        Arguments.of("quadratic:dim=-3", new String[] {"dim", "positive", "-3"}),
        Arguments.of("polynomial:degree=0", new String[] {"degree", "positive", "0"}),
        Arguments.of("polynomial:samples=-1", new String[] {"samples", "positive", "-1"}),
        Arguments.of("polynomial:noise=-0.5", new String[] {"noise", "-0.5"}),
        Arguments.of("polynomial:noise=NaN", new String[] {"noise", "NaN"}),
        Arguments.of("polynomial:noise=Infinity", new String[] {"noise", "Infinity"}),
        // malformed pairs
        Arguments.of("quadratic:dim", new String[] {"'dim'", "key=value"}),
        Arguments.of("quadratic:=3", new String[] {"'=3'", "key=value"}),
        Arguments.of("quadratic:dim=", new String[] {"'dim='", "key=value"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void badOptionsAreUsageErrorsQuotingTheOffendingText(String spec, String[] fragments) {
    UsageException e = assertThrows(UsageException.class, () -> Problems.parse(spec));
    for (String fragment : fragments) {
      assertTrue(
          e.getMessage().contains(fragment),
          "message for '" + spec + "' lacks " + fragment + ": " + e.getMessage());
    }
  }
}
