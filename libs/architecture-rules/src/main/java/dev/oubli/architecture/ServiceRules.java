package dev.oubli.architecture;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

/**
 * The rules of docs/style.md that a machine can check, for every Oubli service. A service applies them with
 * {@code @ArchTest static final ArchTests style = ArchTests.in(ServiceRules.class);} in its ArchitectureTest.
 */
public final class ServiceRules {

    private ServiceRules() {
    }

    @ArchTest
    static final ArchRule noDumpingGroundPackages = noClasses()
            .should().resideInAnyPackage("..common..", "..shared..", "..util..", "..utils..", "..helper..", "..helpers..")
            .because("a package is named for the feature it serves (docs/style.md: packages by feature)")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule entitiesStayInsideTheirFeature = classes()
            .that().areAnnotatedWith("jakarta.persistence.Entity")
            .should().notBePublic()
            .because("entities never leave their feature package; the API speaks records")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule repositoriesAreReachedThroughTheirService = classes()
            .that().haveSimpleNameEndingWith("Repository")
            .should().notBePublic()
            .because("another feature is reached through its *Service, never its repository")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule resourcesSpeakRecordsNotEntities = noClasses()
            .that().haveSimpleNameEndingWith("Resource")
            .should().dependOnClassesThat().areAnnotatedWith("jakarta.persistence.Entity")
            .because("entities are never returned as API bodies")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule constructorInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    @ArchTest
    static final ArchRule noStandardStreams = NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
}
