package dev.moduo.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.MongoTimeoutException;
import dev.moduo.config.Settings;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.core.Refusal;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.lambda.testing.TestLambdaContext;
import dev.moduo.metrics.DeliveryOutcome;
import dev.moduo.metrics.EmfSpec;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.metrics.Metrics;
import dev.moduo.mongo.MongoFailureCounter;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics a function's edge writes into its invocation's log line. */
class FunctionMetricsTest {

    /** A function whose answer the test chooses, optionally receiving webhooks. */
    static class Probe extends ApiFunction {
        private final Function<ApiRequest, ApiResponse> behaviour;
        private final boolean webhooks;

        Probe(ApplicationContext context, Function<ApiRequest, ApiResponse> behaviour, boolean webhooks) {
            super(context);
            this.behaviour = behaviour;
            this.webhooks = webhooks;
        }

        @Override
        protected ApiResponse handle(ApiRequest request, Invocation invocation) {
            if ("/snapstart-priming".equals(request.path())) {
                throw Refusal.unauthenticated("No credentials");
            }
            return behaviour.apply(request);
        }

        @Override
        protected boolean receivesWebhooks() {
            return webhooks;
        }
    }

    private final List<Probe> made = new ArrayList<>();

    @AfterEach
    void close() {
        made.forEach(Probe::close);
    }

    private Probe probe(Function<ApiRequest, ApiResponse> behaviour, boolean webhooks) {
        ApplicationContext context = ApplicationContext.builder().environments("function", "lambda").deduceEnvironment(false).build();
        context.registerSingleton(Settings.class, Settings.of(Map.of(InvocationMetrics.SERVICE_SETTING, "moduo-test")));
        Probe probe = new Probe(context, behaviour, webhooks);
        made.add(probe);
        return probe;
    }

    private Probe answering(int status) {
        return probe(request -> ApiResponse.message(status, "answer"), false);
    }

