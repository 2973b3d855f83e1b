package dev.moduo.local.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.local.LocalJson;
import dev.moduo.local.embedded.DevClerkIssuer;
import dev.moduo.local.smoke.JwtParts;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Which user {@code invoke}'s development issuer signs in, and where the event gets the token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventCredentialsTest {

    private DevClerkIssuer issuer;
    private ClerkTestIssuer elsewhere;

    @BeforeAll
    void keys() {
        issuer = new DevClerkIssuer();
        elsewhere = new ClerkTestIssuer();
    }

    @AfterAll
    void close() {
        issuer.close();
        elsewhere.close();
    }

    private static ObjectNode eventWithAuthorization(String value) {
        ObjectNode event = LocalJson.object();
        event.putObject("headers").put("authorization", value);
        return event;
    }

    private static String sub(String bearer) {
        return JwtParts.read(bearer.substring("Bearer ".length())).orElseThrow().text("sub");
    }

    @Test
    void aForeignTokenIsReplacedByOneForItsSub() {
        String foreign = elsewhere.token("user_ada");
        ObjectNode event = eventWithAuthorization("Bearer " + foreign);

        Optional<String> said = EventCredentials.reissue(event, issuer, null);

        String replaced = event.get("headers").get("authorization").asText();
        assertNotEquals("Bearer " + foreign, replaced);
        assertEquals("user_ada", sub(replaced));
        assertTrue(said.orElseThrow().endsWith("development token for user_ada (the sub of the event's token)"), said::toString);
    }

    @Test
    void aPlaceholderThatNamesNoUserSignsInTheDefaultUser() {
        ObjectNode event = eventWithAuthorization("Bearer REPLACE_WITH_A_CLERK_SESSION_TOKEN");

        EventCredentials.reissue(event, issuer, null);

        assertEquals(EventCredentials.DEFAULT_USER, sub(event.get("headers").get("authorization").asText()));
    }

    @Test
    void theUserOptionWinsOverTheTokensSub() {
        ObjectNode event = eventWithAuthorization("Bearer " + elsewhere.token("user_ada"));

        EventCredentials.reissue(event, issuer, "user_grace");

        assertEquals("user_grace", sub(event.get("headers").get("authorization").asText()));
    }

    @Test
    void theSessionCookieIsReplacedWhereItIsAndOtherCookiesStay() {
        ObjectNode event = LocalJson.object();
        event.putArray("cookies").add("__client_uat=1764111600").add("__session=" + elsewhere.token("user_cookie"));

        EventCredentials.reissue(event, issuer, null);

        assertEquals("__client_uat=1764111600", event.get("cookies").get(0).asText());
        String cookie = event.get("cookies").get(1).asText();
        assertTrue(cookie.startsWith("__session="), cookie);
        assertEquals("user_cookie", JwtParts.read(cookie.substring("__session=".length())).orElseThrow().text("sub"));
    }

    @Test
    void anEventWithoutATokenStaysWithout() {
        ObjectNode event = LocalJson.object();
        event.putObject("headers").put("host", "localhost:3000");
        String before = event.toString();

        Optional<String> said = EventCredentials.reissue(event, issuer, "user_grace");

        assertEquals(Optional.empty(), said);
        assertEquals(before, event.toString());
    }
}
