package dev.moduo.deployment;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static dev.moduo.testing.FunctionTestEnvironment.withQuery;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.moduo.deployment.OpenApiDocument.Operation;
import dev.moduo.deployment.Scenario.Condition;
import dev.moduo.testing.FunctionTestEnvironment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml says what the code answers: every status it declares for a route is produced by a real
 * scenario against the function template.yaml routes it to, with a body of the declared shape, and no
 * scenario or probe of a route produces a status the document does not declare.
 */
class OpenApiTest {

    private static OpenApiDocument document;
    private static SamTemplate template;
    private static Map<String, String> fixtures;
    private static Map<String, List<Scenario>> scenarios;
    private static FunctionTestEnvironment healthy;
    private static FunctionTestEnvironment databaseDown;
    private static final Map<Condition, Map<String, Stage>> STAGES = new HashMap<>();
    private static final Map<String, String> UNBUILDABLE = new LinkedHashMap<>();
    private static final List<Object> HANDLERS = new ArrayList<>();
    private static Map<String, Result> results;

    private record Result(String key, Scenario scenario, APIGatewayV2HTTPResponse response, Throwable failure) {
    }

    @BeforeAll
    static void start() {
        document = OpenApiDocument.load();
        template = SamTemplate.load();
        fixtures = SampleEvents.byRoute();
        scenarios = RouteScenarios.all();
        // The recording routes answer only where the deployment records.
        healthy = new FunctionTestEnvironment().set("RECORDING", "on");
        databaseDown = new FunctionTestEnvironment().set("RECORDING", "on");
        for (Operation operation : document.operations()) {
            stage(Condition.HEALTHY, operation.route());
            stage(Condition.DATABASE_DOWN, operation.route());
        }
        // Built while MongoDB was up, like a warm function whose database then goes away.
        if (databaseDown.mongo().isInProcess()) {
            databaseDown.mongo().stop();
        } else {
            throw new IllegalStateException("The database-down scenarios need the in-process MongoDB: unset MONGODB_URI");
        }
    }

    @AfterAll
    static void stop() {
        HANDLERS.forEach(FunctionHandlers::close);
        if (healthy != null) {
            healthy.close();
        }
        if (databaseDown != null) {
            databaseDown.close();
        }
    }

    /** The function the template routes {@code route} to, built in the environment for {@code condition}. */
    private static Stage stage(Condition condition, String route) {
        Map<String, Stage> stages = STAGES.computeIfAbsent(condition, c -> new HashMap<>());
        if (stages.containsKey(route) || UNBUILDABLE.containsKey(route)) {
            return stages.get(route);
        }
        try {
            String logicalId = template.functions().stream()
                    .filter(f -> f.httpRoutes().stream().anyMatch(r -> r.key().equals(route)))
                    .map(SamTemplate.SamFunction::logicalId).findFirst()
                    .orElseThrow(() -> new AssertionError("template.yaml routes no function to " + route));
            String fixture = fixtures.get(route);
            if (fixture == null) {
                throw new AssertionError("events/ has no sample event whose routeKey is " + route);
            }
            FunctionTestEnvironment env = condition == Condition.HEALTHY ? healthy : databaseDown;
            var handler = FunctionHandlers.build(template.function(logicalId).handler(), env.newContext());
            HANDLERS.add(handler);
            Stage stage = new Stage(route, logicalId, fixture, env, handler);
            stages.put(route, stage);
            return stage;
        } catch (AssertionError | RuntimeException e) {
            UNBUILDABLE.put(route, e.getMessage());
            return null;
        }
    }

