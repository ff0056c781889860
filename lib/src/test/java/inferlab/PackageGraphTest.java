package inferlab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The library's package graph (lib/README.md): the top-level packages under {@code inferlab} form no cycle, and
 * the algorithms never reach up into the studies, the peer benchmarks or the command line. Read from the compiled
 * main classes, so a dependency through a type, a call or a field counts; a Javadoc link does not.
 */
class PackageGraphTest {
    static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("inferlab");

    /** The layers above the algorithms: experiments, benchmarks against peers, the command line. */
    static final String[] ABOVE = {"inferlab.study..", "inferlab.bench..", "inferlab.cli.."};

    @Test
    void topLevelPackagesFormNoCycle() {
        slices().matching("inferlab.(*)..").should().beFreeOfCycles().check(LIBRARY);
    }

    @Test
    void algorithmsDoNotDependOnStudiesBenchmarksOrTheCommandLine() {
        noClasses().that().resideOutsideOfPackages(ABOVE)
                .should().dependOnClassesThat().resideInAnyPackage(ABOVE)
                .check(LIBRARY);
    }
}
