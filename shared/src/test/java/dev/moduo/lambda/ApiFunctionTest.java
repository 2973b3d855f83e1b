package dev.moduo.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.moduo.config.Settings;
import dev.moduo.core.Json;
import dev.moduo.http.ApiException;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ApiResponse;
import dev.moduo.lambda.testing.TestLambdaContext;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiFunctionTest {

    /** A function whose behaviour the test chooses per call. */
    static class ProbeFunction extends ApiFunction {
        final AtomicReference<java.util.function.Function<ApiRequest, ApiResponse>> behaviour = new AtomicReference<>();
        final AtomicReference<Invocation> lastInvocation = new AtomicReference<>();

        ProbeFunction(ApplicationContext context) {
            super(context);
        }

        @Override
        protected ApiResponse handle(ApiRequest request, Invocation invocation) {
            lastInvocation.set(invocation);
            return behaviour.get().apply(request);
        }
    }

    private ApplicationContext context;
    private ProbeFunction function;

    @BeforeEach
    void start() {
        context = ApplicationContext.builder().environments("function", "lambda").deduceEnvironment(false).build();
        context.registerSingleton(Settings.class, Settings.of(Map.of()));
        function = new ProbeFunction(context);
    }

    @AfterEach
    void stop() {
        function.close();
    }

    private static APIGatewayV2HTTPEvent event() {
        return EventLoader.loadApiGatewayHttpEvent("events/probe.json");
    }

    @Test
    void warmInvocationsRegisterNoLambdaContextBeans() {
        function.behaviour.set(request -> ApiResponse.ok(Map.of("ok", true)));
        APIGatewayV2HTTPEvent event = event();
        for (int i = 0; i < 2_000; i++) {
            assertEquals(200, function.handleRequest(event, new TestLambdaContext("probe")).getStatusCode());
        }
        assertTrue(context.getBeansOfType(Context.class).isEmpty(), "Context beans piled up");
        assertTrue(context.getBeansOfType(LambdaLogger.class).isEmpty(), "LambdaLogger beans piled up");
    }

    @Test
    void deadlineFollowsTheLambdaTimeRemaining() {
        function.behaviour.set(request -> ApiResponse.ok(Map.of()));
        function.handleRequest(event(), new TestLambdaContext("probe", 3_000));
        long left = function.lastInvocation.get().deadline().remaining().toMillis();
        assertTrue(left > 1_500 && left <= 2_250, "deadline " + left);
    }

    @Test
    void deadlineNeverExceedsTheRequestBudget() {
        function.behaviour.set(request -> ApiResponse.ok(Map.of()));
        function.handleRequest(event(), new TestLambdaContext("probe", 900_000));
        assertTrue(function.lastInvocation.get().deadline().remaining().compareTo(ApiFunction.REQUEST_BUDGET) <= 0);
    }

    @Test
    void apiExceptionBecomesItsStatusWithAJsonMessage() {
        function.behaviour.set(request -> {
            throw ApiException.conflict("Session is full");
        });
        APIGatewayV2HTTPResponse response = function.handleRequest(event(), new TestLambdaContext("probe"));
        assertEquals(409, response.getStatusCode());
        assertEquals("{\"message\":\"Session is full\"}", response.getBody());
        assertTrue(response.getHeaders().get("content-type").startsWith("application/json"));
    }

    @Test
    void bugBecomesA500WithoutDetails() {
        function.behaviour.set(request -> {
            throw new NullPointerException("secret-ish detail at dev.moduo.Something");
        });
        APIGatewayV2HTTPResponse response = function.handleRequest(event(), new TestLambdaContext("probe"));
        assertEquals(500, response.getStatusCode());
        assertEquals("{\"message\":\"Internal server error\"}", response.getBody());
    }

    @Test
    void databaseOutageWrappedByTheFrameworkIsA503() {
        function.behaviour.set(request -> {
            throw new io.micronaut.context.exceptions.BeanInstantiationException("Error instantiating bean",
                    new com.mongodb.MongoTimeoutException("Timed out while waiting for a server"));
        });
        APIGatewayV2HTTPResponse response = function.handleRequest(event(), new TestLambdaContext("probe"));
        assertEquals(503, response.getStatusCode());
        assertEquals("{\"message\":\"Database is unavailable, please retry\"}", response.getBody());
    }

    @Test
    void requestCarriesHeadersCookiesPathAndBody() {
        AtomicReference<ApiRequest> seen = new AtomicReference<>();
        function.behaviour.set(request -> {
            seen.set(request);
            return ApiResponse.ok(Map.of());
        });
        APIGatewayV2HTTPEvent event = event();
        event.setBody("eyJhIjoxfQ==");
        event.setIsBase64Encoded(true);
        function.handleRequest(event, new TestLambdaContext("probe"));
        ApiRequest request = seen.get();
        assertEquals("POST", request.method());
        assertEquals("/api/probe/abc", request.path());
        assertEquals("abc", request.pathParameter("id").orElseThrow());
        assertEquals("application/json", request.header("Content-Type").orElseThrow());
        assertEquals("token-from-cookie", request.cookie("__session").orElseThrow());
        assertEquals("{\"a\":1}", new String(request.body(), StandardCharsets.UTF_8));
    }

    @Test
    void logLineHasIdsStatusAndTimingButNoToken() throws Exception {
        function.behaviour.set(request -> ApiResponse.ok(Map.of()));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String line;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            InvocationLog.redirectForTests(System.out);
            function.handleRequest(event(), new TestLambdaContext("probe"));
        } finally {
            InvocationLog.redirectForTests(original);
            System.setOut(original);
        }
        line = captured.toString(StandardCharsets.UTF_8).trim();
        var json = Json.read(line);
        assertEquals("ProbeFunction", json.path("function").asText());
        assertEquals("POST /api/probe/{id}", json.path("route").asText());
        assertEquals(200, json.path("status").asInt());
        assertEquals("probe-request-1", json.path("requestId").asText());
        assertTrue(json.has("durationMs"));
        assertFalse(line.contains("token-from-cookie"));
        assertFalse(line.contains("Bearer"));
    }
}
