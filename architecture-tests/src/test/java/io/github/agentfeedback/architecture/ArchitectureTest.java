package io.github.agentfeedback.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The architecture of the published modules, as their compiled classes have it:
 *
 * <ul>
 *   <li>no cycles between capabilities (a package together with the {@code internal}
 *       packages beneath it; in feedback-core the model is the root package with its {@code
 *       internal}), so each capability can be read, and could be split off, on its own;
 *   <li>no module uses another module's {@code internal} packages, which carry no
 *       compatibility promise;
 *   <li>each module's descriptor exports exactly its packages that are not internal.
 * </ul>
 */
class ArchitectureTest {

  private static final String ROOT = "io.github.agentfeedback";

  /** feedback-core's capabilities besides the model in the root package. */
  private static final Set<String> CORE =
      Set.of("capture", "analytics", "spi", "memory", "token", "escalation");

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages(ROOT);

  /** The module a package belongs to: the first segment after the root, core's aside. */
  static String module(String pkg) {
    if (pkg.equals(ROOT)) {
      return "core";
    }
    String[] parts = pkg.substring(ROOT.length() + 1).split("\\.", -1);
    if (CORE.contains(parts[0]) || parts[0].equals("internal")) {
      return "core";
    }
    if (parts[0].equals("mongo") && parts.length > 1 && parts[1].equals("test")) {
      return "mongo-test";
    }
    return parts[0];
  }

  /** The capability a package belongs to: the package without its internal part. */
  static String capability(String pkg) {
    int internal = pkg.indexOf(".internal");
    return internal < 0 ? pkg : pkg.substring(0, internal);
  }

  private static boolean isInternal(String pkg) {
    return pkg.endsWith(".internal") || pkg.contains(".internal.");
  }

  @Test
  void theClassesOfEveryPublishedModuleAreChecked() {
    Set<String> modules =
        CLASSES.stream()
            .map(c -> module(c.getPackageName()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(modules)
        .contains(
            "core",
            "tck",
            "mongo-test",
            "mongo",
            "jdbc",
            "hooks",
            "webhooks",
            "export",
            "aws",
            "micrometer",
            "otel",
            "spring");
  }

  @Test
  void capabilitiesHaveNoCycles() {
    SliceAssignment byCapability =
        new SliceAssignment() {
          @Override
          public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            return pkg.startsWith(ROOT)
                ? SliceIdentifier.of(capability(pkg))
                : SliceIdentifier.ignore();
          }

          @Override
          public String getDescription() {
            return "capabilities (a package with the internal packages beneath it)";
          }
        };
    slices().assignedFrom(byCapability).should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void noModuleUsesAnotherModulesInternalPackages() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : CLASSES) {
      String from = module(c.getPackageName());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String target = d.getTargetClass().getPackageName();
        if (target.startsWith(ROOT) && isInternal(target) && !module(target).equals(from)) {
          violations.add(d.getDescription());
        }
      }
    }
    assertThat(violations).as("uses of another module's internal packages").isEmpty();
  }

  @Test
  void everyModuleDescriptorExportsItsPublicPackagesOnly() throws URISyntaxException {
    Set<Path> locations = new TreeSet<>();
    for (JavaClass c : CLASSES) {
      locations.add(location(c));
    }
    int described = 0;
    for (Path location : locations) {
      for (ModuleReference ref : ModuleFinder.of(location).findAll()) {
        ModuleDescriptor descriptor = ref.descriptor();
        if (descriptor.isAutomatic()) {
          continue; // the test kits: Automatic-Module-Name, packages all public
        }
        described++;
        Set<String> exported =
            descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected =
            descriptor.packages().stream()
                .filter(p -> !isInternal(p))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(exported).as(descriptor.name() + " exports").isEqualTo(expected);
      }
    }
    assertThat(described).as("modules with a descriptor").isGreaterThanOrEqualTo(9);
  }

  private static Path location(JavaClass c) throws URISyntaxException {
    java.net.URI uri = c.getSource().orElseThrow().getUri();
    String text = uri.toString();
    String name = c.getName().replace('.', '/') + ".class";
    if (text.startsWith("jar:")) {
      return Path.of(new java.net.URI(text.substring(4, text.indexOf("!/"))));
    }
    return Path.of(new java.net.URI(text.substring(0, text.length() - name.length())));
  }
}
