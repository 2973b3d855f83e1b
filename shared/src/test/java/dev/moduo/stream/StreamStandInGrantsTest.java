package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import dev.moduo.core.Json;
import dev.moduo.stream.testing.StreamBrowserClient;
import dev.moduo.stream.testing.StreamStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stand-in's grants: the type endpoints refuse what Stream refuses, and client-side requests are judged by them. */
class StreamStandInGrantsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final StreamStandIn standIn = new StreamStandIn("key-1", "secret-1");

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void getCallTypeAnswersTheDocumentedDefaultGrants() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v2/video/calltypes/default", null, serverToken());

        assertEquals(200, response.statusCode());
        var grants = Json.read(response.body()).get("grants");
        assertTrue(grants.get("user").toString().contains("\"join-call\""));
        assertTrue(grants.get("user").toString().contains("\"create-call\""));
        assertTrue(grants.get("guest").toString().contains("\"join-call\""));
    }

    @Test
    void updateCallTypeReplacesTheListsOfTheRolesSentOnly() throws Exception {
        List<String> adminBefore = standIn.callTypeGrants().get("admin");

        HttpResponse<String> response = send("PUT", "/api/v2/video/calltypes/default",
                "{\"grants\": {\"user\": [\"read-call\"]}}", serverToken());

        assertEquals(201, response.statusCode(), response.body());
        assertEquals(List.of("read-call"), standIn.callTypeGrants().get("user"));
        assertEquals(adminBefore, standIn.callTypeGrants().get("admin"));
    }

    @Test
    void updateCallTypeWithACapabilityNameInsteadOfAPermissionIdIsRefused() throws Exception {
        HttpResponse<String> response = send("PUT", "/api/v2/video/calltypes/default",
                "{\"grants\": {\"call_member\": [\"start-record-call\"]}}", serverToken());

        assertEquals(400, response.statusCode());
        assertEquals(1, standIn.violations().size(), standIn.violations().toString());
        assertTrue(!standIn.callTypeGrants().get("call_member").contains("start-record-call"));
    }

    @Test
    void updateChannelTypeWithoutTheRequiredFieldsIsRefused() throws Exception {
        HttpResponse<String> response = send("PUT", "/api/v2/chat/channeltypes/messaging",
                "{\"grants\": {\"user\": []}}", serverToken());

        assertEquals(400, response.statusCode());
        assertTrue(standIn.violations().get(0).contains("automod"), standIn.violations().toString());
        assertTrue(standIn.messagingGrants().get("user").contains("create-channel"));
    }

    @Test
    void aUserTokenOnAServerSideEndpointIsRefused() throws Exception {
        HttpResponse<String> response = send("GET", "/api/v2/video/calltypes/default", null, userToken("u1"));

        assertEquals(401, response.statusCode());
        assertEquals(1, standIn.violations().size());
    }

    @Test
    void joiningWithAServerTokenIsAViolation() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v2/video/call/default/c1/join", "{\"create\": true}", serverToken());

        assertEquals(400, response.statusCode());
        assertEquals(1, standIn.violations().size());
    }

    @Test
    void joiningACallThatDoesNotExistWithoutCreateIsNotFound() {
        StreamBrowserClient.Answer answer = new StreamBrowserClient(standIn.baseUrl(), "key-1", userToken("u1"))
                .joinCall("c-missing", false);

        assertEquals(404, answer.status());
        assertEquals(16, answer.code());
        assertTrue(standIn.call("c-missing").isEmpty());
    }

    @Test
    void aUserWithoutCreateCallCannotCreateACallByJoining() {
        standIn.presetCallTypeGrants("user", List.of("join-call"));

        StreamBrowserClient.Answer answer = new StreamBrowserClient(standIn.baseUrl(), "key-1", userToken("u1"))
                .joinCall("c-new", true);

        assertEquals(403, answer.status());
        assertEquals(17, answer.code());
        assertTrue(answer.message().contains("CreateCall"), answer.message());
        assertEquals(List.of(), standIn.violations());
    }

    private static String serverToken() {
        return JWT.create().withClaim("server", true).sign(Algorithm.HMAC256("secret-1"));
    }

    private static String userToken(String userId) {
        return JWT.create().withClaim("user_id", userId).sign(Algorithm.HMAC256("secret-1"));
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(standIn.baseUrl() + path + "?api_key=key-1"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", token)
                .header("Stream-Auth-Type", "jwt")
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
