package dev.moduo.local.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.moduo.local.LocalJson;
import dev.moduo.local.embedded.StreamWebhookDelivery.Delivery;
import dev.moduo.local.embedded.StreamWebhookDelivery.Outcome;
import dev.moduo.stream.StreamWebhookVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's webhook deliveries against a receiver that answers what each test scripts: signed as Stream
 * signs, retried as Stream retries (same id, next attempt number), in order, one log line each, stopped at once.
 */
class StreamWebhookDeliveryTest {

    private static final String KEY = "moduo-local";
    private static final String SECRET = "emulator-secret-for-this-test";
    /** Stream's tries and backoff, with times short enough for a test. */
    private static final StreamWebhookDelivery.Policy QUICK = new StreamWebhookDelivery.Policy(3, 2,
            Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofMillis(10));

    private final Receiver receiver = new Receiver();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private StreamWebhookDelivery delivery;

    @AfterEach
    void stop() {
        if (delivery != null) {
            delivery.close();
        }
        receiver.close();
    }

    private StreamWebhookDelivery deliverTo(String target) {
        return deliverTo(target, QUICK);
    }

    private StreamWebhookDelivery deliverTo(String target, StreamWebhookDelivery.Policy policy) {
        delivery = new StreamWebhookDelivery(target, KEY, SECRET, policy, log::add);
        return delivery;
    }

    private static ObjectNode event(String type) {
        ObjectNode event = LocalJson.object();
        event.put("type", type);
        event.put("created_at", 1_796_000_000_000_000_000L);
        event.put("call_cid", "default:call-1");
        return event;
    }

    private List<Delivery> awaitDeliveries(int count) {
        await(() -> delivery.deliveries().size() >= count, "deliveries: " + delivery.deliveries());
        return delivery.deliveries();
    }

    @Test
    void theBodyIsSignedWithTheSecretAndCarriesStreamsHeaders() {
        receiver.answer(200);
        deliverTo(receiver.url()).accept(event("call.session_started"));

        awaitDeliveries(1);

        Received received = receiver.received().get(0);
        assertEquals(StreamWebhookVerifier.sign(received.body(), SECRET), received.header("x-signature"));
        assertTrue(received.header("x-signature").matches("[0-9a-f]{64}"), "lower-case hex");
        assertEquals("1", received.header("x-webhook-attempt"));
        assertEquals(KEY, received.header("x-api-key"));
        assertFalse(received.header("x-webhook-id").isBlank());
        assertEquals("application/json", received.header("content-type"));
        assertEquals("call.session_started", readJson(received.body()).get("type").asText());
        assertEquals(List.of("200"), delivery.deliveries().get(0).attempts());
        assertEquals(Outcome.DELIVERED, delivery.deliveries().get(0).outcome());
    }

    @Test
    void serverErrorsRateLimitsAndTimeoutsAreRetriedWithTheSameIdAndSignature() {
        receiver.answer(503, 429, 200);
        deliverTo(receiver.url()).accept(event("call.recording_started"));

        Delivery done = awaitDeliveries(1).get(0);

        List<Received> tries = receiver.received();
        assertEquals(3, tries.size());
        assertEquals(List.of("1", "2", "3"), tries.stream().map(t -> t.header("x-webhook-attempt")).toList());
        assertEquals(1, tries.stream().map(t -> t.header("x-webhook-id")).distinct().count());
        assertEquals(1, tries.stream().map(t -> t.header("x-signature")).distinct().count());
        assertEquals(List.of("503", "429", "200"), done.attempts());
        assertEquals(Outcome.DELIVERED, done.outcome());
        assertEquals(done.webhookId(), tries.get(0).header("x-webhook-id"));
    }

    @Test
    void a408IsRetriedToo() {
        receiver.answer(408, 200);
        deliverTo(receiver.url()).accept(event("call.ended"));

        assertEquals(List.of("408", "200"), awaitDeliveries(1).get(0).attempts());
    }

    @Test
    void threeFailedTriesAreTheEndAndSaySo() {
        receiver.answer(500, 502, 503, 200);
        deliverTo(receiver.url()).accept(event("call.ended"));

        Delivery done = awaitDeliveries(1).get(0);

        assertEquals(Outcome.FAILED, done.outcome());
        assertEquals(3, receiver.received().size());
        assertEquals(List.of("Warning: Stream webhook call.ended (default:call-1) not delivered after 3 tries: 500, 502, 503"),
                log);
    }

    @Test
    void aRefusalIsNotRetried() {
        receiver.answer(401, 200);
        deliverTo(receiver.url()).accept(event("call.ended"));

        Delivery done = awaitDeliveries(1).get(0);

        assertEquals(Outcome.REFUSED, done.outcome());
        assertEquals(1, receiver.received().size());
        assertEquals(List.of("Warning: Stream webhook call.ended (default:call-1) -> 401, not retried"), log);
    }

