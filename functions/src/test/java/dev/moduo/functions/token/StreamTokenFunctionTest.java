package dev.moduo.functions.token;

import static dev.moduo.testing.FunctionTestEnvironment.body;
import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.testing.FunctionTestEnvironment;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamTokenFunctionTest {

    private static FunctionTestEnvironment env;
    private static StreamTokenFunction function;

    @BeforeAll
    static void start() {
        env = new FunctionTestEnvironment().set("STREAM_TOKEN_TTL", "PT30M");
        function = env.function(StreamTokenFunction::new);
    }

    @AfterAll
    static void stop() {
        function.close();
        env.close();
    }

    private APIGatewayV2HTTPResponse token(String userId) {
        return function.handleRequest(env.eventAs("stream-token.json", userId), lambdaContext("StreamTokenFunction"));
    }

    @Test
    void tokenIsSignedWithTheStreamSecretAndExpires() {
        APIGatewayV2HTTPResponse response = token("user_guest");

        assertEquals(200, response.getStatusCode());
        JsonNode body = body(response);
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(env.stream().apiSecret())).build()
                .verify(body.path("streamToken").asText());
        assertEquals("user_guest", jwt.getClaim("user_id").asString());
        long lifetime = jwt.getExpiresAt().getTime() / 1000 - jwt.getIssuedAt().getTime() / 1000;
        assertTrue(lifetime >= 30 * 60 && lifetime <= 30 * 60 + 10, "lifetime " + lifetime);
        assertEquals(Instant.parse(body.path("expiresAt").asText()).getEpochSecond(), jwt.getExpiresAt().getTime() / 1000);
        assertEquals("user_guest", body.path("userClerkId").asText());
        assertEquals(env.stream().apiKey(), body.path("apiKey").asText());
    }

    @Test
    void avatarIsReturnedUnderBothNames() {
        env.mongo().database().getCollection("users").insertOne(new Document("clerkId", "user_pic")
                .append("name", "Linus").append("email", "linus@example.com")
                .append("profileImageUrl", "https://img.example.com/linus.png")
                .append("createdAt", new Date()).append("updatedAt", new Date()));

        JsonNode body = body(token("user_pic"));

        assertEquals("Linus", body.path("username").asText());
        assertEquals("https://img.example.com/linus.png", body.path("userAvatarUrl").asText());
        assertEquals("https://img.example.com/linus.png", body.path("avatar").asText());
    }

    @Test
    void userWithoutRecordGetsOneInsteadOfAnError() {
        APIGatewayV2HTTPResponse response = token("user_brand_new");
        assertEquals(200, response.getStatusCode());
        assertFalse(body(response).path("username").asText().isBlank());
        assertEquals(1, env.mongo().database().getCollection("users").countDocuments(new Document("clerkId", "user_brand_new")));
    }

    @Test
    void missingTokenIsUnauthorized() {
        APIGatewayV2HTTPResponse response = function.handleRequest(
                FunctionTestEnvironment.withoutAuthorization(FunctionTestEnvironment.event("stream-token.json")),
                lambdaContext("StreamTokenFunction"));
        assertEquals(401, response.getStatusCode());
        assertFalse(response.getBody().contains("streamToken"));
    }
}
