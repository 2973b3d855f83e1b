package dev.moduo.local.template;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the parts of a SAM template the runner serves: each {@code AWS::Serverless::Function}'s handler,
 * timeout, memory, known environment values, {@code HttpApi} routes and schedules, and the HTTP API's
 * {@code CorsConfiguration}. Values behind intrinsics are resolved only where that needs no deployment
 * ({@code !Ref} to a parameter with a default); everything else is left to the runner's settings.
 */
public final class TemplateReader {

    private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
    private static final String HTTP_API_TYPE = "AWS::Serverless::HttpApi";
    // Lambda's own defaults, for a template that sets neither the property nor a global.
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int DEFAULT_MEMORY_MB = 128;

    private TemplateReader() {
    }

    public static SamTemplate read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new TemplateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static SamTemplate parse(String yaml, String source) {
        Object root;
        try {
            root = CloudFormationYaml.parse(yaml);
        } catch (RuntimeException e) {
            throw new TemplateException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Object> template = map(root, source);
        Values values = new Values(parameterDefaults(map(template.get("Parameters"), "Parameters")));
        Map<String, Object> globals = map(map(template.get("Globals"), "Globals").get("Function"), "Globals.Function");
        Map<String, Object> resources = map(template.get("Resources"), "Resources");

        List<FunctionSpec> functions = new ArrayList<>();
        CorsSpec cors = null;
        Map<String, Object> globalApi = map(map(template.get("Globals"), "Globals").get("HttpApi"), "Globals.HttpApi");
        for (Map.Entry<String, Object> resource : resources.entrySet()) {
            Map<String, Object> body = map(resource.getValue(), resource.getKey());
            Object type = body.get("Type");
            Map<String, Object> properties = map(body.get("Properties"), resource.getKey() + ".Properties");
            if (FUNCTION_TYPE.equals(type)) {
                functions.add(function(resource.getKey(), properties, globals, values));
            } else if (HTTP_API_TYPE.equals(type) && cors == null) {
                Object configuration = properties.containsKey("CorsConfiguration")
                        ? properties.get("CorsConfiguration") : globalApi.get("CorsConfiguration");
                cors = cors(configuration, values, resource.getKey());
            }
        }
        if (cors == null && globalApi.containsKey("CorsConfiguration")) {
            cors = cors(globalApi.get("CorsConfiguration"), values, "Globals.HttpApi");
        }
        return new SamTemplate(source, functions, Optional.ofNullable(cors));
    }

    private static FunctionSpec function(String logicalId, Map<String, Object> properties,
                                         Map<String, Object> globals, Values values) {
        String where = "Resources." + logicalId;
        String handler = values.literal(property(properties, globals, "Handler"))
                .orElseThrow(() -> new TemplateException(where + " has no Handler"));
        int timeout = integer(property(properties, globals, "Timeout"), DEFAULT_TIMEOUT_SECONDS, where + ".Timeout", values);
        int memory = integer(property(properties, globals, "MemorySize"), DEFAULT_MEMORY_MB, where + ".MemorySize", values);

        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> source : List.of(globals, properties)) {
            Map<String, Object> variables = map(map(source.get("Environment"), where + ".Environment").get("Variables"),
                    where + ".Environment.Variables");
            variables.forEach((name, value) -> {
                // A function's own declaration replaces the global one, known value or not.
                environment.remove(name);
                values.literal(value).filter(text -> !text.isEmpty()).ifPresent(text -> environment.put(name, text));
            });
        }

        List<HttpRoute> routes = new ArrayList<>();
        List<ScheduleSpec> schedules = new ArrayList<>();
        map(properties.get("Events"), where + ".Events").forEach((eventName, eventValue) -> {
            Map<String, Object> event = map(eventValue, where + ".Events." + eventName);
            Object type = event.get("Type");
            Map<String, Object> eventProperties = map(event.get("Properties"), where + ".Events." + eventName + ".Properties");
            if ("HttpApi".equals(type)) {
                routes.add(route(eventProperties, values, where + ".Events." + eventName));
            } else if ("Schedule".equals(type) || "ScheduleV2".equals(type)) {
                schedules.add(schedule(eventName, (String) type, eventProperties, values));
            }
        });
        return new FunctionSpec(logicalId, handler, Duration.ofSeconds(timeout), memory, environment, routes, schedules);
    }

