package dev.moduo.local.embedded;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.stream.StreamWebhookVerifier;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What Stream does with the events of a call, for the emulator: each is POSTed to the webhook URL, signed with the
 * API secret ({@code X-Signature}: lower-case hex HMAC-SHA256 of the raw body), with {@code X-Webhook-Id} (the same on
 * every try, so the receiver's deduplication holds), {@code X-Webhook-Attempt} and {@code X-Api-Key}, and retried as
 * Stream documents it (stream-permissions-recording.md §7): 408, 429 and 5xx up to three tries, a network error or a
 * timeout up to two, six seconds per try and fifteen in all. One event at a time, in the order they happened, on a
 * thread of its own, so a slow or refused delivery never holds up the request that caused it.
 *
 * <p>Each delivery is one log line (its type, call and status; never the secret or the body) and is kept for
 * {@code GET /_local/stream}.
 */
public final class StreamWebhookDelivery implements AutoCloseable {

    public static final String PATH = "/api/webhooks/stream";
    static final String THREAD_NAME = "stream-webhooks";
    /** The deliveries {@code GET /_local/stream} shows, newest last. */
    static final int KEPT = 100;

    /** How Stream retries; tests shorten the times. */
    record Policy(int triesOnStatus, int triesOnNetworkError, Duration perTry, Duration total, Duration firstBackoff) {

        static final Policy STREAM = new Policy(3, 2, Duration.ofSeconds(6), Duration.ofSeconds(15), Duration.ofMillis(250));
    }

    /**
     * One event's delivery: {@code attempts} are the answers of each try, a status or what went wrong;
     * {@code outcome} is {@code delivered} (2xx), {@code refused} (an answer Stream does not retry, such as 401),
     * {@code failed} (the tries ran out) or {@code abandoned} (the runner stopped first).
     */
    public record Delivery(String webhookId, String type, String callCid, List<String> attempts, Outcome outcome) {

        public Delivery {
            attempts = List.copyOf(attempts);
        }
    }

    public enum Outcome {
        DELIVERED, REFUSED, FAILED, ABANDONED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final URI target;
    private final String apiKey;
    private final String apiSecret;
    private final Policy policy;
    private final Consumer<String> log;
    private final HttpClient http;
    private final ExecutorService sender;
    private final Deque<Delivery> recent = new ArrayDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private int delivered;
    private int refused;
    private int failed;
    private int abandoned;
    private volatile boolean closed;

    public StreamWebhookDelivery(String target, String apiKey, String apiSecret, Consumer<String> log) {
        this(target, apiKey, apiSecret, Policy.STREAM, log);
    }

    StreamWebhookDelivery(String target, String apiKey, String apiSecret, Policy policy, Consumer<String> log) {
        this.target = URI.create(target);
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.policy = policy;
        this.log = log;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.perTry()).build();
        this.sender = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, THREAD_NAME + " to " + this.target.getAuthority());
            thread.setDaemon(true);
            return thread;
        });
    }

    public String target() {
        return target.toString();
    }

    /** Queues the event; it is sent after every event queued before it. */
    public void accept(JsonNode event) {
        if (closed) {
            return;
        }
        queued.incrementAndGet();
        try {
            sender.execute(() -> {
                try {
                    deliver(event);
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed meanwhile: counted by close() as not delivered.
            queued.decrementAndGet();
        }
    }

    private void deliver(JsonNode event) {
        byte[] body = LocalJson.bytes(event);
        String signature = StreamWebhookVerifier.sign(body, apiSecret);
        String webhookId = UUID.randomUUID().toString();
        String type = event.path("type").asText("(no type)");
        String callCid = event.path("call_cid").asText(null);
        List<String> attempts = new ArrayList<>();
        long deadline = System.nanoTime() + policy.total().toNanos();
        while (true) {
            int attempt = attempts.size() + 1;
            Duration left = remaining(deadline);
            if (left.isZero()) {
                finish(new Delivery(webhookId, type, callCid, attempts, Outcome.FAILED));
                return;
            }
            Duration perTry = left.compareTo(policy.perTry()) < 0 ? left : policy.perTry();
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(perTry)
                    .header("content-type", "application/json")
                    .header("user-agent", "moduo-local Stream emulator")
                    .header("x-webhook-id", webhookId)
                    .header("x-webhook-attempt", Integer.toString(attempt))
                    .header("x-api-key", apiKey)
                    .header("x-signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int tries;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                attempts.add(Integer.toString(status));
                if (status / 100 == 2) {
                    finish(new Delivery(webhookId, type, callCid, attempts, Outcome.DELIVERED));
                    return;
                }
                if (!retried(status)) {
                    finish(new Delivery(webhookId, type, callCid, attempts, Outcome.REFUSED));
                    return;
                }
                tries = policy.triesOnStatus();
            } catch (HttpTimeoutException e) {
                attempts.add("no answer within " + perTry.toMillis() + " ms");
                tries = policy.triesOnNetworkError();
            } catch (ConnectException e) {
                attempts.add("connection refused");
                tries = policy.triesOnNetworkError();
            } catch (IOException e) {
                attempts.add("network error: " + e.getClass().getSimpleName());
                tries = policy.triesOnNetworkError();
            } catch (InterruptedException e) {
                finish(new Delivery(webhookId, type, callCid, attempts, Outcome.ABANDONED));
                return;
            }
            if (attempt >= tries || closed) {
                finish(new Delivery(webhookId, type, callCid, attempts, closed ? Outcome.ABANDONED : Outcome.FAILED));
                return;
            }
            try {
                Thread.sleep(Math.min(policy.firstBackoff().toMillis() << (attempt - 1), remaining(deadline).toMillis()));
            } catch (InterruptedException e) {
                finish(new Delivery(webhookId, type, callCid, attempts, Outcome.ABANDONED));
                return;
            }
        }
    }

    /** Stream retries a timeout, a rate limit and a server error; anything else is the receiver's final word. */
    static boolean retried(int status) {
        return status == 408 || status == 429 || status / 100 == 5;
    }

    private static Duration remaining(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    private synchronized void finish(Delivery delivery) {
        switch (delivery.outcome()) {
            case DELIVERED -> delivered++;
            case REFUSED -> refused++;
            case FAILED -> failed++;
            case ABANDONED -> abandoned++;
        }
        recent.addLast(delivery);
        while (recent.size() > KEPT) {
            recent.removeFirst();
        }
        if (delivery.outcome() != Outcome.ABANDONED) {
            log.accept(logLine(delivery));
        }
    }

    static String logLine(Delivery delivery) {
        String about = "Stream webhook " + delivery.type() + (delivery.callCid() == null ? "" : " (" + delivery.callCid() + ")");
        List<String> attempts = delivery.attempts();
        String last = attempts.isEmpty() ? "no try" : attempts.get(attempts.size() - 1);
        String earlier = attempts.size() < 2 ? "" : "; earlier tries: " + String.join(", ", attempts.subList(0, attempts.size() - 1));
        return switch (delivery.outcome()) {
            case DELIVERED -> about + " -> " + last + (attempts.size() > 1 ? " on try " + attempts.size() + earlier : "");
            case REFUSED -> "Warning: " + about + " -> " + last + ", not retried" + earlier;
            case FAILED, ABANDONED -> "Warning: " + about + " not delivered after " + attempts.size() + " tries: " + String.join(", ", attempts);
        };
    }

    /** The deliveries so far, for {@code GET /_local/stream}. */
    public synchronized ObjectNode state() {
        ObjectNode state = LocalJson.object();
        state.put("target", target.toString());
        state.put("queued", queued.get());
        state.put("delivered", delivered);
        state.put("refused", refused);
        state.put("failed", failed);
        state.put("abandoned", abandoned);
        ArrayNode list = state.putArray("recent");
        recent.forEach(delivery -> list.add(LocalJson.MAPPER.valueToTree(delivery)));
        return state;
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(recent);
    }

    /** Stops at once: a try in flight or a backoff is cut short; what was still queued is not sent, and said so. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int notStarted = sender.shutdownNow().size();
        queued.addAndGet(-notStarted);
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int lost;
        synchronized (this) {
            abandoned += notStarted;
            lost = abandoned;
        }
        if (lost > 0) {
            log.accept("Stream webhooks: " + lost + " not delivered, as the runner stopped first");
        }
    }
}
