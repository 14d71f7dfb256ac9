package ai.xseven.mesh;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTests {

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("ai.xseven.mesh");

	// Package by package: the configuration's sections and stores (config) sit below the features
	// that read them, and its runtime engine (config.runtime) above the services it reconnects.
	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("ai.xseven.mesh.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void theConfigurationEngineDoesNotDependOnTheAdminApi() {
		noClasses().that().resideInAnyPackage("ai.xseven.mesh.config..")
			.should().dependOnClassesThat().resideInAnyPackage("ai.xseven.mesh.admin..")
			.check(classes);
	}

	@Test
	void integrationsDoNotDependOnEachOther() {
		slices().matching("ai.xseven.mesh.(database|redis|kafka|temporal|dspy|voice)..").should().notDependOnEachOther().check(classes);
	}

	@Test
	void coreDoesNotDependOnIntegrations() {
		noClasses().that().resideInAnyPackage("ai.xseven.mesh.registry..", "ai.xseven.mesh.startup..",
				"ai.xseven.mesh.health..", "ai.xseven.mesh.resilience..", "ai.xseven.mesh.config..")
			.should().dependOnClassesThat().resideInAnyPackage("ai.xseven.mesh.database..", "ai.xseven.mesh.redis..",
					"ai.xseven.mesh.kafka..", "ai.xseven.mesh.temporal..", "ai.xseven.mesh.dspy..", "ai.xseven.mesh.voice..")
			.check(classes);
	}

}
