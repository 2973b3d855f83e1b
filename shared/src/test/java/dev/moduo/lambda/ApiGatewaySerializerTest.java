package dev.moduo.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The serializer the functions register must read and write exactly what the Lambda runtime's own does. */
class ApiGatewaySerializerTest {

    /** Everything API Gateway may send, including the parts Moduo does not use today. */
    private static final String FULL_EVENT = """
            {
              "version": "2.0",
              "routeKey": "GET /api/sessions/{sessionId}",
              "rawPath": "/api/sessions/abc",
              "rawQueryString": "limit=5&cursor=x%20y",
              "cookies": ["a=1", "__session=t"],
              "headers": {"authorization": "Bearer x", "x-multi": "one,two"},
              "queryStringParameters": {"limit": "5", "cursor": "x y"},
              "pathParameters": {"sessionId": "abc"},
              "stageVariables": {"stage": "prod"},
              "requestContext": {
                "accountId": "123456789012",
                "apiId": "api",
                "domainName": "api.example",
                "domainPrefix": "api",
                "http": {"method": "GET", "path": "/api/sessions/abc", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.1", "userAgent": "ua"},
                "requestId": "rid",
                "routeKey": "GET /api/sessions/{sessionId}",
                "stage": "$default",
                "time": "26/Nov/2026:10:00:00 +0000",
                "timeEpoch": 1795687200000,
                "authorizer": {
                  "jwt": {"claims": {"sub": "user_1", "iss": "https://issuer"}, "scopes": ["read", "write"]},
                  "lambda": {"tenant": "t1", "level": 3},
                  "iam": {"accessKey": "AK", "accountId": "1", "callerId": "c", "principalOrgId": "o", "userArn": "arn", "userId": "u",
                          "cognitoIdentity": {"amr": ["authenticated"], "identityId": "id", "identityPoolId": "pool"}}
                },
                "authentication": {"clientCert": {"clientCertPem": "PEM", "subjectDN": "CN=a", "issuerDN": "CN=b", "serialNumber": "1",
                                   "validity": {"notBefore": "then", "notAfter": "later"}}},
                "somethingNew": {"nested": true}
              },
              "body": "eyJhIjoxfQ==",
              "isBase64Encoded": true,
              "unknownTopLevel": 1
            }
            """;

    private final CustomPojoSerializer serializer = new ApiGatewaySerializer();
    private final PojoSerializer<APIGatewayV2HTTPEvent> runtimeEvents =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader());
    private final PojoSerializer<APIGatewayV2HTTPResponse> runtimeResponses =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, getClass().getClassLoader());

    static Stream<String> sampleEvents() throws IOException, URISyntaxException {
        List<String> events = new ArrayList<>();
        Path samples = Path.of(ApiGatewaySerializerTest.class.getResource("/sample-events").toURI());
        try (Stream<Path> files = Files.list(samples)) {
            for (Path file : files.sorted().toList()) {
                events.add(Files.readString(file));
            }
        }
        events.add(Files.readString(Path.of(ApiGatewaySerializerTest.class.getResource("/events/probe.json").toURI())));
        events.add(FULL_EVENT);
        return events.stream();
    }

    @ParameterizedTest
    @MethodSource("sampleEvents")
    void readsEachSampleEventAsTheRuntimeDoes(String json) {
        APIGatewayV2HTTPEvent expected = runtimeEvents.fromJson(json);

        APIGatewayV2HTTPEvent actual = serializer.fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                APIGatewayV2HTTPEvent.class);

        assertEquals(expected, actual);
    }

    @Test
    void theFullEventKeepsTheFieldsModuoDoesNotUseYet() {
        APIGatewayV2HTTPEvent event = serializer.fromJson(FULL_EVENT, APIGatewayV2HTTPEvent.class);

        assertEquals("user_1", event.getRequestContext().getAuthorizer().getJwt().getClaims().get("sub"));
        assertEquals(List.of("read", "write"), event.getRequestContext().getAuthorizer().getJwt().getScopes());
        assertEquals("arn", event.getRequestContext().getAuthorizer().getIam().getUserArn());
        assertTrue(event.getIsBase64Encoded());
        assertEquals(1795687200000L, event.getRequestContext().getTimeEpoch());
    }

    static Stream<APIGatewayV2HTTPResponse> responses() {
        APIGatewayV2HTTPResponse full = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(201)
                .withHeaders(Map.of("content-type", "application/json; charset=utf-8", "x-quote", "a\"b\\c\u00e9\u2028"))
                .withMultiValueHeaders(Map.of("vary", List.of("origin", "accept")))
                .withCookies(List.of("a=1; Path=/", "b=2"))
                .withBody("{\"message\":\"caf\u00e9 \\u0000\"}")
                .withIsBase64Encoded(false)
                .build();
        APIGatewayV2HTTPResponse base64 = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200).withBody("eyJhIjoxfQ==").withIsBase64Encoded(true).build();
        APIGatewayV2HTTPResponse bare = new APIGatewayV2HTTPResponse();
        bare.setStatusCode(204);
        APIGatewayV2HTTPResponse fromModuo = ApiGatewayEvents.toEvent(dev.moduo.http.ApiResponse.ok(Map.of("ok", true)));
        return Stream.of(full, base64, bare, fromModuo);
    }

    @ParameterizedTest
    @MethodSource("responses")
    void writesResponsesAsTheRuntimeDoes(APIGatewayV2HTTPResponse response) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        runtimeResponses.toJson(response, expected);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();

        serializer.toJson(response, actual, APIGatewayV2HTTPResponse.class);

        JsonNode expectedTree = Json.MAPPER.readTree(expected.toByteArray());
        assertEquals(expectedTree, Json.MAPPER.readTree(actual.toByteArray()));
        assertFalse(expectedTree.isEmpty(), "the comparison must compare something");
    }

    @Test
    void readsOtherInputTypesPlainlyForFunctionsSharingItsClasspath() {
        Map<?, ?> event = serializer.fromJson("{\"detail-type\":\"Scheduled Event\",\"detail\":{}}", Map.class);

        assertEquals("Scheduled Event", event.get("detail-type"));
    }
}
