package dev.moduo.local.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.local.LocalJson;
import dev.moduo.stream.testing.StreamStandIn;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Stream's server-side REST API emulated in this process (the testkit's {@link StreamStandIn}): it checks
 * the server token and every request as Stream would, and keeps users, calls, channels and members in
 * memory. Nothing here carries video or chat: browsers cannot join its calls.
 */
public final class EmbeddedStream implements AutoCloseable {

    public static final String API_KEY = "moduo-local";
    public static final String NOTICE = "No real video or chat works in this mode: calls and channels exist only"
            + " in this emulator, so the web client's Stream SDKs cannot connect. Set STREAM_API_KEY and"
            + " STREAM_API_SECRET to use a real Stream app.";

    private final StreamStandIn standIn;
    private final long startMillis;

    /** With an API secret made for this run: the runner's, which anyone on its network might reach. */
    public EmbeddedStream() {
        this(randomSecret());
    }

    /** With a given API secret, which signs and checks its webhooks ({@code invoke}'s known development one). */
    public EmbeddedStream(String apiSecret) {
        long started = System.nanoTime();
        this.standIn = new StreamStandIn(API_KEY, apiSecret);
        this.startMillis = (System.nanoTime() - started) / 1_000_000;
    }

    private static String randomSecret() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    public long startMillis() {
        return startMillis;
    }

    /** STREAM_BASE_URL, STREAM_API_KEY and STREAM_API_SECRET for the functions. */
    public Map<String, String> settings() {
        return standIn.settings();
    }

    public String baseUrl() {
        return standIn.baseUrl();
    }

    /** Everything the emulator holds, for {@code GET /_local/stream}; never the API secret. */
    public ObjectNode state() {
        ObjectNode state = LocalJson.object();
        state.put("mode", "emulator");
        state.put("notice", NOTICE);
        state.put("baseUrl", standIn.baseUrl());
        state.put("apiKey", standIn.apiKey());
        state.set("users", LocalJson.MAPPER.valueToTree(standIn.users()));
        state.set("calls", LocalJson.MAPPER.valueToTree(standIn.calls()));
        state.set("channels", LocalJson.MAPPER.valueToTree(standIn.channels()));
        state.put("requests", standIn.requests().size());
        // A request Stream would have refused: a bug in the functions, shown here so it is not missed.
        state.set("violations", LocalJson.MAPPER.valueToTree(standIn.violations()));
        return state;
    }

    @Override
    public void close() {
        standIn.close();
    }
}
