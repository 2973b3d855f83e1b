package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the web app's CloudFront distribution answers each request of spa-routes.json (in this module's test
 * resources, shared with the local runner's --web mode): CloudFront picks the first cache behaviour whose
 * path pattern matches (else the default one), and on a behaviour with the viewer-request function, that
 * function's code from template.yaml decides which file S3 is asked for.
 * The code runs for real, under node (CloudFront Functions are JavaScript; no Java engine here runs them).
 */
class SpaRoutesFunctionTest {

    /** CloudFront's limit on a function's code. */
    private static final int MAX_FUNCTION_CODE_BYTES = 10 * 1024;

    private static Map<String, Object> distribution;
    private static String functionId;
    private static String functionCode;
    private static List<Route> routes;

    private record Route(String method, String path, String servedBy, String file) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void read() throws IOException {
        SamTemplate template = SamTemplate.load();
        Map<String, Map<String, Object>> distributions = template.resourcesOfType("AWS::CloudFront::Distribution");
        assertEquals(1, distributions.size(), "CloudFront distributions: " + distributions.keySet());
        distribution = map(map(distributions.values().iterator().next().get("Properties")).get("DistributionConfig"));
        Map<String, Map<String, Object>> functions = template.resourcesOfType("AWS::CloudFront::Function");
        assertEquals(1, functions.size(), "CloudFront functions: " + functions.keySet());
        functionId = functions.keySet().iterator().next();
        Map<String, Object> properties = map(functions.get(functionId).get("Properties"));
        assertEquals("cloudfront-js-2.0", map(properties.get("FunctionConfig")).get("Runtime"));
        assertTrue(properties.get("FunctionCode") instanceof String, functionId + "'s FunctionCode should be the code as written");
        functionCode = (String) properties.get("FunctionCode");

        JsonNode fixture = Json.read(Files.readString(ExternalTool.resource("spa-routes.json"), StandardCharsets.UTF_8));
        routes = new ArrayList<>();
        for (JsonNode route : fixture.path("routes")) {
            routes.add(new Route(route.path("method").asText(), route.path("path").asText(),
                    route.path("servedBy").asText(), route.path("file").asText(null)));
        }
        assertFalse(routes.isEmpty(), "deployment/src/test/resources/spa-routes.json has no routes");
    }

