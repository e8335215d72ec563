package chat.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hexagonal layering, checked on the production classes of every module (only bootstrap's
 * classpath sees them all), and shown to fail on {@code chat.gateway.archfixture}, a package of
 * test classes that breaks each rule on purpose.
 */
class ArchitectureTest {

  private static final String ROOT = "chat.gateway";
  private static final String FIXTURE = "chat.gateway.archfixture";

  private static JavaClasses production;
  private static JavaClasses fixture;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // test-support is test code kept in a main jar for every module's tests to share.
            .withImportOption(location -> !location.contains("/test-support/"))
            .importPackages(ROOT);
    fixture = new ClassFileImporter().importPackages(FIXTURE);
  }

  static Stream<Arguments> rules() {
    return Stream.<Function<String, ArchRule>>of(
            ArchitectureRules::layers,
            ArchitectureRules::domainUsesOnlyTheJdk,
            ArchitectureRules::applicationUsesOnlyTheDomainAndTheJdk,
            ArchitectureRules::clientUsesOnlyTheDomainTheCodecAndTheJdk,
            ArchitectureRules::adaptersAreIndependent,
            ArchitectureRules::metricsLibraryOnlyInItsAdapter,
            ArchitectureRules::adaptersAreNamedAfterTheirPort,
            ArchitectureRules::useCasesAreImplementedByServices,
            ArchitectureRules::portsAreIndependent,
            ArchitectureRules::portsDoNotDependOnServices,
            ArchitectureRules::domainReadsNoClock,
            ArchitectureRules::domainDoesNotLog,
            ArchitectureRules::noStandardStreamsOutsideTheCommandLine)
        .map(rule -> Arguments.of(rule.apply(ROOT).getDescription(), rule));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void productionCodeFollowsTheRule(String name, Function<String, ArchRule> rule) {
    rule.apply(ROOT).check(production);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theRuleFailsOnAClassThatBreaksIt(String name, Function<String, ArchRule> rule) {
    EvaluationResult result = rule.apply(FIXTURE).evaluate(fixture);
    assertThat(result.hasViolation())
        .as("rule '%s' must catch the fixture's violation", name)
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "domain",
        "domain.protocol",
        "domain.connection",
        "application.port.in",
        "application.port.out",
        "application.service",
        "application.metrics",
        "codec",
        "adapters.memory",
        "adapters.persistence",
        "adapters.redis",
        "adapters.kafka",
        "adapters.auth",
        "adapters.ws",
        "adapters.admin",
        "client",
        "client.cli",
        "bootstrap"
      })
  void everyPackageTheRulesNameHoldsClasses(String pkg) {
    assertThat(production.stream().filter(c -> c.getPackageName().equals(ROOT + "." + pkg)))
        .as("production classes in %s.%s", ROOT, pkg)
        .isNotEmpty();
  }

  @Test
  void generalCodingRulesHold() {
    List<ArchRule> rules =
        List.of(
            GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS,
            GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING,
            GeneralCodingRules.NO_CLASSES_SHOULD_USE_JODATIME,
            GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION);
    rules.forEach(rule -> rule.check(production));
  }
}
