package chat.gateway.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import chat.gateway.archfixture.application.port.in.KeepThingCommand;
import chat.gateway.archfixture.application.port.in.KeepThingOutcome;
import chat.gateway.archfixture.application.port.in.KeepThingUseCase;
import chat.gateway.archfixture.application.port.out.ThingFeed;
import chat.gateway.archfixture.application.port.out.ThingStore;
import chat.gateway.archfixture.application.service.KeepThingService;
import chat.gateway.archfixture.domain.ClockReadingDomainType;
import chat.gateway.archfixture.domain.LoggingDomainType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule Maven cannot enforce, run on a small set of fixture classes that breaks it, must name
 * the very dependency or call that breaks it: a rule that fails for another reason, or on a package
 * that does not exist, proves nothing.
 */
class SpecificViolationsTest {

  private static final String FIXTURE = "chat.gateway.archfixture";

  @Test
  void portsAreIndependentReportsBothDirections() {
    List<String> violations =
        violations(
            ArchitectureRules.portsAreIndependent(FIXTURE),
            KeepThingCommand.class,
            KeepThingUseCase.class,
            ThingStore.class,
            ThingFeed.class);

    assertThat(violations)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(KeepThingCommand.class.getName())
                    .contains(ThingStore.class.getName()))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(ThingFeed.class.getName() + ".feedInto")
                    .contains(KeepThingUseCase.class.getName()));
  }

  @Test
  void portsDoNotDependOnServicesReportsThePortThatKnowsAService() {
    List<String> violations =
        violations(
            ArchitectureRules.portsDoNotDependOnServices(FIXTURE),
            KeepThingOutcome.class,
            KeepThingUseCase.class,
            KeepThingService.class);

    assertThat(violations)
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .contains(KeepThingOutcome.class.getName())
                    .contains(KeepThingService.class.getName()));
  }

  @Test
  void domainReadsNoClockReportsEveryClockRead() {
    List<String> violations =
        violations(ArchitectureRules.domainReadsNoClock(FIXTURE), ClockReadingDomainType.class);

    assertThat(String.join("\n", violations))
        .contains("calls method <java.time.Instant.now()>")
        .contains("calls method <java.lang.System.currentTimeMillis()>")
        .contains("calls method <java.lang.System.nanoTime()>")
        .contains("calls method <java.time.LocalDateTime.now()>")
        .contains("calls method <java.time.Clock.systemUTC()>");
    assertThat(violations).hasSize(5);
  }

  @Test
  void domainDoesNotLogReportsTheJdkLoggers() {
    List<String> violations =
        violations(ArchitectureRules.domainDoesNotLog(FIXTURE), LoggingDomainType.class);

    assertThat(String.join("\n", violations))
        .contains("java.lang.System$Logger")
        .contains("java.util.logging.Logger");
  }

  @Test
  void theCleanPartsOfTheFixturePass() {
    assertThat(
            ArchitectureRules.portsDoNotDependOnServices(FIXTURE)
                .evaluate(
                    new ClassFileImporter()
                        .importClasses(KeepThingUseCase.class, KeepThingService.class))
                .hasViolation())
        .isFalse();
    assertThat(
            ArchitectureRules.portsAreIndependent(FIXTURE)
                .evaluate(
                    new ClassFileImporter().importClasses(KeepThingUseCase.class, ThingStore.class))
                .hasViolation())
        .isFalse();
  }

  private static List<String> violations(ArchRule rule, Class<?>... classes) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(classes));
    return result.getFailureReport().getDetails();
  }
}
