package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moduo.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @TempDir
    Path work;

    @Test
    void templateHasNoCfnLintErrorsOrWarnings() {
        assertLintsClean("template.yaml");
    }

    /**
     * cfn-lint checks a value behind a {@code !Ref} against what the property takes with the parameter's
     * default; these are the template with other defaults, so the custom domain's values (and WebApp false)
     * are checked where they are used too.
     */
    @Test
    void templateWithACustomDomainAndWithoutTheWebAppHasNoCfnLintErrorsOrWarnings() throws IOException {
        Map<String, String> customDomain = Map.of("AppDomainName", "app.moduo.dev",
                "AppCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab",
                "AppHostedZoneId", "Z0123456789ABCDEFGHIJ");
        assertLintsClean(withDefaults("custom-domain.json", customDomain).toString());
        assertLintsClean(withDefaults("api-only.json", Map.of("WebApp", "false")).toString());
    }

    /** template.yaml as JSON (long-form intrinsics), with other parameter defaults. */
    private Path withDefaults(String name, Map<String, String> defaults) throws IOException {
        Map<String, Object> template = new LinkedHashMap<>(SamTemplate.load().root());
        Map<String, Object> parameters = new LinkedHashMap<>(map(template.get("Parameters")));
        defaults.forEach((parameter, value) -> {
            Map<String, Object> definition = new LinkedHashMap<>(map(parameters.get(parameter)));
            assertEquals(true, definition.containsKey("Default"), parameter + " has no default to change");
            definition.put("Default", value);
            parameters.put(parameter, definition);
        });
        template.put("Parameters", parameters);
        Path file = work.resolve(name);
        Files.writeString(file, Json.write(template), StandardCharsets.UTF_8);
        return file;
    }

    private static void assertLintsClean(String template) {
        ExternalTool.Result result = ExternalTool.cfnLint().run(Duration.ofSeconds(120), null,
                "--format", "parseable", "--include-checks", "I", "--", template);
        System.out.print(result.stdout());
        if ((result.exitCode() & ~(ERRORS_OR_WARNINGS | 8)) != 0) {
            throw new AssertionError("cfn-lint failed to run on " + template + " (exit " + result.exitCode() + "):\n" + result.stderr());
        }
        List<String> findings = result.stdout().lines()
                .filter(line -> line.matches(".*:[EW]\\d{4}:.*"))
                .toList();
        assertEquals(List.of(), findings, "cfn-lint reports errors or warnings on " + template + ":\n" + String.join("\n", findings));
        assertEquals(0, result.exitCode() & ERRORS_OR_WARNINGS, "cfn-lint exit code " + result.exitCode() + " on " + template);
    }
}
