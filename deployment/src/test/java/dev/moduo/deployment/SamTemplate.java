package dev.moduo.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** template.yaml as data: parameters, globals, and each function with what SAM would give it. */
final class SamTemplate {

    static final String FUNCTION = "AWS::Serverless::Function";
    static final String LOG_GROUP = "AWS::Logs::LogGroup";

    private final Path file;
    private final Map<String, Object> root;

    private SamTemplate(Path file) {
        this.file = file;
        this.root = CloudFormationYaml.load(file);
    }

    static SamTemplate load() {
        return new SamTemplate(RepositoryRoot.resolve("template.yaml"));
    }

    String text() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Object> parameters() {
        return map(root.get("Parameters"));
    }

    Map<String, Object> parameter(String name) {
        Map<String, Object> parameter = map(parameters().get(name));
        if (parameter.isEmpty()) {
            throw new AssertionError("template.yaml has no parameter " + name);
        }
        return parameter;
    }

    Map<String, Object> globalFunction() {
        return map(map(root.get("Globals")).get("Function"));
    }

    Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    List<SamFunction> functions() {
        List<SamFunction> functions = new ArrayList<>();
        Map<String, Object> globalVariables = variables(globalFunction());
        Object globalCode = globalFunction().get("CodeUri");
        resourcesOfType(FUNCTION).forEach((id, resource) -> {
            Map<String, Object> properties = map(resource.get("Properties"));
            // SAM merges Globals' variables into each function's; the function's own win.
            Map<String, Object> environment = new LinkedHashMap<>(globalVariables);
            environment.putAll(variables(properties));
            List<SamRoute> routes = new ArrayList<>();
            map(properties.get("Events")).forEach((eventName, event) -> {
                Map<String, Object> eventMap = map(event);
                Map<String, Object> eventProperties = map(eventMap.get("Properties"));
                routes.add(new SamRoute(eventName, String.valueOf(eventMap.get("Type")),
                        String.valueOf(eventProperties.get("Method")).toUpperCase(java.util.Locale.ROOT),
                        String.valueOf(eventProperties.get("Path")), eventProperties.get("ApiId")));
            });
            // A function without a CodeUri of its own runs from Globals' (as SAM, and `sam package`, give it).
            Object code = properties.getOrDefault("CodeUri", globalCode);
            functions.add(new SamFunction(id, (String) code, (String) properties.get("Handler"),
                    environment, variables(properties).keySet(), list(properties.get("Policies")), routes, properties));
        });
        return functions;
    }

    SamFunction function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new AssertionError("template.yaml has no function " + logicalId));
    }

    private static Map<String, Object> variables(Map<String, Object> functionProperties) {
        return map(map(functionProperties.get("Environment")).get("Variables"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /** A function as deployed: its code is its own CodeUri, else Globals'; its variables are Globals' merged with its own. */
    record SamFunction(String logicalId, String codeUri, String handler, Map<String, Object> environment,
                       java.util.Set<String> ownVariables, List<Object> policies, List<SamRoute> routes,
                       Map<String, Object> properties) {

        List<SamRoute> httpRoutes() {
            return routes.stream().filter(route -> route.type().equals("HttpApi")).toList();
        }
    }

    record SamRoute(String eventName, String type, String method, String path, Object apiId) {
        String key() {
            return method + " " + path;
        }
    }
}
