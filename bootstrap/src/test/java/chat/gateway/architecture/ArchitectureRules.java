package chat.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The layering rules, written for any root package so that the same rules can be shown to fail on a
 * fixture package that breaks them.
 */
final class ArchitectureRules {

  private ArchitectureRules() {}

  static ArchRule layers(String root) {
    return layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage(root + "..")
        .layer("Domain")
        .definedBy(root + ".domain..")
        .layer("Application")
        .definedBy(root + ".application..")
        .layer("Codec")
        .definedBy(root + ".codec..")
        .layer("Adapters")
        .definedBy(root + ".adapters..")
        .layer("Client")
        .definedBy(root + ".client..")
        .layer("Bootstrap")
        .definedBy(root + ".bootstrap..")
        .whereLayer("Bootstrap")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Adapters")
        .mayOnlyBeAccessedByLayers("Bootstrap")
        .whereLayer("Application")
        .mayOnlyBeAccessedByLayers("Adapters", "Bootstrap")
        .whereLayer("Codec")
        .mayOnlyBeAccessedByLayers("Adapters", "Client", "Bootstrap")
        .whereLayer("Client")
        .mayOnlyBeAccessedByLayers("Bootstrap")
        .because(
            "dependencies point inward: domain <- application <- adapters <- bootstrap;"
                + " the client sits beside the server, on the domain and the codec");
  }

  static ArchRule domainUsesOnlyTheJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(root + ".domain..", "java..")
        .because("the domain is pure: no framework, no logging, no serialization library");
  }

  static ArchRule applicationUsesOnlyTheDomainAndTheJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".application..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(root + ".application..", root + ".domain..", "java..")
        .because("the application knows the outside world only through its ports");
  }

  static ArchRule clientUsesOnlyTheDomainTheCodecAndTheJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".client..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            root + ".client..",
            root + ".domain..",
            root + ".codec..",
            "java..",
            "javax.net.ssl..",
            "picocli..")
        .because(
            "the client library ships to other programs: it speaks the protocol, and never sees"
                + " the server's application or adapters");
  }

  static ArchRule adaptersAreIndependent(String root) {
    return slices()
        .matching(root + ".adapters.(*)..")
        .should()
        .notDependOnEachOther()
        .because("an adapter can be swapped without touching another");
  }

  /** An adapter implementing an outbound port is named tool + port (InMemoryMessageStore). */
  static ArchRule adaptersAreNamedAfterTheirPort(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".adapters..")
        .should(endWithTheNameOfTheOutboundPortsTheyImplement(root))
        .allowEmptyShould(false);
  }

  static ArchRule useCasesAreImplementedByServices(String root) {
    return classes()
        .that()
        .implement(
            DescribedPredicate.describe(
                "a use case",
                (JavaClass type) ->
                    type.getPackageName().startsWith(root + ".application.port.in")
                        && type.getSimpleName().endsWith("UseCase")))
        .and()
        .areNotInterfaces()
        .and()
        .resideOutsideOfPackage(root + ".application.session..")
        .should()
        .haveSimpleNameEndingWith("Service")
        .because("inbound ports are implemented by services: SendChatUseCase by ChatService");
  }

  private static ArchCondition<JavaClass> endWithTheNameOfTheOutboundPortsTheyImplement(
      String root) {
    String ports = root + ".application.port.out";
    return new ArchCondition<>("be named after the outbound ports they implement") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        for (JavaClass port : type.getAllRawInterfaces()) {
          if (port.getPackageName().equals(ports)
              && !type.getSimpleName().endsWith(port.getSimpleName())) {
            events.add(
                SimpleConditionEvent.violated(
                    type,
                    type.getName()
                        + " implements "
                        + port.getSimpleName()
                        + " but is not named *"
                        + port.getSimpleName()));
          }
        }
      }
    };
  }

  static ArchRule noStandardStreamsOutsideTheCommandLine(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .doNotHaveSimpleName("Main")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .because("output goes through the logger, or through the stream a command is given");
  }
}
