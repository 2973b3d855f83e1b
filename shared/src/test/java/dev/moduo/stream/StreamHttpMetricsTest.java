package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.stream.testing.Fault;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a Stream request counts into the invocation's metrics: the request, and its failure by operation. */
class StreamHttpMetricsTest {

    private static final List<StreamUser> ADA = List.of(new StreamUser("ada", "Ada", null));

    private StandInClients stream;
    private InvocationMetrics metrics;

    @BeforeEach
    void start() {
        stream = new StandInClients();
        metrics = InvocationMetrics.begin("moduo-test", "CreateSessionFunction", "POST /api/sessions", null);
    }

    @AfterEach
    void stop() {
        metrics.end();
        stream.close();
    }

    @Test
    void aRequestIsCountedOnceWhateverItsRetries() {
        stream.standIn.failNext("UpdateUsers", Fault.internalError(), 2);

        stream.users.upsertUsers(ADA, StandInClients.deadline());

        assertEquals(1, metrics.value(Metric.STREAM_REQUESTS, null));
        assertFalse(metrics.has(Metric.STREAM_FAILURES), "it succeeded in the end");
    }

    @Test
    void aRequestThatFailsIsCountedUnderItsOperation() {
        stream.standIn.failNext("UpdateUsers", Fault.status(400, 4, "UpdateUsers failed with error: \"bad user\""), 1);

        assertThrows(StreamException.class, () -> stream.users.upsertUsers(ADA, StandInClients.deadline()));

        assertEquals(1, metrics.value(Metric.STREAM_FAILURES, "UpdateUsers"));
        assertEquals(1, metrics.value(Metric.STREAM_REQUESTS, null));
    }

    @Test
    void streamUnavailableUntilTheLastAttemptIsOneFailure() {
        stream.standIn.failNext("UpdateUsers", Fault.internalError(), 100);

        assertThrows(StreamException.class, () -> stream.users.upsertUsers(ADA, StandInClients.deadline()));

        assertEquals(1, metrics.value(Metric.STREAM_FAILURES, "UpdateUsers"));
    }

    @Test
    void notFoundIsAnAnswerNotAFailure() {
        stream.video.deleteCall("no-such-call", StandInClients.deadline());

        assertEquals(1, metrics.value(Metric.STREAM_REQUESTS, null));
        assertFalse(metrics.has(Metric.STREAM_FAILURES));
    }
}