    /** The lines written while {@code action} ran. */
    private static List<JsonNode> lines(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            EventLog.redirectForTests(new PrintStream(captured, true, StandardCharsets.UTF_8));
            action.run();
        } finally {
            EventLog.redirectForTests(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!text.isBlank()) {
                try {
                    lines.add(Json.read(text));
                } catch (Exception e) {
                    throw new AssertionError("not a JSON line: " + text, e);
                }
            }
        }
        return lines;
    }

    private static JsonNode invoke(Probe probe) {
        List<JsonNode> lines = lines(() -> probe.handleRequest(EventLoader.loadApiGatewayHttpEvent("events/probe.json"),
                new TestLambdaContext("probe")));
        assertEquals(1, lines.size(), "one line per invocation: " + lines);
        assertEquals(List.of(), EmfSpec.problems(lines.get(0)));
        return lines.get(0);
    }

    private static double published(JsonNode document, Metric metric, Map<String, String> dimensions) {
        return EmfSpec.published(document).stream()
                .filter(p -> p.namespace().equals("Moduo") && p.name().equals(metric.metricName()) && p.dimensions().equals(dimensions))
                .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " " + dimensions + " in " + document))
                .value();
    }

    private static final Map<String, String> PROBE = Map.of("Service", "moduo-test", "Function", "Probe");
    private static final Map<String, String> ROUTE = Map.of("Service", "moduo-test", "Route", "POST /api/probe/{id}");

    @Test
    void theFirstInvocationIsAColdStartAndTheNextOnesAreWarm() {
        Probe probe = answering(200);

        JsonNode first = invoke(probe);
        JsonNode second = invoke(probe);

        assertEquals(1, published(first, Metric.COLD_START, PROBE));
        assertEquals("on-demand", first.path("initType").asText());
        assertEquals(0, published(second, Metric.COLD_START, PROBE));
        assertFalse(second.has("initType"));
    }

    @Test
    void theLogLineCarriesTheRouteDurationAndWhetherItWasAServerError() {
        JsonNode ok = invoke(answering(201));
        JsonNode failed = invoke(answering(503));

        assertEquals(0, published(ok, Metric.SERVER_ERRORS, ROUTE));
        assertEquals(1, published(failed, Metric.SERVER_ERRORS, ROUTE));
        assertEquals(ok.path("durationMs").asDouble(), published(ok, Metric.DURATION, ROUTE));
        assertEquals(201, ok.path("status").asInt(), "still the invocation's log line");
    }

    @Test
    void primingPublishesNoMetricAndLeavesTheColdStartToTheFirstRealInvocation() {
        Probe probe = answering(200);

        List<JsonNode> primingLines = lines(() -> probe.snapStart().beforeCheckpoint(null));
        JsonNode first = invoke(probe);

        assertEquals(1, primingLines.size(), primingLines.toString());
        assertEquals(401, primingLines.get(0).path("status").asInt());
        assertFalse(primingLines.get(0).has("_aws"), "a published version is no traffic: " + primingLines.get(0));
        assertEquals(1, published(first, Metric.COLD_START, PROBE));
    }

    @Test
    void theFirstInvocationAfterARestoreIsASnapStartColdStart() {
        Probe probe = answering(200);
        invoke(probe);
        lines(() -> probe.snapStart().beforeCheckpoint(null));

        probe.snapStart().afterRestore(null);
        JsonNode restored = invoke(probe);
        JsonNode next = invoke(probe);

        assertEquals(1, published(restored, Metric.COLD_START, PROBE));
        assertEquals("snap-start", restored.path("initType").asText());
        assertEquals(0, published(next, Metric.COLD_START, PROBE));
    }

    @Test
    void mongoDbUnreachableBeforeAnyCommandIsCountedAsConnect() {
        JsonNode line = invoke(probe(request -> {
            throw new MongoTimeoutException("Timed out while waiting for a server");
        }, false));

        assertEquals(503, line.path("status").asInt());
        assertEquals(1, published(line, Metric.MONGO_FAILURES,
                Map.of("Service", "moduo-test", "Operation", MongoFailureCounter.BEFORE_ANY_COMMAND)));
        assertEquals(1, published(line, Metric.MONGO_FAILURES, Map.of("Service", "moduo-test")));
    }

    @Test
    void aFailedCommandAlreadyCountedIsNotCountedAgainAtTheEdge() {
        JsonNode line = invoke(probe(request -> {
            Metrics.count(Metric.MONGO_FAILURES, "find");
            throw new MongoTimeoutException("Timed out while waiting for a server");
        }, false));

        assertEquals(1, published(line, Metric.MONGO_FAILURES, Map.of("Service", "moduo-test")));
        assertEquals(1, published(line, Metric.MONGO_FAILURES, Map.of("Service", "moduo-test", "Operation", "find")));
    }

    @Test
    void aWebhookDeliveryRefusedBeforeItsHandlerSaidWhatItDidIsCountedByItsStatus() {
        Map<Integer, DeliveryOutcome> expected = Map.of(401, DeliveryOutcome.UNAUTHENTICATED, 400, DeliveryOutcome.REFUSED,
                413, DeliveryOutcome.REFUSED, 503, DeliveryOutcome.FAILED);
        expected.forEach((status, outcome) -> {
            JsonNode line = invoke(probe(request -> ApiResponse.message(status, "no"), true));
            assertEquals(1, published(line, Metric.WEBHOOK_DELIVERIES,
                    Map.of("Service", "moduo-test", "Function", "Probe", "Outcome", outcome.label())), status + " " + line);
        });
    }

    @Test
    void aWebhookDeliveryItsHandlerCountedIsNotCountedAgain() {
        // Answered with a status the edge would count by (503: failed), after the handler counted another outcome.
        JsonNode line = invoke(probe(request -> {
            Metrics.count(Metric.WEBHOOK_DELIVERIES, DeliveryOutcome.IGNORED.label());
            return ApiResponse.message(503, "Ignored, then failed to answer");
        }, true));

        List<String> outcomes = EmfSpec.published(line).stream().filter(p -> p.name().equals("WebhookDeliveries"))
                .map(p -> p.dimensions().get("Outcome")).toList();
        assertEquals(List.of(DeliveryOutcome.IGNORED.label()), outcomes, line.toString());
    }

    @Test
    void aFunctionThatReceivesNoWebhooksCountsNoDelivery() {
        JsonNode line = invoke(answering(401));

        assertTrue(EmfSpec.published(line).stream().noneMatch(p -> p.name().equals("WebhookDeliveries")), line.toString());
    }
}
