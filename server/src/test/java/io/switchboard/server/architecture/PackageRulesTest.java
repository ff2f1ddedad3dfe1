package io.switchboard.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shape ARCHITECTURE.md promises, checked on the compiled server classes, so that a change that bends it
 * fails here rather than in the next person's refactoring.
 */
@Timeout(60)
class PackageRulesTest {
    private static final String SERVER = "io.switchboard.server";
    private static JavaClasses classes;

    @BeforeAll
    static void importServerClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVER);
    }

    @Test
    void no_two_packages_depend_on_each_other_even_through_others() {
        slices().matching(SERVER + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void config_is_the_ground_floor_and_imports_no_other_server_package() {
        noClasses().that().resideInAPackage(SERVER + ".config..")
                .should().dependOnClassesThat(
                        DescribedPredicate.describe("a server class outside config",
                                c -> c.getPackageName().startsWith(SERVER + ".")
                                        && !c.getPackageName().startsWith(SERVER + ".config")))
                .check(classes);
    }

    @Test
    void the_engine_never_imports_an_app() {
        noClasses().that().resideInAPackage(SERVER + "..")
                .and().resideOutsideOfPackages(SERVER + ".apps..", SERVER + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(SERVER + ".apps..")
                .check(classes);
    }

    /**
     * Accounts are rows of the users app's table, so accounts builds on users, declared through
     * {@code AppServices}; any other import between apps is a dependency nobody declared.
     */
    @Test
    void an_app_imports_another_only_where_it_is_built_on_it() {
        Set<String> declared = Set.of("accounts->users");
        classes().that().resideInAPackage(SERVER + ".apps..")
                .should(new ArchCondition<JavaClass>("import no other app but one it is built on " + declared) {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        String from = appOf(origin);
                        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                            String to = appOf(d.getTargetClass());
                            if (to != null && !to.equals(from) && !declared.contains(from + "->" + to)) {
                                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                            }
                        }
                    }
                })
                .check(classes);
    }

    private static String appOf(JavaClass c) {
        String prefix = SERVER + ".apps.";
        String pkg = c.getPackageName();
        if (!pkg.startsWith(prefix)) {
            return null;
        }
        int dot = pkg.indexOf('.', prefix.length());
        return dot < 0 ? pkg.substring(prefix.length()) : pkg.substring(prefix.length(), dot);
    }

    @Test
    void only_the_eventloop_package_reaches_into_vertx_internals() {
        noClasses().that().resideInAPackage(SERVER + "..")
                .and().resideOutsideOfPackage(SERVER + ".eventloop..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx.core.internal..", "io.vertx.core.impl..",
                        "io.vertx.core.http.impl..", "io.vertx.core.net.impl..")
                .check(classes);
    }
}
