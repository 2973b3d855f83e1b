package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.mongo.testing.MongoTestServer;
import dev.moduo.stream.testing.StandInCall;
import dev.moduo.stream.testing.StreamStandIn;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract with every setting given, as against real services: the runner must pass them to the
 * functions under the template's names, start nothing embedded and serve nothing under /_local/.
 */
class ExplicitSettingsFlowTest extends ContractFlowTests {

    private final MongoTestServer mongo = new MongoTestServer();
    private final StreamStandIn stream = new StreamStandIn();
    private final ClerkTestIssuer clerk = new ClerkTestIssuer();

    @Override
    Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(stream.settings());
        settings.put("MONGODB_URI", mongo.uri());
        settings.put("MONGODB_DATABASE", mongo.databaseName());
        settings.put("CLERK_JWKS_URL", clerk.jwksUrl());
        settings.put("CLERK_AUTHORIZED_PARTIES", ClerkTestIssuer.AUTHORIZED_PARTY);
        return settings;
    }

    @Override
    String token(String userId, String name) {
        return clerk.tokenFor(userId).claim("name", name).build();
    }

    @Override
    String streamApiKey() {
        return stream.apiKey();
    }

    @AfterAll
    void stopServices() {
        stream.close();
        clerk.close();
        mongo.close();
    }

    @Test
    void functionsUseTheGivenMongoStreamAndClerk() {
        String host = user("host");
        String guest = user("guest");
        String id = createSession(token(host, "Hana Host"), "Given Settings").get("_id").asText();
        http.post("/api/sessions/" + id + "/join", token(guest, "Gil Guest"), null);

        Document stored = mongo.database().getCollection("sessions").find(new Document("_id", new org.bson.types.ObjectId(id))).first();
        assertEquals(guest, stored.getString("participantId"));
        StandInCall call = stream.call(stored.getString("callId")).orElseThrow();
        assertEquals(host, call.createdById());
        assertTrue(stream.channel(stored.getString("callId")).orElseThrow().members().contains(guest));
        assertEquals(List.of(), stream.violations());
        assertTrue(clerk.jwksFetches() > 0, "keys came from the given JWKS URL");
    }

    @Test
    void nothingIsEmbeddedAndNothingIsServedUnderLocal() {
        List<String> lines = runner.announcements();

        assertTrue(lines.contains("MongoDB: MONGODB_URI is set; database " + mongo.databaseName()), lines::toString);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("Stream: STREAM_API_KEY is set")), lines::toString);
        assertTrue(lines.contains("Clerk: CLERK_JWKS_URL is set"), lines::toString);
        for (String path : List.of("/_local/token?user=user_host", "/_local/jwks.json", "/_local/stream")) {
            assertEquals(404, http.get(path, null).status(), path);
        }
        assertEquals(404, http.post("/_local/stream/calls/c1/participants", null, "{\"userId\":\"user_host\"}").status(),
                "no emulator, no controls: a real Stream app's calls are joined from real browsers");
    }

    @Test
    void tokenFromAnUnauthorizedPartyIsRefused() {
        String token = clerk.tokenFor(user("guest")).authorizedParty("https://evil.example").build();

        assertEquals(401, http.get("/api/sessions/active", token).status());
    }
}
