package dev.moduo.auth;

import static dev.moduo.auth.ClerkTokenVerifierTest.assertUnauthorized;
import static dev.moduo.auth.testing.ClerkTestIssuer.AUTHORIZED_PARTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.auth.testing.MutableClock;
import dev.moduo.config.Settings;
import dev.moduo.http.ErrorMapper;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the verifier's keys come from: the JWKS cache and its refetch rules, the PEM, and configuration. */
class ClerkSigningKeysTest {

    private ClerkTestIssuer clerk;
    private MutableClock clock;
    private ClerkTokenVerifier verifier;

    @BeforeEach
    void startClerk() {
        clerk = new ClerkTestIssuer();
        clock = new MutableClock(Instant.now());
        verifier = new ClerkTokenVerifier(
                SigningKeys.jwks(URI.create(clerk.jwksUrl()), clock), List.of(AUTHORIZED_PARTY), clock);
    }

    @AfterEach
    void stopClerk() {
        clerk.close();
    }

    // --- JWKS ---

    @Test
    void jwksIsFetchedOnFirstVerificationAndThenCached() {
        ClerkTokenVerifier fromSettings = new ClerkTokenVerifier(Settings.of(Map.of(
                ClerkTokenVerifier.JWKS_URL_SETTING, clerk.jwksUrl(),
                ClerkTokenVerifier.AUTHORIZED_PARTIES_SETTING, AUTHORIZED_PARTY)));
        assertEquals(0, clerk.jwksFetches());

        fromSettings.verify(clerk.token("user_1"));
        fromSettings.verify(clerk.token("user_2"));

        assertEquals(1, clerk.jwksFetches());
    }

    @Test
    void unknownKidTriggersExactlyOneRefetchAndThenTheRotatedKeyVerifies() {
        verifier.verify(clerk.token("user_1"));
        clerk.rotate();

        Caller caller = verifier.verify(clerk.token("user_2"));
        verifier.verify(clerk.token("user_3"));

        assertEquals("user_2", caller.userId());
        assertEquals(2, clerk.jwksFetches());
    }

    @Test
    void floodOfUnknownKidsWithinAMinuteCausesAtMostOneRefetch() {
        verifier.verify(clerk.token("user_1"));

        for (int i = 0; i < 50; i++) {
            String token = clerk.tokenFor("user_1").kid("ins_" + UUID.randomUUID()).build();
            clock.advance(Duration.ofMillis(500));
            assertUnauthorized("Session token was signed by an unknown key", () -> verifier.verify(token));
        }

        assertEquals(2, clerk.jwksFetches());
    }

    @Test
    void unknownKidMayTriggerAnotherRefetchAfterAMinute() {
        verifier.verify(clerk.token("user_1"));
        String unknownKid = clerk.tokenFor("user_1").kid("ins_unknown").build();
        assertUnauthorized("Session token was signed by an unknown key", () -> verifier.verify(unknownKid));
        clock.advance(Duration.ofSeconds(59));
        assertUnauthorized("Session token was signed by an unknown key", () -> verifier.verify(unknownKid));
        assertEquals(2, clerk.jwksFetches());

        clock.advance(Duration.ofSeconds(1));
        clerk.rotate();

        assertEquals("user_2", verifier.verify(clerk.tokenFor("user_2").issuedAt(clock.instant()).build()).userId());
        assertEquals(3, clerk.jwksFetches());
    }

    @Test
    void tokenWithoutKidIsRejectedWhenKeysComeFromAJwks() {
        String token = clerk.tokenFor("user_1").kid(null).build();

        assertUnauthorized("Session token has no key id", () -> verifier.verify(token));
    }

    @Test
    void unreachableJwksWithNothingCachedIsServiceUnavailable() {
        String token = clerk.token("user_1");
        clerk.close();

        SigningKeysUnavailable failure = assertThrows(SigningKeysUnavailable.class, () -> verifier.verify(token));

        assertTrue(failure.retriable());
        assertEquals(503, ErrorMapper.toResponse(failure).status());
        assertEquals(java.util.Map.of("message", "Authentication service is unavailable, please retry"), ErrorMapper.toResponse(failure).body());
    }

