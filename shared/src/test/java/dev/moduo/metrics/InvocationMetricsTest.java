package dev.moduo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.config.Settings;
import dev.moduo.core.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvocationMetricsTest {

    private InvocationMetrics metrics;

    @AfterEach
    void end() {
        if (metrics != null) {
            metrics.end();
        }
    }

    private static ObjectNode line() {
        return Json.object().put("function", "EndSessionFunction").put("requestId", "r-1");
    }

    private static Set<String> published(List<ObjectNode> documents) {
        return documents.stream().flatMap(document -> EmfSpec.published(document).stream())
                .map(metric -> metric.name() + metric.dimensions() + "=" + metric.value())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void countsReachTheInvocationInProgressOnThisThread() {
        metrics = InvocationMetrics.begin("moduo-prod", "EndSessionFunction", "POST /api/sessions/{sessionId}/end", null);

        Metrics.count(Metric.SESSIONS_ENDED, "host");
        Metrics.count(Metric.STREAM_REQUESTS);
        Metrics.count(Metric.STREAM_REQUESTS);

        assertEquals(1, metrics.value(Metric.SESSIONS_ENDED, "host"));
        assertEquals(2, metrics.value(Metric.STREAM_REQUESTS, null));
        assertEquals(Set.of(
                "ColdStart{Function=EndSessionFunction, Service=moduo-prod}=0.0",
                "SessionsEnded{Reason=host, Service=moduo-prod}=1.0",
                "StreamRequests{Service=moduo-prod}=2.0"), published(metrics.documents(line(), 1L)));
    }

    @Test
    void countsOutsideAnInvocationAreDropped() {
        Metrics.count(Metric.SESSIONS_CREATED);

        metrics = InvocationMetrics.begin("moduo-prod", "CreateSessionFunction", "POST /api/sessions", null);
        assertFalse(metrics.has(Metric.SESSIONS_CREATED));
    }

    @Test
    void countsAfterTheEndReachNothing() {
        InvocationMetrics ended = InvocationMetrics.begin("moduo-prod", "CreateSessionFunction", "POST /api/sessions", null);
        ended.end();

        Metrics.count(Metric.SESSIONS_CREATED);

        assertFalse(ended.has(Metric.SESSIONS_CREATED));
        assertNull(InvocationMetrics.current());
    }

    @Test
    void countsOnAnotherThreadDoNotReachThisInvocation() throws Exception {
        metrics = InvocationMetrics.begin("moduo-prod", "CreateSessionFunction", "POST /api/sessions", null);

        CompletableFuture.runAsync(() -> Metrics.count(Metric.SESSIONS_CREATED)).get();

        assertFalse(metrics.has(Metric.SESSIONS_CREATED));
    }

    @Test
    void anInvocationInsideAnotherGivesTheOuterOneBackWhenItEnds() {
        metrics = InvocationMetrics.begin("moduo-prod", "ClerkWebhookFunction", "POST /api/webhooks/clerk", null);
        InvocationMetrics inner = InvocationMetrics.begin("moduo-prod", "CreateSessionFunction", "POST /api/sessions", null);
        Metrics.count(Metric.SESSIONS_CREATED);
        inner.end();

        Metrics.count(Metric.SESSIONS_ENDED, "host-deleted");

        assertTrue(inner.has(Metric.SESSIONS_CREATED));
        assertFalse(inner.has(Metric.SESSIONS_ENDED));
        assertTrue(metrics.has(Metric.SESSIONS_ENDED));
    }

    @Test
    void aColdStartCountsOneAndAWarmInvocationZero() {
        InvocationMetrics cold = InvocationMetrics.begin("moduo-prod", "GetSessionFunction", "GET /x", ColdStart.Kind.SNAP_START);
        cold.end();
        metrics = InvocationMetrics.begin("moduo-prod", "GetSessionFunction", "GET /x", null);

        assertEquals(1, cold.value(Metric.COLD_START, null));
        assertEquals(ColdStart.Kind.SNAP_START, cold.coldStart());
        assertEquals(0, metrics.value(Metric.COLD_START, null));
    }

    @Test
    void twoFailedOperationsAreTwoDocumentsAndOnlyThen() {
        metrics = InvocationMetrics.begin("moduo-prod", "CreateSessionFunction", "POST /api/sessions", null);
        Metrics.count(Metric.STREAM_FAILURES, "GetOrCreateCall");
        assertEquals(1, metrics.documents(line(), 1L).size());

        Metrics.count(Metric.STREAM_FAILURES, "DeleteCall");
        List<ObjectNode> documents = metrics.documents(line(), 1L);

        assertEquals(2, documents.size());
        assertTrue(published(documents).containsAll(Set.of(
                "StreamFailures{Operation=GetOrCreateCall, Service=moduo-prod}=1.0",
                "StreamFailures{Operation=DeleteCall, Service=moduo-prod}=1.0")));
        long totals = documents.stream().flatMap(document -> EmfSpec.published(document).stream())
                .filter(metric -> metric.name().equals("StreamFailures") && metric.dimensions().equals(Map.of("Service", "moduo-prod")))
                .count();
        assertEquals(2, totals, "the total without Operation adds both up");
    }

    @Test
    void theServiceComesFromItsSettingWithADefault() {
        assertEquals("moduo-prod", InvocationMetrics.service(Settings.of(Map.of(InvocationMetrics.SERVICE_SETTING, "moduo-prod"))));
        assertEquals(InvocationMetrics.DEFAULT_SERVICE, InvocationMetrics.service(Settings.of(Map.of())));
    }
}
