package dev.stowage.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Dependencies point inward (cli -> engine -> image/run/secrets): each module may use only the modules listed
 * here, and no packages form a cycle. The table is the architecture of docs/architecture.md.
 */
class ArchitectureTest {
  private static final String ROOT = "dev.stowage.";

  /** Module -> the other modules it may depend on. Modules not yet written are listed so the rule holds early. */
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "detect", Set.of(),
          "dockerfile", Set.of("detect"),
          "secrets", Set.of(),
          "oci", Set.of(),
          "registry", Set.of("oci", "secrets"),
          "scan", Set.of("detect", "oci", "secrets", "registry"),
          "engine", Set.of("detect", "dockerfile", "oci", "secrets", "registry", "scan"),
          "runtime", Set.of("engine", "oci", "secrets"),
          "cli", Set.of("detect", "dockerfile", "oci", "secrets", "registry", "scan", "engine", "runtime"));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Another module's test fixtures reach this classpath as a *-tests.jar (registry's test registry).
            .withImportOption(location -> !location.matches(java.util.regex.Pattern.compile(".*-tests\\.jar.*")))
            .importPackages("dev.stowage");
  }

  @TestFactory
  Stream<DynamicTest> modulesDependOnlyOnWhatTheyMay() {
    return ALLOWED.entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey() + " depends only on " + entry.getValue(),
                    () -> {
                      List<String> forbidden =
                          ALLOWED.keySet().stream()
                              .filter(other -> !other.equals(entry.getKey()))
                              .filter(other -> !entry.getValue().contains(other))
                              .map(other -> ROOT + other + "..")
                              .toList();
                      noClasses()
                          .that()
                          .resideInAPackage(ROOT + entry.getKey() + "..")
                          .should()
                          .dependOnClassesThat()
                          .resideInAnyPackage(forbidden.toArray(String[]::new))
                          .allowEmptyShould(true)
                          .check(classes);
                    }));
  }

  @Test
  void packagesHaveNoCycles() {
    SlicesRuleDefinition.slices()
        .matching("dev.stowage.(**)")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void onlyTheFewThatMustMayRevealASecretValue() {
    // The few places that must hand secret bytes on: tmpfs files and matchers (secrets), the runtime bundle's
    // process environment (runtime), registry passwords and tokens (registry.auth), and the scanner's known
    // values, which it splits into credentials and fingerprints with a keyed HMAC (scan.detect).
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + "secrets..", ROOT + "runtime..", ROOT + "registry.auth..",
            ROOT + "scan.detect..")
        .should()
        .callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
            com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("reveal"))
            .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                    com.tngtech.archunit.base.DescribedPredicate.describe("SecretValue",
                        owner -> owner.getName().equals("dev.stowage.secrets.SecretValue"))))))
        .check(classes);
  }

  @Test
  void libraryModulesNeverPrintToTheConsole() {
    // The libraries emit events and exceptions; only the CLI talks to the terminal.
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + "cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .allowEmptyShould(true)
        .check(classes);
  }
}