    private static HttpRoute route(Map<String, Object> properties, Values values, String where) {
        // SAM's defaults for an HttpApi event without Method/Path: the $default route of the API.
        String method = values.literal(properties.get("Method")).orElse(HttpRoute.ANY).toUpperCase(Locale.ROOT);
        String path = values.literal(properties.get("Path")).orElse(HttpRoute.DEFAULT_PATH);
        if (method.equals("*")) {
            method = HttpRoute.ANY;
        }
        if (!path.equals(HttpRoute.DEFAULT_PATH) && !path.startsWith("/")) {
            throw new TemplateException(where + ".Path must start with / (got " + path + ")");
        }
        return new HttpRoute(method, path);
    }

    private static ScheduleSpec schedule(String eventName, String type, Map<String, Object> properties, Values values) {
        String expression = values.literal(properties.get(type.equals("ScheduleV2") ? "ScheduleExpression" : "Schedule"))
                .orElse("");
        String input = values.literal(properties.get("Input")).orElse(null);
        boolean enabled = !"false".equalsIgnoreCase(values.literal(properties.get("Enabled")).orElse("true"))
                && !"DISABLED".equalsIgnoreCase(values.literal(properties.get("State")).orElse("ENABLED"));
        return new ScheduleSpec(eventName, type, expression, input, enabled);
    }

    private static CorsSpec cors(Object configuration, Values values, String where) {
        if (configuration == null || Boolean.FALSE.equals(configuration)) {
            return null;
        }
        if (Boolean.TRUE.equals(configuration)) {
            // SAM's shorthand: every origin, header and method.
            return new CorsSpec(List.of("*"), false, List.of("*"), List.of("*"), List.of(), null);
        }
        Map<String, Object> properties = map(configuration, where + ".CorsConfiguration");
        Object maxAge = properties.get("MaxAge");
        return new CorsSpec(
                strings(properties.get("AllowOrigins"), values),
                Boolean.parseBoolean(values.literal(properties.get("AllowCredentials")).orElse("false")),
                strings(properties.get("AllowHeaders"), values),
                strings(properties.get("AllowMethods"), values),
                strings(properties.get("ExposeHeaders"), values),
                maxAge == null ? null : integer(maxAge, 0, where + ".CorsConfiguration.MaxAge", values));
    }

    private static List<String> strings(Object value, Values values) {
        List<String> result = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> values.literal(item).filter(text -> !text.isEmpty()).ifPresent(result::add));
        } else {
            values.literal(value).filter(text -> !text.isEmpty()).ifPresent(result::add);
        }
        return result;
    }

    private static Object property(Map<String, Object> properties, Map<String, Object> globals, String name) {
        return properties.containsKey(name) ? properties.get(name) : globals.get(name);
    }

    private static int integer(Object value, int defaultValue, String where, Values values) {
        if (value == null) {
            return defaultValue;
        }
        String text = values.literal(value)
                .orElseThrow(() -> new TemplateException(where + " must be a number the runner can read without deploying"));
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new TemplateException(where + " must be a whole number (got " + text + ")");
        }
    }

    private static Map<String, Object> parameterDefaults(Map<String, Object> parameters) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        parameters.forEach((name, declaration) -> {
            if (declaration instanceof Map<?, ?> body && body.containsKey("Default")) {
                defaults.put(name, body.get("Default"));
            }
        });
        return defaults;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new TemplateException(where + " must be a mapping");
    }

    /** Turns template values into text where that is possible before deployment. */
    private record Values(Map<String, Object> parameterDefaults) {

        Optional<String> literal(Object value) {
            if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return Optional.of(value.toString());
            }
            if (value instanceof Map<?, ?> intrinsic && intrinsic.size() == 1) {
                if (intrinsic.get("Ref") instanceof String name && parameterDefaults.containsKey(name)) {
                    return literal(parameterDefaults.get(name));
                }
                // A !Sub without ${...} is its own text.
                if (intrinsic.get("Fn::Sub") instanceof String text && !text.contains("${")) {
                    return Optional.of(text);
                }
            }
            return Optional.empty();
        }
    }
}