    /** Every scenario, run once: "METHOD /path STATUS: name" → what the function answered. */
    private static synchronized Map<String, Result> results() {
        if (results == null) {
            results = new LinkedHashMap<>();
            scenarios.forEach((key, rows) -> {
                String route = key.substring(0, key.lastIndexOf(' '));
                for (Scenario scenario : rows) {
                    Stage stage = stage(scenario.condition(), route);
                    String id = key + ": " + scenario.name();
                    if (stage == null) {
                        results.put(id, new Result(key, scenario, null, new AssertionError(UNBUILDABLE.get(route))));
                        continue;
                    }
                    try {
                        results.put(id, new Result(key, scenario, scenario.runOn(stage), null));
                    } catch (AssertionError | RuntimeException e) {
                        results.put(id, new Result(key, scenario, null, e));
                    } finally {
                        stage.env().stream().clearFaults();
                    }
                }
            });
        }
        return results;
    }

    @Test
    void everyDeclaredStatusHasAScenario() {
        List<String> missing = new ArrayList<>();
        for (Operation operation : document.operations()) {
            for (String declared : operation.responses().keySet()) {
                boolean covered = scenarios.keySet().stream().anyMatch(key -> key.startsWith(operation.route() + " ")
                        && declared.equals(operation.responseKeyFor(status(key))));
                if (!covered) {
                    missing.add(operation.route() + " " + declared + " (add it to RouteScenarios)");
                }
            }
        }
        assertEquals(List.of(), missing, "openapi.yaml declares statuses no scenario produces:\n" + String.join("\n", missing));
    }

    @Test
    void everyScenarioIsForAStatusTheDocumentDeclares() {
        List<String> undeclared = new ArrayList<>();
        scenarios.keySet().forEach(key -> {
            String route = key.substring(0, key.lastIndexOf(' '));
            Operation operation = operation(route);
            if (operation == null) {
                undeclared.add(key + ": openapi.yaml has no route " + route);
            } else if (operation.responseKeyFor(status(key)) == null) {
                undeclared.add(key + ": openapi.yaml does not declare " + status(key) + " for " + route);
            }
        });
        assertEquals(List.of(), undeclared, String.join("\n", undeclared));
    }