    @Test
    void everyClientSideRouteIsAnsweredWithIndexHtmlAndEveryFileByItself() {
        Optional<ExternalTool> node = ExternalTool.node();
        Assumptions.assumeTrue(node.isPresent(), "node is not installed (neither `node` on PATH nor /usr/bin/node):"
                + " the CloudFront Function's JavaScript cannot be run, so this check is skipped");
        List<Route> appRoutes = routes.stream().filter(route -> route.servedBy().equals("app")).toList();
        List<Route> throughTheFunction = appRoutes.stream().filter(route -> runsTheFunction(behaviourFor(route.path()))).toList();
        Map<Route, String> asked = new LinkedHashMap<>();
        List<Map<String, String>> answers = runFunction(node.get(), throughTheFunction);
        for (int i = 0; i < throughTheFunction.size(); i++) {
            Map<String, String> answer = answers.get(i);
            assertEquals("request", answer.get("kind"), throughTheFunction.get(i) + ": the function should pass the request on, not answer " + answer);
            asked.put(throughTheFunction.get(i), answer.get("uri"));
        }
        List<String> wrong = new ArrayList<>();
        for (Route route : appRoutes) {
            String file = asked.getOrDefault(route, route.path());
            if (!file.equals(route.file())) {
                wrong.add(route + " asks S3 for " + file + ", expected " + route.file());
            }
        }
        assertFalse(throughTheFunction.isEmpty(), "no route of the table reaches the function");
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    @Test
    void everyApiRequestGoesToTheApiOriginWithoutTheFunction() {
        List<String> wrong = new ArrayList<>();
        for (Route route : routes) {
            Map<String, Object> behaviour = behaviourFor(route.path());
            String origin = originKind(String.valueOf(behaviour.get("TargetOriginId")));
            if (!origin.equals(route.servedBy())) {
                wrong.add(route + " goes to the " + origin + " origin, expected " + route.servedBy());
            }
            if (route.servedBy().equals("api") && (runsTheFunction(behaviour) || behaviour.containsKey("LambdaFunctionAssociations"))) {
                wrong.add(route + " runs a function on its way to the API");
            }
            if (!list(behaviour.get("AllowedMethods")).contains(route.method())) {
                wrong.add(route + ": CloudFront refuses " + route.method() + " on " + behaviour.getOrDefault("PathPattern", "the default behaviour"));
            }
        }
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    @Test
    void theFunctionIsWithinCloudFrontsSizeLimitAndRunsOnlyOnViewerRequests() {
        assertTrue(functionCode.getBytes(StandardCharsets.UTF_8).length <= MAX_FUNCTION_CODE_BYTES,
                functionId + "'s code is over CloudFront's 10 KB");
        assertTrue(Pattern.compile("(?m)^function handler\\(event\\)").matcher(functionCode).find(),
                "CloudFront calls a top-level function handler(event)");
        List<String> events = new ArrayList<>();
        for (Map<String, Object> behaviour : behaviours()) {
            for (Object association : list(behaviour.get("FunctionAssociations"))) {
                events.add(behaviour.getOrDefault("PathPattern", "default") + " " + map(association).get("EventType"));
            }
        }
        assertEquals(List.of("default viewer-request"), events, "where the function runs");
    }

    /** The default behaviour last: CloudFront tries the ordered behaviours first. */
    private static List<Map<String, Object>> behaviours() {
        List<Map<String, Object>> all = new ArrayList<>();
        list(distribution.get("CacheBehaviors")).forEach(behaviour -> all.add(map(behaviour)));
        all.add(map(distribution.get("DefaultCacheBehavior")));
        return all;
    }

    private static Map<String, Object> behaviourFor(String path) {
        for (Map<String, Object> behaviour : behaviours()) {
            Object pattern = behaviour.get("PathPattern");
            if (pattern == null || matches(String.valueOf(pattern), path)) {
                return behaviour;
            }
        }
        throw new AssertionError("no behaviour");
    }

    /** CloudFront's path patterns: case-sensitive, {@code *} any characters, {@code ?} one; the leading / optional. */
    static boolean matches(String pathPattern, String path) {
        String pattern = pathPattern.startsWith("/") ? pathPattern : "/" + pathPattern;
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return path.matches(regex.toString());
    }

    private static boolean runsTheFunction(Map<String, Object> behaviour) {
        return list(behaviour.get("FunctionAssociations")).stream().anyMatch(association ->
                "viewer-request".equals(map(association).get("EventType"))
                        && map(association).get("FunctionARN").equals(Map.of("Fn::GetAtt", List.of(functionId, "FunctionARN"))));
    }

    /** "app" for the S3 origin read through origin access control, "api" for the template's HTTP API. */
    private static String originKind(String originId) {
        Map<String, Object> origin = list(distribution.get("Origins")).stream().map(SamTemplate::map)
                .filter(each -> originId.equals(each.get("Id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no origin " + originId));
        if (origin.containsKey("S3OriginConfig") && origin.containsKey("OriginAccessControlId")) {
            return "app";
        }
        String domain = String.valueOf(map(origin.get("DomainName")).get("Fn::Sub"));
        if (origin.containsKey("CustomOriginConfig") && domain.startsWith("${HttpApi}.execute-api.")) {
            return "api";
        }
        return "unknown (" + origin + ")";
    }

    private static List<Map<String, String>> runFunction(ExternalTool node, List<Route> requests) {
        List<Map<String, String>> asked = requests.stream().map(route -> Map.of("method", route.method(), "uri", route.path())).toList();
        String input = Json.write(Map.of("code", functionCode, "requests", asked));
        ExternalTool.Result result = node.run(Duration.ofSeconds(30), input,
                ExternalTool.resource("cloudfront-function-runner.js").toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("The CloudFront Function failed under node (exit " + result.exitCode() + "):\n" + result.stderr());
        }
        List<Map<String, String>> answers = new ArrayList<>();
        try {
            for (JsonNode answer : Json.read(result.stdout())) {
                Map<String, String> fields = new LinkedHashMap<>();
                answer.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().asText()));
                answers.add(fields);
            }
        } catch (IOException e) {
            throw new AssertionError("node's answer is not JSON: " + result.stdout(), e);
        }
        assertEquals(requests.size(), answers.size(), "one answer per request");
        return answers;
    }
}
