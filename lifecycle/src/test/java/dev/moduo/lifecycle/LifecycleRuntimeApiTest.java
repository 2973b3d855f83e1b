package dev.moduo.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Runtime API as the runtime interface client meets it, driven here by plain HTTP in its place: the statuses
 * and bodies of AWS's emulator, and the order of calls Lambda enforces.
 */
class LifecycleRuntimeApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newHttpClient();
    private RuntimeApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void nextHandsOutTheQueuedEventWithTheHeadersTheClientReads() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> api.invoke("{\"n\":1}".getBytes(), WAIT, WAIT));

        HttpResponse<String> next = get("invocation/next");

        assertEquals(200, next.statusCode());
        assertEquals("{\"n\":1}", next.body());
        assertNotNull(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElse(null));
        long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertTrue(deadline > System.currentTimeMillis(), "the deadline is in the future");
        assertEquals("arn:aws:lambda:eu-central-1:123456789012:function:Probe",
                next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
        assertTrue(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow().startsWith("Root=1-"));
        String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        HttpResponse<String> posted = post("invocation/" + id + "/response", "{\"ok\":true}", null);

        assertEquals(202, posted.statusCode());
        assertEquals("{\"status\":\"OK\"}", posted.body());
        Outcome.Response response = assertInstanceOf(Outcome.Response.class, outcome.get(10, TimeUnit.SECONDS));
        assertEquals("{\"ok\":true}", response.body());
    }

    @Test
    void anInvocationErrorEndsTheInvocationWithItsErrorType() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> api.invoke("{}".getBytes(), WAIT, WAIT));
        String id = get("invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        assertEquals(202, post("invocation/" + id + "/error", "{\"errorMessage\":\"boom\"}", "Runtime.UserException").statusCode());

        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, outcome.get(10, TimeUnit.SECONDS));
        assertEquals("Runtime.UserException", failed.errorType());
    }

    @Test
    void aResponseForAnotherRequestIdIsRefusedWithInvalidRequestId() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        CompletableFuture.supplyAsync(() -> api.invoke("{}".getBytes(), WAIT, WAIT));
        get("invocation/next");

        HttpResponse<String> posted = post("invocation/not-the-one/response", "{}", null);

        assertEquals(400, posted.statusCode());
        assertTrue(posted.body().contains("\"errorType\":\"InvalidRequestID\""), posted.body());
    }

    @Test
    void aResponseOverSixMebibytesIsRefusedAndFailsTheInvocation() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> api.invoke("{}".getBytes(), WAIT, WAIT));
        String id = get("invocation/next").headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();

        HttpResponse<String> posted = post("invocation/" + id + "/response", "x".repeat(RuntimeApi.MAX_RESPONSE_BYTES + 1), null);

        assertEquals(413, posted.statusCode());
        assertEquals("Function.ResponseSizeTooLarge",
                assertInstanceOf(Outcome.Failed.class, outcome.get(10, TimeUnit.SECONDS)).errorType());
    }

    @Test
    void anInitErrorIsAcceptedDuringInitAndRecordedWithItsType() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");

        HttpResponse<String> posted = post("init/error", "{\"errorMessage\":\"no\"}", "Runtime.BadFunctionCode");

        assertEquals(202, posted.statusCode());
        assertEquals("Runtime.BadFunctionCode", api.initError().get(10, TimeUnit.SECONDS).errorType());
    }

    @Test
    void anInitErrorAfterTheFirstNextIsAnInvalidStateTransition() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        http.sendAsync(request("invocation/next").GET().build(), HttpResponse.BodyHandlers.ofString());
        api.firstNext().get(10, TimeUnit.SECONDS);

        HttpResponse<String> posted = post("init/error", "{}", "Runtime.BadFunctionCode");

        assertEquals(403, posted.statusCode());
        assertTrue(posted.body().contains("\"errorType\":\"InvalidStateTransition\""), posted.body());
        assertFalse(api.initError().isDone());
    }

    @Test
    void theRestoreEndpointsDoNotExistOnDemand() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");

        assertEquals(404, get("restore/next").statusCode());
        assertEquals(404, post("restore/error", "{}", "Runtime.AfterRestoreError").statusCode());
    }

    @Test
    void underSnapStartNextBeforeRestoreIsAnInvalidStateTransition() throws Exception {
        api = RuntimeApi.start(Shape.SNAP_START, "Probe", "eu-central-1");

        HttpResponse<String> next = get("invocation/next");

        assertEquals(403, next.statusCode());
        assertFalse(api.firstNext().isDone());
    }

    @Test
    void restoreNextIsHeldUntilTheHarnessAnswersIt() throws Exception {
        api = RuntimeApi.start(Shape.SNAP_START, "Probe", "eu-central-1");
        CompletableFuture<HttpResponse<String>> restore = http.sendAsync(request("restore/next").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        api.restoreRequested().get(10, TimeUnit.SECONDS);

        assertFalse(restore.isDone(), "answered before the harness let it");
        api.answerRestore();

        assertEquals(200, restore.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aRestoreErrorIsAcceptedOnlyWhileTheRestoreRuns() throws Exception {
        api = RuntimeApi.start(Shape.SNAP_START, "Probe", "eu-central-1");
        assertEquals(403, post("restore/error", "{}", "Runtime.AfterRestoreError").statusCode());
        CompletableFuture<HttpResponse<String>> restore = http.sendAsync(request("restore/next").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        api.restoreRequested().get(10, TimeUnit.SECONDS);
        api.answerRestore();
        restore.get(10, TimeUnit.SECONDS);

        assertEquals(202, post("restore/error", "{}", "Runtime.AfterRestoreError").statusCode());
        assertEquals("Runtime.AfterRestoreError", api.restoreError().get(10, TimeUnit.SECONDS).errorType());
    }

    @Test
    void restoreNextIsAnsweredOnce() throws Exception {
        api = RuntimeApi.start(Shape.SNAP_START, "Probe", "eu-central-1");
        CompletableFuture<HttpResponse<String>> restore = http.sendAsync(request("restore/next").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        api.restoreRequested().get(10, TimeUnit.SECONDS);
        api.answerRestore();
        restore.get(10, TimeUnit.SECONDS);

        assertEquals(403, get("restore/next").statusCode());
    }

    @Test
    void everyCallIsRecordedInArrivalOrderWithItsStatusAndErrorType() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        post("init/error", "{}", "Runtime.BadFunctionCode");
        get("restore/next");

        List<RuntimeCall> calls = api.calls();

        assertEquals(List.of("POST /2018-06-01/runtime/init/error → 202 (Runtime.BadFunctionCode)",
                "GET /2018-06-01/runtime/restore/next → 404"), calls.stream().map(RuntimeCall::toString).toList());
    }

    @Test
    void anInvocationEndsWhenTheProcessDies() throws Exception {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> api.invoke("{}".getBytes(), WAIT, WAIT));
        get("invocation/next");

        api.processExited(137);

        assertEquals(137, assertInstanceOf(Outcome.Exited.class, outcome.get(10, TimeUnit.SECONDS)).exitCode());
    }

    @Test
    void anInvocationNobodyAnswersTimesOut() {
        api = RuntimeApi.start(Shape.ON_DEMAND, "Probe", "eu-central-1");

        Outcome outcome = api.invoke("{}".getBytes(), Duration.ZERO, Duration.ofMillis(200));

        assertInstanceOf(Outcome.TimedOut.class, outcome);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://" + api.address() + RuntimeApi.BASE + path)).timeout(WAIT);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            builder.header(RuntimeApi.ERROR_TYPE_HEADER, errorType);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
