package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.embedded.EmbeddedStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract with nothing configured: embedded MongoDB, the Stream emulator and the development issuer. */
class EmbeddedDefaultsFlowTest extends ContractFlowTests {

    /** Blank values hide whatever this machine's environment sets, so the embedded defaults start. */
    @Override
    Map<String, String> settings() {
        return Map.of("MONGODB_URI", "", "STREAM_API_KEY", "", "STREAM_API_SECRET", "", "STREAM_SECRET_ID", "",
                "CLERK_JWKS_URL", "", "CLERK_JWT_KEY", "", "CLERK_AUTHORIZED_PARTIES", "", "CORS_ALLOWED_ORIGINS", "");
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
                && line.contains("No real video or chat works in this mode")), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Clerk: development issuer")
                && line.contains(runner.baseUrl() + "/_local/token?user=user_host")), lines::toString);
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
    void tokenNameBecomesTheUsersName() {
        String host = user("host");

        JsonNode session = createSession(token(host, "Hana Host"), "Names");

        assertEquals("Hana Host", session.get("hostId").get("name").asText());
    }
}
