package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.embedded.EmbeddedStream;
import dev.moduo.stream.StreamWebhookVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The contract with nothing configured: embedded MongoDB, the Stream emulator and the development issuer. */
class EmbeddedDefaultsFlowTest extends ContractFlowTests {

    /** Blank values hide whatever this machine's environment sets, so the embedded defaults start. */
    @Override
    Map<String, String> settings() {
        return WebClientCookieFlowTest.EMBEDDED;
    }

    @Override
    String token(String userId, String name) {
        Http.Reply reply = http.get("/_local/token?user=" + userId + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8), null);
        assertEquals(200, reply.status(), reply::toString);
        return reply.text();
    }

    @Override
    String streamApiKey() {
        return EmbeddedStream.API_KEY;
    }

    @Test
    void eachEmbeddedDefaultIsAnnouncedOnItsOwnLine() {
        List<String> lines = runner.announcements();

        assertTrue(lines.stream().anyMatch(line -> line.startsWith("MongoDB: embedded mongo-java-server at mongodb://127.0.0.1:")
                && line.contains("in memory")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Stream: built-in emulator at http://127.0.0.1:")
                && line.contains("No real video or chat works in this mode")
                && line.contains("its webhooks go, signed, to POST /api/webhooks/stream")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Clerk: development issuer")
                && line.contains(runner.baseUrl() + "/_local/token?user=user_host")), lines::toString);
    }

    @Test
    void startUpSaysWhatItStartsBeforeItIsReadyAndHowLongEachPartTook() {
        List<String> lines = runner.announcements();

        assertTrue(lines.get(0).matches("Moduo local runner: \\d+ routes of \\d+ functions from \\.\\./template\\.yaml \\(read in \\d+ ms\\)"),
                lines::toString);
        assertEquals("Starting embedded MongoDB (in memory), Stream emulator, Clerk development issuer (its key is made on"
                + " the first token) ...", lines.get(1));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("MongoDB: ") && line.matches(".*started in \\d+ ms.*")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Stream: ") && line.matches(".*started in \\d+ ms.*")), lines::toString);
        assertTrue(lines.get(lines.size() - 1).matches("Listening on .* \\(accepting connections after \\d+ ms, embedded"
                + " services ready after \\d+ ms; .*"), lines::toString);
    }

    @Test
    void streamEmulatorStateShowsWhatTheFunctionsDid() {
        String host = user("host");
        String callId = createSession(token(host, "Hana Host"), "Stream State").get("callId").asText();

        Http.Reply reply = http.get("/_local/stream", null);

        assertEquals(200, reply.status(), reply::toString);
        JsonNode state = reply.json();
        assertEquals("emulator", state.get("mode").asText());
        assertTrue(state.get("notice").asText().startsWith("No real video or chat works in this mode"));
        assertTrue(state.get("calls").findValuesAsText("id").contains(callId), state::toString);
        assertTrue(state.get("channels").findValuesAsText("id").contains(callId), state::toString);
        assertTrue(state.get("users").findValuesAsText("id").contains(host), state::toString);
        assertEquals(0, state.get("violations").size(), state.get("violations")::toString);
        String secret = System.getProperty("STREAM_API_SECRET");
        assertTrue(secret != null && !secret.isBlank() && !reply.text().contains(secret), "the emulator's secret stays out of its state");
    }

    @Test
    void developmentIssuerPublishesItsKeyOnTheRunnersPort() {
        Http.Reply jwks = http.get("/_local/jwks.json", null);

        assertEquals(200, jwks.status());
        JsonNode key = jwks.json().get("keys").get(0);
        assertEquals("RSA", key.get("kty").asText());
        assertEquals("RS256", key.get("alg").asText());
    }

    @Test
    void tokenRequestWithoutAUserIsExplained() {
        Http.Reply missing = http.get("/_local/token", null);
        Http.Reply invalid = http.get("/_local/token?user=a%20b", null);

        assertEquals(400, missing.status());
        assertEquals("Query parameter user is required, e.g. /_local/token?user=user_host", missing.json().get("message").asText());
        assertEquals(400, invalid.status());
    }

    @Test
    void developmentTokensAreShapedLikeClerksSessionTokensWithoutProfileClaims() {
        Http.Reply reply = http.get("/_local/token?user=" + user("shape") + "&name=Sia%20Shape&email=sia@example.com"
                + "&image=https://img.example/sia.png", null);

        JsonNode header = jwtPart(reply.text(), 0);
        JsonNode claims = jwtPart(reply.text(), 1);
        assertEquals("cl_B7d4PD111AAA", header.get("cat").asText(), "Clerk's session-token category");
        assertEquals("RS256", header.get("alg").asText());
        assertEquals(Set.of("azp", "exp", "fva", "iat", "iss", "jti", "nbf", "sid", "sts", "sub", "v"),
                fieldNames(claims), claims::toString);
    }

    @Test
    void firstTokenOfAUserDeliversASignedUserCreatedWithTheirProfile() {
        String host = user("host");
        String image = "https://img.example/" + host + ".png";
        long before = clerkDeliveries();
        Http.Reply reply = http.get("/_local/token?user=" + host + "&name=Hana%20Host&email=hana@example.com&image="
                + URLEncoder.encode(image, StandardCharsets.UTF_8), null);

        JsonNode session = createSession(reply.text(), "Names");

        assertEquals("Hana Host", session.get("hostId").get("name").asText());
        assertEquals(image, session.get("hostId").get("profileImageUrl").asText());
        assertEquals(before + 1, clerkDeliveries(), log::toString);
    }

    @Test
    void laterTokensOfAKnownUserDeliverNothingMore() throws InterruptedException {
        String host = user("host");
        long first = clerkDeliveries();
        token(host, "Hana Host");
        // The delivery's own log line is written by the server thread that answered it, which may be after the token
        // came back: wait for it, so that it is not taken for a delivery of the second token.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (clerkDeliveries() < first + 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long before = clerkDeliveries();

        token(host, "Hana Host");

        assertEquals(before, clerkDeliveries(), log::toString);
    }

    @Test
    void aGzipCompressedStreamWebhookVerifiesThroughTheGateway() throws IOException {
        String host = user("host");
        JsonNode session = createSession(token(host, "Hana Host"), "Compressed");
        byte[] event = ("{\"type\":\"call.ended\",\"created_at\":\"2026-11-26T10:00:00.000Z\",\"call_cid\":\"default:"
                + session.get("callId").asText() + "\",\"call\":{\"type\":\"default\",\"id\":\""
                + session.get("callId").asText() + "\"}}").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(event);
        }

        Http.Reply reply = http.send(http.request("/api/webhooks/stream")
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .header("x-signature", StreamWebhookVerifier.sign(event, System.getProperty("STREAM_API_SECRET")))
                .header("x-webhook-id", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
                .build());

        assertEquals(200, reply.status(), reply::toString);
        Http.Reply after = http.get("/api/sessions/" + session.get("_id").asText(), token(host, "Hana Host"));
        assertEquals("completed", after.json().get("session").get("status").asText(), after::toString);
    }

    /** Deliveries to the Clerk webhook route that the function answered 200, from the runner's request log. */
    private long clerkDeliveries() {
        return log.stream().filter(line -> line.startsWith("POST /api/webhooks/clerk -> ClerkWebhookFunction 200")).count();
    }

    private static JsonNode jwtPart(String jwt, int index) {
        try {
            return LocalJson.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