    @Test
    void everyScenarioYieldsTheStatusItIsFor() {
        List<String> wrong = new ArrayList<>();
        results().forEach((id, result) -> {
            if (result.failure() != null) {
                wrong.add(id + ": failed to run: " + result.failure());
            } else if (result.response().getStatusCode() != status(result.key())) {
                wrong.add(id + ": answered " + result.response().getStatusCode() + " " + result.response().getBody());
            }
        });
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    /** The document declares Retry-After (whole seconds, at least 1) on every 429. */
    @Test
    void everyTooManyRequestsAnswerSaysWhenToRetry() {
        List<String> problems = new ArrayList<>();
        results().forEach((id, result) -> {
            if (result.response() == null || result.response().getStatusCode() != 429) {
                return;
            }
            String retryAfter = result.response().getHeaders() == null ? null
                    : result.response().getHeaders().entrySet().stream()
                            .filter(h -> h.getKey().equalsIgnoreCase("retry-after")).map(Map.Entry::getValue)
                            .findFirst().orElse(null);
            if (retryAfter == null || !retryAfter.matches("[1-9][0-9]*")) {
                problems.add(id + ": Retry-After is " + retryAfter);
            }
        });
        assertTrue(scenarios.keySet().stream().anyMatch(key -> key.endsWith(" 429")), "no 429 scenario ran");
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void everyScenarioBodyHasTheDeclaredShape() {
        JsonSchemaCheck check = new JsonSchemaCheck(document);
        List<String> problems = new ArrayList<>();
        results().forEach((id, result) -> {
            if (result.response() == null) {
                return;
            }
            String route = result.key().substring(0, result.key().lastIndexOf(' '));
            Operation operation = operation(route);
            String responseKey = operation == null ? null : operation.responseKeyFor(result.response().getStatusCode());
            if (responseKey == null) {
                return;
            }
            Object schema = operation.jsonSchema(responseKey);
            if (schema == null) {
                return;
            }
            String contentType = result.response().getHeaders() == null ? null
                    : result.response().getHeaders().entrySet().stream()
                            .filter(h -> h.getKey().equalsIgnoreCase("content-type")).map(Map.Entry::getValue)
                            .findFirst().orElse(null);
            if (contentType == null || !contentType.startsWith("application/json")) {
                problems.add(id + ": Content-Type is " + contentType + ", the document says application/json");
            }
            check.problems(body(result.response()), schema).forEach(problem -> problems.add(id + ": " + problem));
        });
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    /**
     * Requests any client could send to any route (no token, a garbage token, odd bodies, odd ids and
     * paging): whatever the function answers must be a status the document declares for that route.
     */
    @Test
    void probesOfEveryRouteYieldOnlyDeclaredStatuses() {
        Map<String, Function<Stage, APIGatewayV2HTTPEvent>> probes = new LinkedHashMap<>();
        probes.put("the sample event as stored", Stage::sample);
        probes.put("the sample event with a valid token", stage -> stage.request(Stage.newUser()));
        probes.put("no token", Stage::anonymous);
        probes.put("a token that is not a JWT", stage -> FunctionTestEnvironment.withToken(stage.anonymous(), "not.a.jwt"));
        probes.put("the token in the __session cookie", stage -> {
            APIGatewayV2HTTPEvent event = stage.anonymous();
            event.setCookies(List.of("__session=" + stage.env().clerk().token(Stage.newUser())));
            return event;
        });
        probes.put("a body over 1 MB", stage -> withBody(stage.request(Stage.newUser()), RouteScenarios.OVERSIZED_BODY));
        probes.put("a JSON array body", stage -> withBody(stage.request(Stage.newUser()), "[1,2,3]"));
        probes.put("a blank body", stage -> withBody(stage.request(Stage.newUser()), "   "));
        probes.put("a text/plain body", stage -> {
            APIGatewayV2HTTPEvent event = withBody(stage.request(Stage.newUser()), "hello");
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.put("content-type", "text/plain");
            event.setHeaders(headers);
            return event;
        });
        probes.put("limit=0", stage -> withQuery(stage.request(Stage.newUser()), Map.of("limit", "0")));
        probes.put("limit=100", stage -> withQuery(stage.request(Stage.newUser()), Map.of("limit", "100")));
        probes.put("an undecodable cursor", stage -> withQuery(stage.request(Stage.newUser()), Map.of("cursor", "%%%")));
        probes.put("a path id of 25 hex digits", stage -> stage.route().contains("{sessionId}")
                ? withSessionId(stage.request(Stage.newUser()), "0".repeat(25)) : stage.request(Stage.newUser()));

        List<String> undeclared = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        for (Operation operation : document.operations()) {
            Stage stage = stage(Condition.HEALTHY, operation.route());
            if (stage == null) {
                undeclared.add(operation.route() + ": " + UNBUILDABLE.get(operation.route()));
                continue;
            }
            TreeSet<Integer> statuses = new TreeSet<>();
            probes.forEach((name, probe) -> {
                int status = stage.send(probe.apply(stage)).getStatusCode();
                statuses.add(status);
                if (operation.responseKeyFor(status) == null) {
                    undeclared.add(operation.route() + " with " + name + " answered " + status
                            + ", which openapi.yaml does not declare");
                }
            });
            answered.add(operation.route() + " → " + statuses);
        }
        System.out.println("Probe statuses by route:\n" + String.join("\n", answered));
        assertEquals(List.of(), undeclared, String.join("\n", undeclared));
    }

    @Test
    void everyRouteHasASampleEventAndAFunction() {
        List<String> problems = new ArrayList<>();
        for (Operation operation : document.operations()) {
            if (stage(Condition.HEALTHY, operation.route()) == null) {
                problems.add(operation.route() + ": " + UNBUILDABLE.get(operation.route()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Operation operation(String route) {
        return document.operations().stream().filter(o -> o.route().equals(route)).findFirst().orElse(null);
    }

    private static int status(String scenarioKey) {
        return Integer.parseInt(scenarioKey.substring(scenarioKey.lastIndexOf(' ') + 1));
    }
}
