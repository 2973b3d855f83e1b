package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.map;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** openapi.yaml as data, with local {@code $ref}s resolved on demand. */
final class OpenApiDocument {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final Map<String, Object> root;

    private OpenApiDocument(Map<String, Object> root) {
        this.root = root;
    }

    static OpenApiDocument load() {
        Path file = RepositoryRoot.resolve("openapi.yaml");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new OpenApiDocument(map(document));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    Map<String, Object> root() {
        return root;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        map(root.get("paths")).forEach((path, item) -> map(item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                Map<String, Object> responses = new LinkedHashMap<>();
                map(map(operation).get("responses")).forEach((status, response) ->
                        responses.put(String.valueOf(status), deref(response)));
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, map(operation), responses));
            }
        }));
        return operations;
    }

    /** The object a {@code #/...} reference points at; AssertionError naming the reference if there is none. */
    Object resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new AssertionError("Only local references are used here, not " + ref);
        }
        Object node = root;
        for (String token : ref.substring(2).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (!(node instanceof Map<?, ?> object) || !object.containsKey(key)) {
                throw new AssertionError("$ref " + ref + " does not resolve");
            }
            node = object.get(key);
        }
        return node;
    }

    /** The object itself, or what its {@code $ref} points at (followed until it is not a reference). */
    Map<String, Object> deref(Object node) {
        Map<String, Object> object = map(node);
        int hops = 0;
        while (object.containsKey("$ref")) {
            if (++hops > 20) {
                throw new AssertionError("$ref cycle at " + object.get("$ref"));
            }
            object = map(resolve(String.valueOf(object.get("$ref"))));
        }
        return object;
    }

    record Operation(String method, String path, Map<String, Object> definition, Map<String, Object> responses) {

        String route() {
            return method + " " + path;
        }

        String function() {
            Object function = definition.get("x-moduo-function");
            return function == null ? null : function.toString();
        }

        String operationId() {
            return (String) definition.get("operationId");
        }

        /** The declared response key that covers {@code status}: the exact code, else its range ("5XX"). */
        String responseKeyFor(int status) {
            String exact = Integer.toString(status);
            if (responses.containsKey(exact)) {
                return exact;
            }
            String range = (status / 100) + "XX";
            return responses.containsKey(range) ? range : null;
        }

        /** The JSON schema of the response body for that key, or null when the document declares no body. */
        Object jsonSchema(String responseKey) {
            Map<String, Object> content = map(map(responses.get(responseKey)).get("content"));
            Object json = content.get("application/json");
            return json == null ? null : map(json).get("schema");
        }
    }
}
