package chat.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.InstantSource;
import java.util.List;

/**
 * The layering rules, written for any root package so that the same rules can be shown to fail on a
 * fixture package that breaks them.
 */
final class ArchitectureRules {

  /** Where logging libraries live; the JDK's System.Logger is named on its own. */
  private static final List<String> LOGGING_PACKAGES =
      List.of(
          "java.util.logging",
          "org.slf4j",
          "ch.qos.logback",
          "org.apache.logging",
          "org.apache.commons.logging",
          "org.jboss.logging");

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

  static ArchRule metricsLibraryOnlyInItsAdapter(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackages(root + ".adapters.admin..", root + ".bootstrap..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.micrometer..", "io.prometheus..")
        .because(
            "the core counts through the GatewayMetrics port; Micrometer is one adapter of it,"
                + " wired by bootstrap");
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

  /**
   * Inbound and outbound ports meet only in the services. The one exception is the socket a
   * connection is opened with: {@code ConnectUseCase.open(Transport)} hands the core the
   * connection's outbound side at the moment it begins.
   */
  static ArchRule portsAreIndependent(String root) {
    String ports = root + ".application.port";
    return slices()
        .matching(ports + ".(*)..")
        .should()
        .notDependOnEachOther()
        .ignoreDependency(
            JavaClass.Predicates.simpleName("ConnectUseCase")
                .and(JavaClass.Predicates.resideInAPackage(ports + ".in")),
            JavaClass.Predicates.simpleName("Transport")
                .and(JavaClass.Predicates.resideInAPackage(ports + ".out")))
        .because(
            "inbound ports say what the core offers, outbound ports what it needs: neither is"
                + " defined in terms of the other");
  }

  static ArchRule portsDoNotDependOnServices(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".application.port..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".application.service..")
        .because("a port is a contract; the service is one implementation of it");
  }

  static ArchRule domainReadsNoClock(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .callMethodWhere(readsTheClock())
        .orShould()
        .callConstructor(java.util.Date.class)
        .because("time comes into the domain as an argument, so every rule is a pure function");
  }

  static ArchRule domainDoesNotLog(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are loggers",
                (JavaClass type) ->
                    type.getName().startsWith(System.Logger.class.getName())
                        || type.getName().startsWith(System.LoggerFinder.class.getName())
                        || LOGGING_PACKAGES.stream()
                            .anyMatch(pkg -> type.getPackageName().startsWith(pkg))))
        .because("the domain returns decisions; whoever carries them out says what happened");
  }

  /**
   * A call that reads a clock of the machine: System.currentTimeMillis and nanoTime, any java.time
   * {@code now(..)}, the system clocks and {@code InstantSource.system()}.
   */
  private static DescribedPredicate<JavaMethodCall> readsTheClock() {
    return DescribedPredicate.describe(
        "reads the wall clock",
        (JavaMethodCall call) -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          return (owner.equals(System.class.getName())
                  && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
              || (owner.startsWith("java.time.") && name.equals("now"))
              || ((owner.equals(Clock.class.getName())
                      || owner.equals(InstantSource.class.getName()))
                  && name.startsWith("system"));
        });
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
