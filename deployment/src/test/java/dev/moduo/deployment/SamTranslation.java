package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * template.yaml as CloudFormation deploys it: transformed by AWS's SAM translator (the Python package
 * CloudFormation's Serverless transform runs), through src/test/resources/sam-transform.py, once per
 * {@link Scenario}. All scenarios go to one Python process, which keeps this to a few seconds.
 */
final class SamTranslation {

    static final String REGION = "eu-central-1";

    private SamTranslation() {
    }

    /** One deploy: parameter values, the S3 keys `sam package` gave some CodeUri files, and template edits. */
    record Scenario(String name, Map<String, String> parameters, Map<String, String> codeKeys,
                    List<List<Object>> templateChanges) {

        static Scenario of(String name, Map<String, String> parameters) {
            return new Scenario(name, parameters, Map.of(), List.of());
        }

        /** The file at {@code codeUri} (as template.yaml writes it) uploaded anew: a new build, so a new S3 key. */
        Scenario withCode(String codeUri, String s3Key) {
            Map<String, String> keys = new LinkedHashMap<>(codeKeys);
            keys.put(codeUri, s3Key);
            return new Scenario(name, parameters, keys, templateChanges);
        }

        /** The template as written, with the value at {@code path} (e.g. Globals, Function, Timeout) replaced. */
        Scenario withTemplateValue(List<String> path, Object value) {
            List<List<Object>> changes = new ArrayList<>(templateChanges);
            changes.add(List.of(path, value));
            return new Scenario(name, parameters, codeKeys, changes);
        }

        Scenario named(String newName) {
            return new Scenario(newName, parameters, codeKeys, templateChanges);
        }

        Scenario with(String parameter, String value) {
            Map<String, String> changed = new LinkedHashMap<>(parameters);
            changed.put(parameter, value);
            return new Scenario(name, changed, codeKeys, templateChanges);
        }
    }

    /** Transforms template.yaml for each scenario; the answer maps each scenario's name to its deployment. */
    static Map<String, Deployment> transform(List<Scenario> scenarios) {
        Path output;
        try {
            output = Files.createTempFile("sam-transform", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("template", RepositoryRoot.resolve("template.yaml").toString());
            request.put("output", output.toString());
            request.put("region", REGION);
            List<Map<String, Object>> wanted = new ArrayList<>();
            for (Scenario scenario : scenarios) {
                wanted.add(Map.of("name", scenario.name(), "parameters", scenario.parameters(),
                        "codeKeys", scenario.codeKeys(), "set", scenario.templateChanges()));
            }
            request.put("scenarios", wanted);
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
            String input = new Yaml(new Representer(options), options).dump(request);

            ExternalTool.Result result = ExternalTool.pythonWithSamTranslator().run(Duration.ofSeconds(120), input,
                    ExternalTool.resource("sam-transform.py").toString());
            if (result.exitCode() != 0) {
                throw new AssertionError("The SAM translator refused template.yaml:\n" + result.stderr());
            }
            Map<String, Object> answer = readJson(output);
            Map<String, List<String>> createOnly = new LinkedHashMap<>();
            map(answer.get("createOnlyProperties")).forEach((type, properties) ->
                    createOnly.put(type, list(properties).stream().map(String::valueOf).toList()));
            Map<String, Deployment> deployments = new LinkedHashMap<>();
            for (Object each : list(answer.get("scenarios"))) {
                Map<String, Object> scenario = map(each);
                deployments.put(String.valueOf(scenario.get("name")),
                        new Deployment(map(scenario.get("template")), map(scenario.get("resolved")), createOnly));
            }
            return deployments;
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    /** JSON is YAML: snakeyaml reads the translator's answer without another library. */
    private static Map<String, Object> readJson(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(64 * 1024 * 1024);
        options.setMaxAliasesForCollections(Integer.MAX_VALUE);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return map(new Yaml(new SafeConstructor(options)).load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
