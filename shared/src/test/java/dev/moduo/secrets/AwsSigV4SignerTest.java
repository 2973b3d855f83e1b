package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expected values are AWS's published Signature Version 4 test suite (request date 2015-08-30T12:36:00Z,
 * region us-east-1, service "service", AKIDEXAMPLE / wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY), as
 * vendored in aws/aws-sdk-js-v3 {@code packages/signature-v4/src/suite.fixture.ts} and, for
 * post-sts-header-before, in awslabs/aws-c-auth {@code tests/aws-signing-test-suite/v4/}. They were
 * copied from that material, never produced by running this signer.
 */
class AwsSigV4SignerTest {

    private static final AwsCredentials SUITE = new AwsCredentials(
            "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final Instant SUITE_DATE = Instant.parse("2015-08-30T12:36:00Z");
    private static final String CREDENTIAL = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ";
    private static final String STS_TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    private final AwsSigV4Signer signer = new AwsSigV4Signer("us-east-1", "service");

    static Stream<Arguments> suite() {
        return Stream.of(
                Arguments.of("get-vanilla", "GET", "/", Map.of(), "",
                        "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                Arguments.of("get-vanilla-empty-query-key", "GET", "/?Param1=value1", Map.of(), "",
                        "host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
                Arguments.of("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", Map.of(), "",
                        "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                Arguments.of("get-vanilla-query-unreserved", "GET",
                        "/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", Map.of(), "",
                        "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
                Arguments.of("get-unreserved", "GET",
                        "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", Map.of(), "",
                        "host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
                Arguments.of("get-header-value-trim", "GET", "/", ordered("My-Header1", "value1", "My-Header2", "\"a   b   c\""), "",
                        "host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
                Arguments.of("post-vanilla", "POST", "/", Map.of(), "",
                        "host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
                Arguments.of("post-vanilla-query", "POST", "/?Param1=value1", Map.of(), "",
                        "host;x-amz-date", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
                Arguments.of("post-header-key-sort", "POST", "/", Map.of("My-Header1", "value1"), "",
                        "host;my-header1;x-amz-date", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
                Arguments.of("post-header-value-case", "POST", "/", Map.of("My-Header1", "VALUE1"), "",
                        "host;my-header1;x-amz-date", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
                Arguments.of("post-x-www-form-urlencoded", "POST", "/",
                        Map.of("Content-Type", "application/x-www-form-urlencoded"), "Param1=value1",
                        "content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
                Arguments.of("post-x-www-form-urlencoded-parameters", "POST", "/",
                        Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), "Param1=value1",
                        "content-type;host;x-amz-date", "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suite")
    void signsLikeThePublishedTestSuite(String name, String method, String pathAndQuery, Map<String, String> headers,
                                        String body, String signedHeaders, String signature) {
        Map<String, String> added = signer.sign(method, URI.create("https://example.amazonaws.com" + pathAndQuery),
                headers, body.getBytes(StandardCharsets.UTF_8), SUITE, SUITE_DATE);

        assertEquals(CREDENTIAL + "SignedHeaders=" + signedHeaders + ", Signature=" + signature, added.get("Authorization"));
        assertEquals("20150830T123600Z", added.get("X-Amz-Date"));
        assertFalse(added.containsKey("X-Amz-Security-Token"), "no token without temporary credentials");
    }

    @Test
    void signsTheSessionTokenLikePostStsHeaderBefore() {
        AwsCredentials temporary = new AwsCredentials(SUITE.accessKeyId(), SUITE.secretAccessKey(), STS_TOKEN);

        Map<String, String> added = signer.sign("POST", URI.create("https://example.amazonaws.com/"), Map.of(),
                new byte[0], temporary, SUITE_DATE);

        assertEquals(CREDENTIAL + "SignedHeaders=host;x-amz-date;x-amz-security-token, "
                + "Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", added.get("Authorization"));
        assertEquals(STS_TOKEN, added.get("X-Amz-Security-Token"));
    }

    @Test
    void buildsTheCanonicalRequestAndStringToSignOfGetVanilla() {
        URI uri = URI.create("https://example.amazonaws.com/");
        Map<String, String> headers = AwsSigV4Signer.canonicalHeaders(uri, Map.of(), "20150830T123600Z", null);
        String canonicalRequest = AwsSigV4Signer.canonicalRequest("GET", uri, headers, new byte[0]);

        assertEquals("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", canonicalRequest);
        assertEquals("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
                AwsSigV4Signer.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonicalRequest));
    }

    @Test
    void hashesTheBodyIntoTheStringToSignOfPostXWwwFormUrlencoded() {
        URI uri = URI.create("https://example.amazonaws.com/");
        Map<String, String> headers = AwsSigV4Signer.canonicalHeaders(uri,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "20150830T123600Z", null);
        String canonicalRequest = AwsSigV4Signer.canonicalRequest("POST", uri, headers,
                "Param1=value1".getBytes(StandardCharsets.UTF_8));

        assertEquals("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                        + "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
                AwsSigV4Signer.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonicalRequest));
    }

    @Test
    void aChangedBodyRegionOrKeyChangesTheSignature() {
        URI uri = URI.create("https://example.amazonaws.com/");
        String original = signer.sign("POST", uri, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), SUITE, SUITE_DATE)
                .get("Authorization");

        assertNotEquals(original, signer.sign("POST", uri, Map.of(), "{ }".getBytes(StandardCharsets.UTF_8), SUITE, SUITE_DATE)
                .get("Authorization"));
        assertNotEquals(original, new AwsSigV4Signer("eu-west-1", "service")
                .sign("POST", uri, Map.of(), "{}".getBytes(StandardCharsets.UTF_8), SUITE, SUITE_DATE).get("Authorization"));
        assertNotEquals(original, signer.sign("POST", uri, Map.of(), "{}".getBytes(StandardCharsets.UTF_8),
                new AwsCredentials("AKIDEXAMPLE", "another-secret-key", null), SUITE_DATE).get("Authorization"));
    }

    @Test
    void signsTheHostWithItsPortAsJavaNetHttpSendsIt() {
        assertEquals("127.0.0.1:8443", AwsSigV4Signer.hostHeader(URI.create("http://127.0.0.1:8443/")));
        assertEquals("secretsmanager.eu-west-1.amazonaws.com",
                AwsSigV4Signer.hostHeader(URI.create("https://secretsmanager.eu-west-1.amazonaws.com:443/")));
    }

    @Test
    void refusesHeadersTheSignerOwnsAndNonAsciiUris() {
        URI uri = URI.create("https://example.amazonaws.com/");
        assertThrows(IllegalArgumentException.class,
                () -> signer.sign("GET", uri, Map.of("Host", "elsewhere.example"), new byte[0], SUITE, SUITE_DATE));
        assertThrows(IllegalArgumentException.class,
                () -> signer.sign("GET", uri, Map.of("X-Amz-Date", "20150830T123600Z"), new byte[0], SUITE, SUITE_DATE));
        assertThrows(IllegalArgumentException.class,
                () -> signer.sign("GET", uri, ordered("My-Header", "a", "my-header", "b"), new byte[0], SUITE, SUITE_DATE));
        assertThrows(IllegalArgumentException.class,
                () -> signer.sign("GET", URI.create("https://example.amazonaws.com/\u1234"), Map.of(), new byte[0], SUITE, SUITE_DATE));
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
