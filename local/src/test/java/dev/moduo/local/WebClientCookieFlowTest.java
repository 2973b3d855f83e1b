package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.HttpCookie;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The production web client's way in, against {@code --web examples/web-client}: sign in through the
 * {@code __session} cookie on the runner's origin, load index.html for a client-side route, then create,
 * join (a second user, a jar of its own), token and end with the cookie as the only credential, as the
 * example page's script does (relative /api, credentials: 'include', no Authorization header).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebClientCookieFlowTest {

    /** Nothing configured: blank values hide this machine's environment, so every embedded default starts. */
    static final Map<String, String> EMBEDDED = Map.ofEntries(Map.entry("MONGODB_URI", ""),
            Map.entry("STREAM_API_KEY", ""), Map.entry("STREAM_API_SECRET", ""), Map.entry("STREAM_SECRET_ID", ""),
            Map.entry("CLERK_JWKS_URL", ""), Map.entry("CLERK_JWT_KEY", ""), Map.entry("CLERK_AUTHORIZED_PARTIES", ""),
            Map.entry("CLERK_WEBHOOK_SECRET", ""), Map.entry("CLERK_WEBHOOK_SECRET_ID", ""),
            Map.entry("CORS_ALLOWED_ORIGINS", ""));

    private LocalRunner runner;
    private String indexHtml;

    @BeforeAll
    void startRunner() throws IOException {
        runner = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(ContractFlowTests.TEMPLATE)
                .withWeb(WebClientFilesTest.EXAMPLE_CLIENT), EMBEDDED, line -> { });
        indexHtml = Files.readString(WebClientFilesTest.EXAMPLE_CLIENT.resolve("index.html"));
    }

    @AfterAll
    void stopRunner() {
        if (runner != null) {
            runner.close();
        }
    }

    private static String user(String role) {
        return "user_" + role + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private CookieBrowser signedIn(String userId, String name) {
        CookieBrowser browser = new CookieBrowser(runner.baseUrl());
        Http.Reply reply = browser.post("/_local/sign-in", "{\"userId\":\"" + userId + "\",\"name\":\"" + name + "\"}");
        assertEquals(200, reply.status(), reply::toString);
        return browser;
    }

    private static JsonNode payload(String jwt) {
        try {
            return LocalJson.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void signInSetsTheSessionCookieAsClerksFrontendDoes() {
        CookieBrowser browser = new CookieBrowser(runner.baseUrl());

        Http.Reply reply = browser.post("/_local/sign-in", "{\"userId\":\"" + user("cookie") + "\",\"name\":\"Cora Cookie\"}");

        assertEquals(200, reply.status(), reply::toString);
        String setCookie = reply.header("set-cookie");
        assertTrue(setCookie.startsWith("__session=ey"), setCookie);
        assertTrue(setCookie.contains("; Path=/") && setCookie.contains("; SameSite=Lax"), setCookie);
        assertTrue(browser.cookie("__session").isPresent());
    }

    @Test
    void theCookiesTokenNamesThePagesOriginAsItsAuthorizedParty() {
        String userId = user("azp");
        CookieBrowser browser = signedIn(userId, "Azra Party");

        JsonNode claims = payload(browser.cookie("__session").map(HttpCookie::getValue).orElseThrow());

        assertEquals(runner.baseUrl(), claims.get("azp").asText());
        assertEquals(userId, claims.get("sub").asText());
    }

    @Test
    void aClientSideRouteLoadsTheAppsIndexHtml() {
        CookieBrowser browser = signedIn(user("route"), "Rhea Route");

        Http.Reply page = browser.get("/session/65a1b2c3d4e5f6a7b8c9d0e1");

        assertEquals(200, page.status());
        assertEquals(indexHtml, page.text());
    }

    @Test
    void createJoinTokenAndEndWorkWithTheCookieAlone() {
        String hostId = user("host");
        String guestId = user("guest");
        CookieBrowser host = signedIn(hostId, "Hana Host");
        CookieBrowser guest = signedIn(guestId, "Gil Guest");
        assertEquals(indexHtml, host.get("/dashboard").text());

        Http.Reply created = host.post("/api/sessions", "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");
        assertEquals(201, created.status(), created::toString);
        JsonNode session = created.json().get("session");
        String id = session.get("_id").asText();
        assertEquals("Hana Host", session.get("hostId").get("name").asText(), "the name came with user.created");

        assertEquals(indexHtml, guest.get("/session/" + id).text());
        Http.Reply joined = guest.post("/api/sessions/" + id + "/join", null);
        assertEquals(200, joined.status(), joined::toString);
        assertEquals("Gil Guest", joined.json().get("session").get("participantId").get("name").asText());

        Http.Reply token = guest.get("/api/chats/token");
        assertEquals(200, token.status(), token::toString);
        assertEquals(guestId, token.json().get("userClerkId").asText());
        assertEquals("Gil Guest", token.json().get("username").asText());
        assertFalse(token.json().get("streamToken").asText().isBlank());

        Http.Reply ended = host.post("/api/sessions/" + id + "/end", null);
        assertEquals(200, ended.status(), ended::toString);
        assertEquals("completed", ended.json().get("session").get("status").asText());
        Http.Reply seenByGuest = guest.get("/api/sessions/" + id);
        assertEquals("completed", seenByGuest.json().get("session").get("status").asText(), seenByGuest::toString);
    }

    @Test
    void withoutTheCookieTheApiAnswers401() {
        Http.Reply reply = new CookieBrowser(runner.baseUrl()).get("/api/sessions/active");

        assertEquals(401, reply.status());
        assertEquals("Missing session token", reply.json().get("message").asText());
    }

    @Test
    void signOutRemovesTheCookie() {
        CookieBrowser browser = signedIn(user("leaving"), "Lea Ving");

        Http.Reply out = browser.post("/_local/sign-out", null);

        assertEquals(200, out.status());
        assertTrue(browser.cookie("__session").isEmpty());
        assertEquals(401, browser.get("/api/sessions/active").status());
    }

    @Test
    void signInByAddressBarSetsTheCookieAndGoesBackToThePage() {
        CookieBrowser browser = new CookieBrowser(runner.baseUrl());

        Http.Reply reply = browser.get("/_local/sign-in?user=" + user("bar") + "&name=Bo%20Bar&redirect=/dashboard");

        assertEquals(303, reply.status(), reply::toString);
        assertEquals("/dashboard", reply.header("location"));
        assertEquals(200, browser.get("/api/sessions/active").status());
    }

    @Test
    void signInRedirectsOnlyToThisOrigin() {
        for (String redirect : List.of("//evil.example/", "https://evil.example/")) {
            Http.Reply reply = new CookieBrowser(runner.baseUrl()).get("/_local/sign-in?user=user_x&redirect=" + redirect);

            assertEquals(400, reply.status(), redirect);
            assertEquals("Query parameter redirect must be a path on this origin, e.g. /dashboard",
                    reply.json().get("message").asText());
            assertEquals(null, reply.header("set-cookie"), redirect);
        }
    }

    @Test
    void signInWithoutAUserIdIsExplained() {
        Http.Reply reply = new CookieBrowser(runner.baseUrl()).post("/_local/sign-in", "{\"name\":\"Nobody\"}");

        assertEquals(400, reply.status());
        assertEquals("userId is required, e.g. user_host", reply.json().get("message").asText());
    }

    /** The example is what the test stands for only while it reaches the API as the production client does. */
    @Test
    void theExamplePageReachesTheApiAsTheProductionClientDoes() throws IOException {
        String script = Files.readString(Path.of("../examples/web-client/assets/app.js"));

        assertTrue(script.contains("fetch('/api' + path"), "relative /api on its own origin");
        assertTrue(script.contains("credentials: 'include'"), "cookies sent");
        assertFalse(script.contains("Bearer") || script.matches("(?is).*['\"]?authorization['\"]?\\s*:.*"),
                "no Authorization header");
    }
}
