package chat.gateway.load;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The load tool stands outside the product: it speaks the protocol through the domain's frame types
 * and the codec, like any client, and no product module depends on it. (Only this module's test
 * classpath holds every module together with the tool, so the rule lives here.)
 */
class LoadArchitectureTest {

  private static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("/test-support"))
          .importPackages("chat.gateway");

  @Test
  void noProductModuleDependsOnTheLoadTool() {
    noClasses()
        .that()
        .resideOutsideOfPackage("chat.gateway.load..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("chat.gateway.load..")
        .check(PRODUCTION);
  }

  @Test
  void theLoadToolUsesOnlyTheProtocolOfTheProduct() {
    classes()
        .that()
        .resideInAPackage("chat.gateway.load..")
        .should()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackages(
            "chat.gateway.application..",
            "chat.gateway.adapters..",
            "chat.gateway.bootstrap..",
            "chat.gateway.client..")
        .check(PRODUCTION);
  }
}
