package dev.moduo.stream.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.testkit.TestJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The webhook events Stream would send for what happened in the stand-in, in the order they happened, shaped
 * as the spec's event schemas (stream-permissions-recording.md §5-§7): {@code created_at} in Unix nanoseconds as
 * the SDKs' current webhook fixtures have it. Kept for tests to read or deliver, and handed to listeners (the
 * local runner's delivery to its own webhook route).
 */
final class StandInEvents {

    private final List<ObjectNode> emitted = new ArrayList<>();
    private final List<ObjectNode> undelivered = new ArrayList<>();
    private final List<Consumer<ObjectNode>> listeners = new CopyOnWriteArrayList<>();
    private final Object handOver = new Object();
    private volatile Clock clock = Clock.systemUTC();

    /** A new event of {@code type} about call {@code default:<callId>}, stamped now; the caller adds the rest. */
    ObjectNode event(String type, String callId) {
        ObjectNode event = TestJson.object();
        event.put("type", type);
        event.put("created_at", nowNanos());
        event.put("call_cid", "default:" + callId);
        return event;
    }

    long nowNanos() {
        var now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }

    void useClock(Clock clock) {
        this.clock = clock;
    }

    /** Called under the state's lock; listeners run after the request that caused the event (see {@link #flush}). */
    synchronized void emit(ObjectNode event) {
        emitted.add(event);
        undelivered.add(event);
    }

    /**
     * Hands what was emitted since the last flush to the listeners, outside the state's lock. One hand-over at a
     * time: two requests flushing at once would otherwise each take a batch and could hand the later one over
     * first, and listeners get the events in the order they happened.
     */
    void flush() {
        if (listeners.isEmpty()) {
            return;
        }
        synchronized (handOver) {
            List<ObjectNode> batch;
            synchronized (this) {
                batch = List.copyOf(undelivered);
                undelivered.clear();
            }
            for (ObjectNode event : batch) {
                listeners.forEach(listener -> listener.accept(event.deepCopy()));
            }
        }
    }

    void addListener(Consumer<ObjectNode> listener) {
        listeners.add(listener);
        flush();
    }

    synchronized List<ObjectNode> all() {
        return emitted.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The events no listener took yet, removed: what a test delivers itself. */
    synchronized List<ObjectNode> take() {
        List<ObjectNode> taken = undelivered.stream().map(ObjectNode::deepCopy).toList();
        undelivered.clear();
        return taken;
    }

    synchronized void clear() {
        emitted.clear();
        undelivered.clear();
    }
}