    @Test
    void noAnswerWithinATryIsRetriedOnce() {
        receiver.hangFirst();
        receiver.answer(200);
        deliverTo(receiver.url()).accept(event("call.session_ended"));

        Delivery done = awaitDeliveries(1).get(0);

        assertEquals(List.of("no answer within 400 ms", "200"), done.attempts());
        assertEquals(Outcome.DELIVERED, done.outcome());
    }

    @Test
    void aReceiverThatIsNotListeningGetsTwoTries() {
        receiver.close();
        deliverTo(receiver.url()).accept(event("call.ended"));

        Delivery done = awaitDeliveries(1).get(0);

        assertEquals(List.of("connection refused", "connection refused"), done.attempts());
        assertEquals(Outcome.FAILED, done.outcome());
    }

    @Test
    void eventsArriveInTheOrderTheyHappenedEvenWhenOneIsRetried() {
        receiver.answer(503, 200, 200, 200);
        StreamWebhookDelivery webhooks = deliverTo(receiver.url());
        webhooks.accept(event("call.session_participant_joined"));
        webhooks.accept(event("call.session_participant_left"));
        webhooks.accept(event("call.session_ended"));

        awaitDeliveries(3);

        assertEquals(List.of("call.session_participant_joined", "call.session_participant_joined",
                        "call.session_participant_left", "call.session_ended"),
                receiver.received().stream().map(t -> readJson(t.body()).get("type").asText()).toList());
    }

    @Test
    void eachDeliveryIsOneLogLineWithItsTypeAndStatusAndNoSecret() {
        receiver.answer(503, 200);
        deliverTo(receiver.url()).accept(event("call.recording_ready"));

        awaitDeliveries(1);

        assertEquals(List.of("Stream webhook call.recording_ready (default:call-1) -> 200 on try 2; earlier tries: 503"), log);
        String signature = receiver.received().get(0).header("x-signature");
        assertTrue(log.stream().noneMatch(line -> line.contains(SECRET) || line.contains(signature)));
        assertFalse(delivery.state().toString().contains(SECRET));
    }

    @Test
    void closingCutsAWaitingDeliveryShortAndSendsNothingMore() {
        receiver.hangAll();
        // A try that would wait far longer than close() does (2 s): only cut short does it end within the close.
        StreamWebhookDelivery webhooks = deliverTo(receiver.url(), new StreamWebhookDelivery.Policy(3, 2,
                Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(10)));
        webhooks.accept(event("call.ended"));
        webhooks.accept(event("call.deleted"));
        await(() -> receiver.received().size() == 1, "the first try is in flight");

        webhooks.close();
        webhooks.accept(event("call.stats_report_ready"));

        assertEquals(List.of("Stream webhooks: 2 not delivered, as the runner stopped first"), log);
        assertEquals(2, webhooks.state().get("abandoned").intValue());
        assertEquals(0, webhooks.state().get("queued").intValue(), "nothing queued after the close");
        Delivery cut = webhooks.deliveries().get(0);
        assertEquals("call.ended", cut.type());
        assertEquals(Outcome.ABANDONED, cut.outcome());
        assertEquals(1, receiver.received().size(), "nothing was sent after the close");
        await(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("stream-webhooks to " + receiver.authority()) && thread.isAlive()),
                "its thread ended");
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(byte[] body) {
        try {
            return LocalJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("Not within 10 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    record Received(Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name);
        }
    }

    /** An HTTP receiver that answers the scripted statuses in turn (then 200), hanging when told to. */
    private static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final Deque<Integer> script = new ArrayDeque<>();
        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch closing = new CountDownLatch(1);
        private int hang;

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.createContext("/", this::handle);
            server.start();
        }

        String authority() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        String url() {
            return "http://" + authority() + StreamWebhookDelivery.PATH;
        }

        synchronized void answer(Integer... statuses) {
            script.addAll(List.of(statuses));
        }

        synchronized void hangFirst() {
            hang = 1;
        }

        synchronized void hangAll() {
            hang = Integer.MAX_VALUE;
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            received.add(new Received(headers, body));
            boolean hangThis;
            int status;
            synchronized (this) {
                hangThis = hang > 0;
                if (hangThis) {
                    hang--;
                }
                status = script.isEmpty() ? 200 : script.peekFirst();
                if (!hangThis && !script.isEmpty()) {
                    script.removeFirst();
                }
            }
            if (hangThis) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] answer = "{\"message\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }

        @Override
        public void close() {
            closing.countDown();
            server.stop(0);
        }
    }
}
