package dev.moduo.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AWS's template linter on template.yaml: it applies the SAM transform with the real translator and checks
 * the result against CloudFormation's resource schemas and AWS's rules (runtime deprecations included).
 */
class CfnLintTest {

    /**
     * cfn-lint's exit code is a bit set: 2 = errors, 4 = warnings, 8 = informational (only printed here, as
     * the informational checks are advice). No warning is ignored; one that must be would be named here
     * with its reason, through {@code --ignore-checks}.
     */
    private static final int ERRORS_OR_WARNINGS = 2 | 4;

    @Test
    void templateHasNoCfnLintErrorsOrWarnings() {
        ExternalTool.Result result = ExternalTool.cfnLint().run(Duration.ofSeconds(60), null,
                "--format", "parseable", "--include-checks", "I", "--", "template.yaml");
        System.out.print(result.stdout());
        if ((result.exitCode() & ~(ERRORS_OR_WARNINGS | 8)) != 0) {
            throw new AssertionError("cfn-lint failed to run (exit " + result.exitCode() + "):\n" + result.stderr());
        }
        List<String> findings = result.stdout().lines()
                .filter(line -> line.matches(".*:[EW]\\d{4}:.*"))
                .toList();
        assertEquals(List.of(), findings, "cfn-lint reports errors or warnings:\n" + String.join("\n", findings));
        assertEquals(0, result.exitCode() & ERRORS_OR_WARNINGS, "cfn-lint exit code " + result.exitCode());
    }
}