    @Test
    void jwksErrorStatusWithNothingCachedIsServiceUnavailable() {
        clerk.jwksStatus(500);

        SigningKeysUnavailable failure = assertThrows(SigningKeysUnavailable.class, () -> verifier.verify(clerk.token("user_1")));

        assertTrue(failure.retriable());
        assertEquals(1, clerk.jwksFetches());
    }

    @Test
    void jwksIsRetriedOnTheNextRequestAfterAFailedFirstFetch() {
        clerk.jwksStatus(503);
        assertThrows(SigningKeysUnavailable.class, () -> verifier.verify(clerk.token("user_1")));
        clerk.jwksStatus(200);

        assertEquals("user_1", verifier.verify(clerk.token("user_1")).userId());
        assertEquals(2, clerk.jwksFetches());
    }

    @Test
    void unknownKidWhileTheJwksIsFailingIsServiceUnavailable() {
        verifier.verify(clerk.token("user_1"));
        clerk.jwksStatus(502);
        clerk.rotate();
        String rotated = clerk.token("user_2");

        assertTrue(assertThrows(SigningKeysUnavailable.class, () -> verifier.verify(rotated)).retriable());
        // Still unconfirmed within the minute: no new request, and still not blamed on the caller.
        assertTrue(assertThrows(SigningKeysUnavailable.class, () -> verifier.verify(rotated)).retriable());
        assertEquals(2, clerk.jwksFetches());
    }

    @Test
    void cachedKeyKeepsVerifyingWhenTheJwksFailsAfterItsMaximumAge() {
        verifier.verify(clerk.token("user_1"));
        clerk.jwksStatus(503);
        clock.advance(Duration.ofMinutes(6));

        Caller caller = verifier.verify(clerk.tokenFor("user_2").issuedAt(clock.instant()).build());

        assertEquals("user_2", caller.userId());
        assertEquals(2, clerk.jwksFetches());
    }

    @Test
    void keysYoungerThanTheirMaximumAgeAreNotRefetched() {
        verifier.verify(clerk.token("user_1"));
        clock.advance(Duration.ofMinutes(4));

        verifier.verify(clerk.tokenFor("user_2").issuedAt(clock.instant()).build());

        assertEquals(1, clerk.jwksFetches());
    }

    @Test
    void keyWithdrawnFromTheJwksStopsVerifyingOnceTheCacheIsOld() {
        RSAPublicKey oldPublic = clerk.publicKey();
        RSAPrivateKey oldPrivate = clerk.privateKey();
        String oldKid = clerk.kid();
        verifier.verify(clerk.token("user_1"));
        clerk.rotate();
        clerk.unpublish(oldKid);
        clock.advance(Duration.ofMinutes(6));

        String signedWithWithdrawnKey = clerk.tokenFor("user_1").issuedAt(clock.instant()).kid(oldKid)
                .signedWith(Algorithm.RSA256(oldPublic, oldPrivate)).build();

        assertUnauthorized("Session token was signed by an unknown key", () -> verifier.verify(signedWithWithdrawnKey));
        assertEquals(2, clerk.jwksFetches());
    }

    // --- PEM ---

    @Test
    void pemKeyVerifiesWithoutAnyNetworkRequest() {
        ClerkTokenVerifier pemVerifier = new ClerkTokenVerifier(Settings.of(Map.of(
                ClerkTokenVerifier.JWT_KEY_SETTING, clerk.publicKeyPem(),
                ClerkTokenVerifier.AUTHORIZED_PARTIES_SETTING, AUTHORIZED_PARTY)));
        String token = clerk.token("user_pem");
        clerk.close();

        assertEquals("user_pem", pemVerifier.verify(token).userId());
        assertEquals(0, clerk.jwksFetches());
    }

