package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that
 * openapi.yaml uses. A keyword it does not know is reported rather than skipped, so the document
 * cannot say something this check silently ignores.
 */
final class JsonSchemaCheck {

    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "default", "examples", "example",
            "deprecated", "readOnly", "writeOnly");
    private static final Set<String> ASSERTIONS = Set.of("$ref", "type", "required", "properties", "items", "enum",
            "const", "pattern", "minLength", "maxLength", "minimum", "maximum", "maxItems", "minItems", "anyOf",
            "format", "additionalProperties");

    private final OpenApiDocument document;

    JsonSchemaCheck(OpenApiDocument document) {
        this.document = document;
    }

    /** Every way {@code value} breaks {@code schema}, as "path: problem" lines; empty when it conforms. */
    List<String> problems(JsonNode value, Object schema) {
        List<String> problems = new ArrayList<>();
        check(value, map(schema), "$", problems);
        return problems;
    }

    /** Keywords in {@code schema} (and the schemas inside it) that this check does not evaluate. */
    List<String> unsupportedKeywords(Object schema, String where) {
        List<String> unsupported = new ArrayList<>();
        map(schema).forEach((keyword, value) -> {
            if (!ANNOTATIONS.contains(keyword) && !ASSERTIONS.contains(keyword)) {
                unsupported.add(where + ": " + keyword);
            }
        });
        map(map(schema).get("properties")).forEach((name, property) ->
                unsupported.addAll(unsupportedKeywords(property, where + ".properties." + name)));
        if (map(schema).get("items") != null) {
            unsupported.addAll(unsupportedKeywords(map(schema).get("items"), where + ".items"));
        }
        List<Object> anyOf = list(map(schema).get("anyOf"));
        for (int i = 0; i < anyOf.size(); i++) {
            unsupported.addAll(unsupportedKeywords(anyOf.get(i), where + ".anyOf[" + i + "]"));
        }
        return unsupported;
    }

    private void check(JsonNode value, Map<String, Object> schema, String path, List<String> problems) {
        if (schema.containsKey("$ref")) {
            check(value, map(document.resolve(String.valueOf(schema.get("$ref")))), path, problems);
        }
        Object type = schema.get("type");
        if (type != null) {
            List<Object> types = type instanceof List<?> several ? list(several) : List.of(type);
            if (types.stream().noneMatch(t -> hasType(value, t.toString()))) {
                problems.add(path + ": is " + value.getNodeType() + ", expected " + types);
                return;
            }
        }
        if (schema.containsKey("const") && !value.asText().equals(String.valueOf(schema.get("const")))) {
            problems.add(path + ": is " + value + ", expected " + schema.get("const"));
        }
        if (schema.containsKey("enum") && list(schema.get("enum")).stream().noneMatch(e -> value.asText().equals(String.valueOf(e)))) {
            problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isTextual()) {
            checkString(value.asText(), schema, path, problems);
        }
        if (value.isNumber()) {
            if (schema.get("minimum") instanceof Number min && value.asDouble() < min.doubleValue()) {
                problems.add(path + ": " + value + " is below " + min);
            }
            if (schema.get("maximum") instanceof Number max && value.asDouble() > max.doubleValue()) {
                problems.add(path + ": " + value + " is above " + max);
            }
        }
        if (value.isObject()) {
            for (Object name : list(schema.get("required"))) {
                if (!value.has(name.toString())) {
                    problems.add(path + ": has no " + name);
                }
            }
            map(schema.get("properties")).forEach((name, property) -> {
                if (value.has(name)) {
                    check(value.get(name), map(property), path + "." + name, problems);
                }
            });
            if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
                value.fieldNames().forEachRemaining(name -> {
                    if (!map(schema.get("properties")).containsKey(name)) {
                        problems.add(path + ": has " + name + ", which the schema does not allow");
                    }
                });
            }
        }
        if (value.isArray()) {
            if (schema.get("maxItems") instanceof Number max && value.size() > max.intValue()) {
                problems.add(path + ": has " + value.size() + " items, at most " + max + " allowed");
            }
            if (schema.get("minItems") instanceof Number min && value.size() < min.intValue()) {
                problems.add(path + ": has " + value.size() + " items, at least " + min + " needed");
            }
            if (schema.containsKey("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(value.get(i), map(schema.get("items")), path + "[" + i + "]", problems);
                }
            }
        }
        if (schema.containsKey("anyOf")) {
            boolean matched = list(schema.get("anyOf")).stream().anyMatch(option -> {
                List<String> optionProblems = new ArrayList<>();
                check(value, map(option), path, optionProblems);
                return optionProblems.isEmpty();
            });
            if (!matched) {
                problems.add(path + ": " + value + " matches none of anyOf " + schema.get("anyOf"));
            }
        }
    }

    private static void checkString(String text, Map<String, Object> schema, String path, List<String> problems) {
        int length = text.codePointCount(0, text.length());
        if (schema.get("minLength") instanceof Number min && length < min.intValue()) {
            problems.add(path + ": shorter than " + min);
        }
        if (schema.get("maxLength") instanceof Number max && length > max.intValue()) {
            problems.add(path + ": longer than " + max);
        }
        if (schema.get("pattern") != null && !Pattern.compile(schema.get("pattern").toString()).matcher(text).find()) {
            problems.add(path + ": \"" + text + "\" does not match " + schema.get("pattern"));
        }
        if ("date-time".equals(schema.get("format"))) {
            try {
                Instant.parse(text);
            } catch (DateTimeParseException e) {
                problems.add(path + ": \"" + text + "\" is not an RFC 3339 date-time");
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new AssertionError("Unknown JSON Schema type " + type);
        };
    }
}
