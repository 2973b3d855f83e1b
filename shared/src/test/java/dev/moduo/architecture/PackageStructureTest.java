package dev.moduo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package structure README's architecture section describes, held by the compiled classes. */
class PackageStructureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.moduo");

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("dev.moduo.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void onlyTheEdgeKnowsHttpAndLambda() {
        noClasses().that().resideInAnyPackage("dev.moduo.session..", "dev.moduo.user..", "dev.moduo.cleanup..",
                        "dev.moduo.chat..", "dev.moduo.stream..", "dev.moduo.secrets..", "dev.moduo.mongo..",
                        "dev.moduo.auth..", "dev.moduo.core..", "dev.moduo.config..", "dev.moduo.snapstart..",
                        "dev.moduo.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.moduo.http..", "dev.moduo.lambda..",
                        "com.amazonaws.services.lambda..")
                .check(MAIN);
    }

    /** Each collection has one owner: only it builds filters and updates on that collection's documents. */
    @Test
    void onlyTheOwnersOfTheCollectionsBuildFiltersAndUpdates() {
        noClasses().that().resideOutsideOfPackage("dev.moduo.mongo..")
                .and().haveSimpleNameNotEndingWith("Repository")
                .and().doNotHaveSimpleName("DeliveryLog")
                .and().doNotHaveSimpleName("DeletedUsers")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.client.model.Filters")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.mongodb.client.model.Updates")
                .check(MAIN);
    }
}