    @Test
    void pemWithLiteralBackslashNSequencesIsAccepted() {
        String oneLine = clerk.publicKeyPem().replace("\n", "\\n");
        ClerkTokenVerifier pemVerifier = new ClerkTokenVerifier(
                Settings.of(Map.of(ClerkTokenVerifier.JWT_KEY_SETTING, oneLine)));

        assertEquals("user_1", pemVerifier.verify(clerk.token("user_1")).userId());
    }

    @Test
    void pemKeyVerifiesTokensWhateverTheirKid() {
        ClerkTokenVerifier pemVerifier = new ClerkTokenVerifier(
                Settings.of(Map.of(ClerkTokenVerifier.JWT_KEY_SETTING, clerk.publicKeyPem())));

        assertEquals("user_1", pemVerifier.verify(clerk.tokenFor("user_1").kid("ins_other").build()).userId());
        assertEquals("user_2", pemVerifier.verify(clerk.tokenFor("user_2").kid(null).build()).userId());
    }

    @Test
    void pemKeyRejectsTokensSignedByAnotherKey() {
        ClerkTokenVerifier pemVerifier = new ClerkTokenVerifier(
                Settings.of(Map.of(ClerkTokenVerifier.JWT_KEY_SETTING, clerk.publicKeyPem())));
        clerk.rotate();

        assertUnauthorized("Session token signature is invalid", () -> pemVerifier.verify(clerk.token("user_1")));
    }

    @Test
    void pemKeyTakesPrecedenceOverTheJwksUrl() {
        ClerkTokenVerifier both = new ClerkTokenVerifier(Settings.of(Map.of(
                ClerkTokenVerifier.JWT_KEY_SETTING, clerk.publicKeyPem(),
                ClerkTokenVerifier.JWKS_URL_SETTING, clerk.jwksUrl())));

        both.verify(clerk.token("user_1"));

        assertEquals(0, clerk.jwksFetches());
    }

    @Test
    void malformedPemFailsAtConstructionWithoutEchoingIt() {
        String notAKey = "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END PUBLIC KEY-----";

        IllegalStateException failure = assertThrows(Settings.InvalidSettingException.class,
                () -> new ClerkTokenVerifier(Settings.of(Map.of(ClerkTokenVerifier.JWT_KEY_SETTING, notAKey))));

        assertTrue(failure.getMessage().contains("CLERK_JWT_KEY"), failure.getMessage());
        assertFalse(failure.getMessage().contains("bm90IGEga2V5"), failure.getMessage());
    }

    // --- configuration ---

    @Test
    void missingKeySettingsAreADeploymentErrorNotA401() {
        ClerkTokenVerifier unconfigured = new ClerkTokenVerifier(Settings.of(Map.of()));

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> unconfigured.verify(clerk.token("user_1")));

        assertTrue(failure.getMessage().contains("CLERK_JWKS_URL"), failure.getMessage());
        assertTrue(failure.getMessage().contains("CLERK_JWT_KEY"), failure.getMessage());
    }

    @Test
    void plainHttpJwksUrlIsRefusedForRemoteHosts() {
        Settings settings = Settings.of(
                Map.of(ClerkTokenVerifier.JWKS_URL_SETTING, "http://clerk.example.com/.well-known/jwks.json"));

        assertThrows(Settings.InvalidSettingException.class, () -> new ClerkTokenVerifier(settings));
    }

    @Test
    void jwksUrlThatIsNotAUrlIsRefused() {
        Settings settings = Settings.of(Map.of(ClerkTokenVerifier.JWKS_URL_SETTING, "clerk jwks please"));

        assertThrows(Settings.InvalidSettingException.class, () -> new ClerkTokenVerifier(settings));
    }

    @Test
    void constructionNeverTouchesTheNetwork() {
        clerk.close();

        ClerkTokenVerifier lazy = new ClerkTokenVerifier(Settings.of(Map.of(
                ClerkTokenVerifier.JWKS_URL_SETTING, "https://clerk.invalid/.well-known/jwks.json")));

        assertInstanceOf(ClerkTokenVerifier.class, lazy);
        assertEquals(0, clerk.jwksFetches());
    }
}
