package dev.moduo.auth;

import static dev.moduo.auth.testing.ClerkTestIssuer.AUTHORIZED_PARTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.config.Settings;
import dev.moduo.core.Refusal;
import dev.moduo.http.ApiRequest;
import dev.moduo.http.ErrorMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClerkTokenVerifierTest {

    // One issuer for the class: RSA key generation dominates test time. Each test gets a fresh verifier,
    // so no JWKS cache carries over; a test that rotates the key leaves all keys published.
    private static ClerkTestIssuer clerk;

    private ClerkTokenVerifier verifier;
    // Whole seconds, as token times are: skew boundaries are then exact.
    private final Instant now = Instant.ofEpochSecond(Instant.now().getEpochSecond());

    @BeforeAll
    static void startClerk() {
        clerk = new ClerkTestIssuer();
    }

    @AfterAll
    static void stopClerk() {
        clerk.close();
    }

    @BeforeEach
    void newVerifier() {
        verifier = verifierAt(new MutableClock(now), List.of(AUTHORIZED_PARTY));
    }

    // --- where the token comes from ---

    @Test
    void validTokenInAuthorizationHeaderAuthenticatesTheCaller() {
        String token = clerk.tokenFor("user_abc").sessionId("sess_123").build();

        Caller caller = authenticate(request(Map.of("authorization", "Bearer " + token), List.of()));

        assertEquals(new Caller("user_abc", "sess_123", null, null, null), caller);
    }

    @Test
    void validTokenInSessionCookieAuthenticatesTheCaller() {
        String token = clerk.token("user_cookie");

        Caller caller = authenticate(request(Map.of(), List.of("theme=dark", "__session=" + token)));

        assertEquals("user_cookie", caller.userId());
    }

    @Test
    void sessionCookieInCookieHeaderAuthenticatesTheCaller() {
        String token = clerk.token("user_cookie_header");

        Caller caller = authenticate(request(Map.of("cookie", "__client_uat=1700000000; __session=" + token), List.of()));

        assertEquals("user_cookie_header", caller.userId());
    }

    @Test
    void suffixedSessionCookieIsNotTakenForTheSessionCookie() {
        String token = clerk.token("user_suffixed");

        ApiRequest request = request(Map.of(), List.of("__session_Abc123=" + token));

        assertUnauthorized("Missing session token", () -> authenticate(request));
    }

    @Test
    void authorizationHeaderIsPreferredOverSessionCookie() {
        ApiRequest request = request(Map.of("authorization", "Bearer " + clerk.token("user_header")),
                List.of("__session=" + clerk.token("user_cookie")));

        assertEquals("user_header", authenticate(request).userId());
    }

    @Test
    void invalidHeaderTokenIsNotRescuedByAValidCookie() {
        ApiRequest request = request(Map.of("authorization", "Bearer not-a-jwt"),
                List.of("__session=" + clerk.token("user_cookie")));

        assertUnauthorized("Session token is malformed", () -> authenticate(request));
    }

    @Test
    void authorizationValueWithoutSchemeIsTheToken() {
        ApiRequest request = request(Map.of("authorization", clerk.token("user_bare")), List.of());

        assertEquals("user_bare", authenticate(request).userId());
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        ApiRequest request = request(Map.of("authorization", "bearer  " + clerk.token("user_lower")), List.of());

        assertEquals("user_lower", authenticate(request).userId());
    }

    @Test
    void otherAuthorizationSchemeIsIgnoredInFavourOfTheCookie() {
        ApiRequest request = request(Map.of("authorization", "Basic dXNlcjpwYXNz"),
                List.of("__session=" + clerk.token("user_cookie")));

        assertEquals("user_cookie", authenticate(request).userId());
    }

    @Test
    void otherAuthorizationSchemeWithoutCookieIsAMissingToken() {
        ApiRequest request = request(Map.of("authorization", "Basic dXNlcjpwYXNz"), List.of());

        assertUnauthorized("Missing session token", () -> authenticate(request));
    }

    @Test
    void requestWithoutTokenIsRejectedAsMissing() {
        assertUnauthorized("Missing session token", () -> authenticate(request(Map.of(), List.of())));
    }

    @Test
    void emptyBearerCredentialIsAMissingToken() {
        ApiRequest request = request(Map.of("authorization", "Bearer "), List.of("__session="));

        assertUnauthorized("Missing session token", () -> authenticate(request));
    }

    // --- time claims ---

    @Test
    void tokenExpiredBeyondClockSkewIsRejected() {
        String token = clerk.tokenFor("user_1").issuedAt(now.minusSeconds(70)).expiresAt(now.minusSeconds(6)).build();

        assertUnauthorized("Session token has expired", () -> verifier.verify(token));
    }

    @Test
    void tokenExpiredWithinClockSkewIsAccepted() {
        String token = clerk.tokenFor("user_1").issuedAt(now.minusSeconds(70)).expiresAt(now.minusSeconds(4)).build();

        assertEquals("user_1", verifier.verify(token).userId());
    }

    @Test
    void tokenNotValidUntilAFutureTimeIsRejected() {
        String token = clerk.tokenFor("user_1").notBefore(now.plusSeconds(10)).build();

        assertUnauthorized("Session token is not valid yet", () -> verifier.verify(token));
    }

    @Test
    void notBeforeWithinClockSkewIsAccepted() {
        String token = clerk.tokenFor("user_1").issuedAt(now).notBefore(now.plusSeconds(4)).build();

        assertEquals("user_1", verifier.verify(token).userId());
    }

    @Test
    void tokenIssuedInTheFutureIsRejected() {
        String token = clerk.tokenFor("user_1").issuedAt(now.plusSeconds(10)).notBefore(now.minusSeconds(5)).build();

        assertUnauthorized("Session token was issued in the future", () -> verifier.verify(token));
    }

    @Test
    void tokenWithoutExpiryIsRejected() {
        String token = clerk.tokenFor("user_1").withoutClaim("exp").build();

        assertUnauthorized("Session token has no expiry", () -> verifier.verify(token));
    }

    @Test
    void tokenWithNullExpiryIsRejected() {
        String token = clerk.tokenFor("user_1").claim("exp", NullNode.getInstance()).build();

        assertUnauthorized("Session token has no expiry", () -> verifier.verify(token));
    }

    @Test
    void tokenWithTextualExpiryIsRejectedAsMalformed() {
        String exp = String.valueOf(now.plusSeconds(60).getEpochSecond());
        String token = clerk.tokenFor("user_1").claim("exp", exp).build();

        assertUnauthorized("Session token is malformed", () -> verifier.verify(token));
    }

    // --- subject, authorized party, session status ---

    @Test
    void tokenWithoutSubjectIsRejected() {
        String token = clerk.tokenFor("user_1").withoutClaim("sub").build();

        assertUnauthorized("Session token has no subject", () -> verifier.verify(token));
    }

    @Test
    void tokenWithBlankSubjectIsRejected() {
        String token = clerk.tokenFor("  ").build();

        assertUnauthorized("Session token has no subject", () -> verifier.verify(token));
    }

    @Test
    void tokenWithNonTextSubjectIsRejected() {
        String token = clerk.tokenFor("user_1").claim("sub", 12345).build();

        assertUnauthorized("Session token has no subject", () -> verifier.verify(token));
    }

    @Test
    void tokenFromAnUnauthorizedPartyIsRejected() {
        String token = clerk.tokenFor("user_1").authorizedParty("https://evil.example").build();

        assertUnauthorized("Session token is not from an authorized party", () -> verifier.verify(token));
    }

    @Test
    void tokenWithoutAuthorizedPartyIsRejectedWhenPartiesAreConfigured() {
        String token = clerk.tokenFor("user_1").authorizedParty(null).build();

        assertUnauthorized("Session token has no authorized party", () -> verifier.verify(token));
    }

    @Test
    void tokenWithoutAuthorizedPartyIsAcceptedWhenNoPartiesAreConfigured() {
        ClerkTokenVerifier anyParty = verifierAt(new MutableClock(now), List.of());
        String token = clerk.tokenFor("user_1").authorizedParty(null).build();

        assertEquals("user_1", anyParty.verify(token).userId());
    }

    @Test
    void anyAuthorizedPartyIsAcceptedWhenNoPartiesAreConfigured() {
        ClerkTokenVerifier anyParty = new ClerkTokenVerifier(
                Settings.of(Map.of(ClerkTokenVerifier.JWKS_URL_SETTING, clerk.jwksUrl())));
        String token = clerk.tokenFor("user_1").authorizedParty("https://elsewhere.example").build();

        assertEquals("user_1", anyParty.verify(token).userId());
    }

    @Test
    void configuredPartiesAreCommaSeparatedAndMayEndInASlash() {
        ClerkTokenVerifier configured = new ClerkTokenVerifier(Settings.of(Map.of(
                ClerkTokenVerifier.JWKS_URL_SETTING, clerk.jwksUrl(),
                ClerkTokenVerifier.AUTHORIZED_PARTIES_SETTING, " https://app.moduo.dev/ , http://localhost:5173")));

        assertEquals("user_1", configured.verify(
                clerk.tokenFor("user_1").authorizedParty("https://app.moduo.dev").build()).userId());
        assertEquals("user_2", configured.verify(clerk.token("user_2")).userId());
        assertUnauthorized("Session token is not from an authorized party", () -> configured.verify(
                clerk.tokenFor("user_3").authorizedParty("https://app.moduo.dev.evil.example").build()));
    }

    @Test
    void pendingSessionIsRejected() {
        String token = clerk.tokenFor("user_1").sessionStatus("pending").build();

        assertUnauthorized("Session is pending", () -> verifier.verify(token));
    }

    @Test
    void profileClaimsFillTheCaller() {
        String token = clerk.tokenFor("user_1").sessionId("sess_9")
                .claim("name", "Ada Lovelace")
                .claim("image_url", "https://img.clerk.com/ada.png")
                .claim("email", "ada@example.com")
                .build();

        assertEquals(new Caller("user_1", "sess_9", "Ada Lovelace", "https://img.clerk.com/ada.png", "ada@example.com"),
                verifier.verify(token));
    }

    @Test
    void pictureClaimIsTheImageWhenImageUrlIsAbsent() {
        String token = clerk.tokenFor("user_1").claim("picture", "https://img.clerk.com/p.png").build();

        assertEquals("https://img.clerk.com/p.png", verifier.verify(token).imageUrl());
    }

    // --- token class: only session tokens, whatever the authorized parties ---

    @Test
    void defaultTokensCarryTheSessionTokenCategoryAndAreAccepted() {
        String token = clerk.token("user_1");

        assertEquals(ClerkTestIssuer.SESSION_TOKEN_CATEGORY,
                com.auth0.jwt.JWT.decode(token).getHeaderClaim("cat").asString());
        assertEquals("user_1", anyPartyVerifier().verify(token).userId());
    }

    @Test
    void tokenWithoutCategoryIsAccepted() {
        String token = clerk.tokenFor("user_1").category(null).build();

        assertEquals("user_1", anyPartyVerifier().verify(token).userId());
    }

    @Test
    void tokenWithTheIgnoredCategoryIsAccepted() {
        String token = clerk.tokenFor("user_1").category(ClerkTestIssuer.IGNORED_CATEGORY).build();

        assertEquals("user_1", anyPartyVerifier().verify(token).userId());
    }

    @Test
    void jwtTemplateTokenIsRejectedEvenWithoutConfiguredParties() {
        String token = clerk.templateTokenFor("user_1").build();

        assertUnauthorized("Token is not a session token", () -> anyPartyVerifier().verify(token));
    }

    @Test
    void sessionShapedTokenWithTheTemplateCategoryIsRejected() {
        String token = clerk.tokenFor("user_1").category(ClerkTestIssuer.JWT_TEMPLATE_CATEGORY).build();

        assertUnauthorized("Token is not a session token", () -> verifier.verify(token));
    }

    @Test
    void machineTokenIsRejectedEvenWithoutConfiguredParties() {
        String token = clerk.machineTokenFor("mch_2vYVtest").build();

        assertUnauthorized("Token is not a session token", () -> anyPartyVerifier().verify(token));
    }

    @Test
    void machineSubjectWithoutCategoryIsRejected() {
        String token = clerk.machineTokenFor("mch_2vYVtest").category(null).build();

        assertUnauthorized("Token is not a session token", () -> anyPartyVerifier().verify(token));
    }

    @Test
    void unknownCategoryIsRejected() {
        String token = clerk.tokenFor("user_1").category("cl_unknown").build();

        assertUnauthorized("Token is not a session token", () -> anyPartyVerifier().verify(token));
    }

    @Test
    void nonTextCategoryIsRejected() {
        String token = clerk.tokenFor("user_1").header("cat", 1).build();

        assertUnauthorized("Token is not a session token", () -> anyPartyVerifier().verify(token));
    }

    private ClerkTokenVerifier anyPartyVerifier() {
        return verifierAt(new MutableClock(now), List.of());
    }

    // --- algorithm and signature attacks ---

    @Test
    void unsignedAlgNoneTokenIsRejected() {
        String[] valid = clerk.token("user_1").split("\\.");
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + clerk.kid() + "\"}");
        String token = header + "." + valid[1] + ".";

        assertUnauthorized("Session token algorithm must be RS256", () -> verifier.verify(token));
    }

    @Test
    void hs256TokenKeyedWithThePublicKeyPemIsRejected() {
        byte[] publicKeyAsSecret = clerk.publicKeyPem().getBytes(StandardCharsets.US_ASCII);
        String token = clerk.tokenFor("user_1").signedWith(Algorithm.HMAC256(publicKeyAsSecret)).build();

        assertUnauthorized("Session token algorithm must be RS256", () -> verifier.verify(token));
    }

    @Test
    void hmacSignatureUnderAnRs256HeaderIsRejected() {
        byte[] publicKeyAsSecret = clerk.publicKeyPem().getBytes(StandardCharsets.US_ASCII);
        String token = clerk.tokenFor("user_1").signedWith(Algorithm.HMAC256(publicKeyAsSecret))
                .header("alg", "RS256").build();

        assertUnauthorized("Session token signature is invalid", () -> verifier.verify(token));
    }

    @Test
    void rs384TokenIsRejected() {
        Algorithm rs384 = Algorithm.RSA384(clerk.publicKey(), clerk.privateKey());
        String token = clerk.tokenFor("user_1").signedWith(rs384).build();

        assertUnauthorized("Session token algorithm must be RS256", () -> verifier.verify(token));
    }

    @Test
    void tokenWithTypeOtherThanJwtIsRejected() {
        String token = clerk.tokenFor("user_1").header("typ", "at+jwt").build();

        assertUnauthorized("Session token type must be JWT", () -> verifier.verify(token));
    }

    @Test
    void tokenWithoutTypeIsAccepted() {
        String token = clerk.tokenFor("user_1").header("typ", null).build();

        assertEquals("user_1", verifier.verify(token).userId());
    }

    @Test
    void tokenSignedByOneKeyUnderAnotherPublishedKidIsRejected() {
        String firstKid = clerk.kid();
        clerk.rotate();
        String token = clerk.tokenFor("user_1").kid(firstKid).build();

        assertUnauthorized("Session token signature is invalid", () -> verifier.verify(token));
    }

    @Test
    void tamperedPayloadIsRejected() {
        String[] parts = clerk.token("user_victim").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("user_victim", "user_attacker");
        String token = parts[0] + "." + base64Url(payload) + "." + parts[2];

        assertUnauthorized("Session token signature is invalid", () -> verifier.verify(token));
    }

    @Test
    void tokenSignedWithAnUnpublishedKeyIsRejected() {
        try (ClerkTestIssuer stranger = new ClerkTestIssuer()) {
            String token = clerk.tokenFor("user_1")
                    .signedWith(Algorithm.RSA256(stranger.publicKey(), stranger.privateKey())).build();

            assertUnauthorized("Session token signature is invalid", () -> verifier.verify(token));
        }
    }

    // --- malformed input ---

    @ParameterizedTest
    @MethodSource("garbageTokens")
    void garbageTokenIsRejectedWith401(String token) {
        Refusal rejection = assertThrows(Refusal.class, () -> verifier.verify(token));

        assertEquals(401, ErrorMapper.status(rejection.kind()));
    }

    static Stream<String> garbageTokens() {
        String rs256 = base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"nope\"}");
        return Stream.of(
                "abc",
                "a.b",
                "a.b.c",
                "a.b.c.d",
                ".",
                "..",
                "...",
                "!!!.###.$$$",
                "eyJ.eyJ.sig",
                rs256 + "." + base64Url("{\"sub\":\"user_1\"}"),
                base64Url("not json") + "." + base64Url("{}") + ".c2ln",
                base64Url("[1,2,3]") + "." + base64Url("{}") + ".c2ln",
                base64Url("\"RS256\"") + "." + base64Url("{}") + ".c2ln",
                base64Url("{\"alg\":[\"RS256\"]}") + "." + base64Url("{}") + ".c2ln",
                base64Url("{\"alg\":\"RS256\"") + "." + base64Url("{}") + ".c2ln",
                rs256 + "." + base64Url("not json") + ".c2ln",
                rs256 + "." + base64Url("{\"sub\":\"user_1\",\"exp\":9223372036854775807}") + ".c2ln",
                rs256 + "." + base64Url("{\"sub\":\"user_1\",\"exp\":-9223372036854775808}") + ".c2ln",
                rs256 + "." + base64Url("{\"sub\":\"user_1\",\"iat\":1e400}") + ".c2ln",
                rs256 + "." + base64Url("{\"sub\":\"user_1\",\"nbf\":{\"a\":1}}") + ".c2ln",
                rs256 + "." + base64Url("{\"sub\":\"user_1\",\"exp\":1}") + ".!!!",
                rs256 + "." + base64Url("[" .repeat(2000) + "]".repeat(2000)) + ".c2ln",
                "\u0000\u0001.\u0002.\u0003",
                "ey" + "\u00e9".repeat(10) + ".ey.sig",
                "Bearer xyz",
                "x".repeat(ClerkTokenVerifier.MAX_TOKEN_LENGTH + 1));
    }

    @Test
    void oversizedTokenIsRejectedBeforeParsing() {
        String token = clerk.tokenFor("user_1").claim("padding", "p".repeat(20_000)).build();

        assertUnauthorized("Session token is too large", () -> verifier.verify(token));
    }

    @Test
    void rejectionMessagesNeverContainTheToken() {
        String valid = clerk.token("user_1");
        String[] parts = valid.split("\\.");
        List<String> badTokens = new ArrayList<>(List.of(
                clerk.tokenFor("user_1").expiresAt(now.minusSeconds(60)).build(),
                clerk.tokenFor("user_1").sessionStatus("pending").build(),
                clerk.tokenFor("user_1").authorizedParty("https://evil.example").build(),
                clerk.templateTokenFor("user_1").build(),
                clerk.machineTokenFor("mch_1").build(),
                clerk.tokenFor("user_1").kid("ins_unknown").build(),
                clerk.tokenFor("user_1").signedWith(Algorithm.HMAC256("secret")).build(),
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 4) + "AAAA",
                parts[0] + "." + parts[1],
                valid + "x".repeat(ClerkTokenVerifier.MAX_TOKEN_LENGTH)));
        garbageTokens().forEach(badTokens::add);

        for (String token : badTokens) {
            Refusal rejection = assertThrows(Refusal.class, () -> verifier.verify(token));
            assertEquals(401, ErrorMapper.status(rejection.kind()));
            String message = rejection.getMessage();
            for (String part : token.split("\\.")) {
                if (part.length() >= 8) {
                    assertFalse(message.contains(part), () -> "message leaks the token: " + message);
                }
            }
            assertTrue(message.length() < 100, () -> "message is not a short fixed text: " + message);
        }
    }

    private ClerkTokenVerifier verifierAt(Clock clock, List<String> parties) {
        return new ClerkTokenVerifier(SigningKeys.jwks(URI.create(clerk.jwksUrl()), clock), parties, clock);
    }

    static Refusal assertUnauthorized(String message, Executable call) {
        Refusal rejection = assertThrows(Refusal.class, call);
        assertEquals(401, ErrorMapper.status(rejection.kind()), () -> "status for: " + rejection.getMessage());
        assertEquals(message, rejection.getMessage());
        return rejection;
    }

    static ApiRequest request(Map<String, String> headers, List<String> cookies) {
        return new ApiRequest("GET", "/api/sessions/active", "GET /api/sessions/active", new HashMap<>(headers),
                cookies, Map.of(), Map.of(), null, "req-1", "127.0.0.1");
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the handler does with a request: the header and the cookie it carries. */
    private Caller authenticate(ApiRequest request) {
        return verifier.authenticate(request.header("authorization"), request.cookie("__session"));
    }
}
