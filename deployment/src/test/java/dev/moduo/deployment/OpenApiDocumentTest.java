package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.deployment.OpenApiDocument.Operation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml is a well-formed OpenAPI 3.1 document. Its routes are the contract's route table: TemplateTest holds
 * template.yaml to exactly them, and OpenApiTest holds RouteScenarios (a scenario per declared status) to them, so a
 * route is added or removed in openapi.yaml, not in a list here.
 */
class OpenApiDocumentTest {

    private static final Pattern RESPONSE_KEY = Pattern.compile("[1-5](\\d\\d|XX)|default");

    private static OpenApiDocument document;

    @BeforeAll
    static void load() {
        document = OpenApiDocument.load();
    }

    @Test
    void hasTheRequiredTopLevelFieldsOfOpenApi31() {
        Map<String, Object> root = document.root();
        assertTrue(String.valueOf(root.get("openapi")).matches("3\\.1\\.\\d+"), "openapi: " + root.get("openapi"));
        Map<String, Object> info = map(root.get("info"));
        assertTrue(info.get("title") instanceof String title && !title.isBlank(), "info.title");
        assertTrue(info.get("version") instanceof String version && !version.isBlank(), "info.version (a string)");
        assertTrue(!map(root.get("paths")).isEmpty(), "paths");
        Set<String> allowed = Set.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks",
                "components", "security", "tags", "externalDocs");
        assertEquals(Set.of(), root.keySet().stream().filter(key -> !allowed.contains(key) && !key.startsWith("x-"))
                .collect(Collectors.toSet()), "unknown top-level fields");
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document.root(), refs);
        assertTrue(refs.size() > 10, "expected the document to use references, found " + refs.size());
        refs.forEach(document::resolve);
    }

    @Test
    void everyComponentIsUsed() {
        List<String> refs = new ArrayList<>();
        collectRefs(document.root(), refs);
        Set<String> used = new HashSet<>(refs);
        List<String> unused = new ArrayList<>();
        map(document.root().get("components")).forEach((kind, entries) -> {
            if (!kind.equals("securitySchemes")) {
                map(entries).keySet().forEach(name -> {
                    if (!used.contains("#/components/" + kind + "/" + name)) {
                        unused.add(kind + "/" + name);
                    }
                });
            }
        });
        assertEquals(List.of(), unused);
    }

    @Test
    void everyOperationHasAnIdAFunctionAndDescribedResponses() {
        Set<String> ids = new HashSet<>();
        for (Operation operation : document.operations()) {
            String route = operation.route();
            assertTrue(operation.operationId() != null && ids.add(operation.operationId()), route + ": operationId missing or repeated");
            assertTrue(operation.function() != null && operation.function().matches("[A-Za-z0-9]+"),
                    route + ": x-moduo-function must name the template's logical id");
            assertTrue(!operation.responses().isEmpty(), route + ": no responses");
            operation.responses().forEach((key, response) -> {
                assertTrue(RESPONSE_KEY.matcher(key).matches(), route + ": response key " + key);
                assertTrue(map(response).get("description") instanceof String, route + " " + key + ": description is required");
                map(map(response).get("content")).forEach((mediaType, media) ->
                        assertTrue(map(media).containsKey("schema"), route + " " + key + " " + mediaType + ": no schema"));
            });
            Object body = operation.definition().get("requestBody");
            if (body != null) {
                assertTrue(!map(document.deref(body).get("content")).isEmpty(), route + ": requestBody without content");
            }
        }
    }

    @Test
    void pathParametersAreDeclaredExactlyAsThePathHasThem() {
        for (Operation operation : document.operations()) {
            Set<String> inPath = new TreeSet<>();
            Matcher template = Pattern.compile("\\{([^}]+)}").matcher(operation.path());
            while (template.find()) {
                inPath.add(template.group(1));
            }
            Set<String> declared = new TreeSet<>();
            for (Object parameter : list(operation.definition().get("parameters"))) {
                Map<String, Object> resolved = document.deref(parameter);
                assertTrue(resolved.get("name") instanceof String && resolved.get("in") instanceof String,
                        operation.route() + ": a parameter needs name and in");
                assertTrue(resolved.containsKey("schema"), operation.route() + ": parameter " + resolved.get("name") + " has no schema");
                if ("path".equals(resolved.get("in"))) {
                    assertEquals(true, resolved.get("required"), operation.route() + ": path parameters are required");
                    declared.add((String) resolved.get("name"));
                }
            }
            assertEquals(inPath, declared, operation.route() + ": path parameters");
        }
    }

    @Test
    void securityRequirementsNameDeclaredSchemes() {
        Set<String> schemes = map(map(document.root().get("components")).get("securitySchemes")).keySet();
        List<Object> requirements = new ArrayList<>(list(document.root().get("security")));
        document.operations().forEach(operation -> requirements.addAll(list(operation.definition().get("security"))));
        assertTrue(!requirements.isEmpty(), "no security requirements");
        for (Object requirement : requirements) {
            assertTrue(schemes.containsAll(map(requirement).keySet()), "unknown scheme in " + requirement);
        }
        assertTrue(schemes.containsAll(Set.of("clerkBearer", "clerkSessionCookie")), "schemes " + schemes);
        Map<String, Object> cookie = map(map(map(document.root().get("components")).get("securitySchemes")).get("clerkSessionCookie"));
        assertEquals(Map.of("type", "apiKey", "in", "cookie", "name", "__session"),
                Map.of("type", cookie.get("type"), "in", cookie.get("in"), "name", cookie.get("name")));
    }

    @Test
    void schemasUseOnlyKeywordsTheShapeCheckEvaluatesAndPatternsCompile() {
        JsonSchemaCheck check = new JsonSchemaCheck(document);
        List<String> problems = new ArrayList<>();
        map(map(document.root().get("components")).get("schemas")).forEach((name, schema) -> {
            problems.addAll(check.unsupportedKeywords(schema, name));
            collectPatterns(schema, patterns -> {
                try {
                    Pattern.compile(patterns);
                } catch (PatternSyntaxException e) {
                    problems.add(name + ": pattern " + patterns + " does not compile");
                }
            });
        });
        assertEquals(List.of(), problems);
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> object) {
            object.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add(String.valueOf(value));
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectRefs(item, refs));
        }
    }

    private static void collectPatterns(Object node, java.util.function.Consumer<String> sink) {
        if (node instanceof Map<?, ?> object) {
            object.forEach((key, value) -> {
                if ("pattern".equals(key) && value instanceof String pattern) {
                    sink.accept(pattern);
                } else {
                    collectPatterns(value, sink);
                }
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectPatterns(item, sink));
        }
    }
}
