package dev.moduo.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moduo.auth.testing.MutableClock;
import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.http.ApiException;
import dev.moduo.http.ApiRequest;
import dev.moduo.secrets.SecretValues;
import dev.moduo.secrets.SecretsManagerReader;
import dev.moduo.secrets.testing.FakeSecretsManager;
import dev.moduo.testing.TestAws;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The vector is Svix's own, published in svix/svix-webhooks {@code python/tests/test_webhooks.py}
 * ({@code test_sign_function}, and the invalid signature of {@code test_invalid_signature_raises_error});
 * the other libraries of that repository and the Standard Webhooks implementations share it.
 */
class SvixVerifierTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final byte[] PAYLOAD = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String WRONG_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=";

    private static final Instant SIGNED_AT = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP));
    private static final Deadline DEADLINE = Deadline.after(Duration.ofSeconds(30));
    private final SvixVerifier verifier = SvixVerifier.withSecret(SECRET, at(SIGNED_AT));

    @Test
    void publishedVectorVerifies() {
        assertDoesNotThrow(() -> verifier.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void signReproducesThePublishedVector() {
        assertEquals(SIGNATURE, SvixVerifier.sign(SECRET, ID, TIMESTAMP, PAYLOAD));
    }

    @Test
    void secretWithoutItsPrefixIsTheSameKey() {
        SvixVerifier bare = SvixVerifier.withSecret(SECRET.substring("whsec_".length()), at(SIGNED_AT));
        assertDoesNotThrow(() -> bare.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void publishedWrongSignatureIsRefused() {
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, WRONG_SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void tamperedBodyIsRefused() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, SIGNATURE, tampered, DEADLINE));
    }

    @Test
    void bodyReformattedByAParserIsRefused() {
        // What a framework that parses and re-serialises JSON would hand over: same data, other bytes.
        byte[] reserialised = "{\"test\":2432232314}".getBytes(StandardCharsets.UTF_8);
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, SIGNATURE, reserialised, DEADLINE));
    }

    @Test
    void anotherMessageIdIsRefused() {
        assertStatus(401, () -> verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJel", TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void signatureMadeWithAnotherSecretIsRefused() {
        SvixVerifier other = SvixVerifier.withSecret("whsec_" + java.util.Base64.getEncoder()
                .encodeToString("another secret of 32 bytes......".getBytes(StandardCharsets.US_ASCII)), at(SIGNED_AT));
        assertStatus(401, () -> other.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void timestampFiveMinutesOldIsStillAccepted() {
        SvixVerifier later = SvixVerifier.withSecret(SECRET, at(SIGNED_AT.plusSeconds(300)));
        assertDoesNotThrow(() -> later.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void timestampMoreThanFiveMinutesOldIsRefused() {
        SvixVerifier later = SvixVerifier.withSecret(SECRET, at(SIGNED_AT.plusSeconds(301)));
        ApiException refused = assertStatus(401, () -> later.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
        assertEquals("Webhook timestamp is too old", refused.getMessage());
    }

    @Test
    void timestampMoreThanFiveMinutesAheadIsRefused() {
        SvixVerifier earlier = SvixVerifier.withSecret(SECRET, at(SIGNED_AT.minusSeconds(301)));
        ApiException refused = assertStatus(401, () -> earlier.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
        assertEquals("Webhook timestamp is too new", refused.getMessage());
    }

    @Test
    void timestampFiveMinutesAheadIsStillAccepted() {
        SvixVerifier earlier = SvixVerifier.withSecret(SECRET, at(SIGNED_AT.minusSeconds(300)));
        assertDoesNotThrow(() -> earlier.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() {
        // The shape of svix's test_multi_sig_payload_is_valid: wrong v1, a v2, the valid one, wrong v1 again.
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= "
                + SIGNATURE + " v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
        assertDoesNotThrow(() -> verifier.verify(ID, TIMESTAMP, header, PAYLOAD, DEADLINE));
    }

    @Test
    void severalSignaturesNoneMatchingAreRefused() {
        String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= " + WRONG_SIGNATURE;
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, header, PAYLOAD, DEADLINE));
    }

    @Test
    void theRightMacUnderAnotherVersionIsRefused() {
        String header = "v2," + SIGNATURE.substring(3) + " v1a," + SIGNATURE.substring(3);
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, header, PAYLOAD, DEADLINE));
    }

    @Test
    void signatureThatIsNotBase64IsRefused() {
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, "v1,not*base64!", PAYLOAD, DEADLINE));
        assertStatus(401, () -> verifier.verify(ID, TIMESTAMP, "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", PAYLOAD, DEADLINE));
    }

    @Test
    void timestampThatIsNotANumberIsABadRequest() {
        assertStatus(400, () -> verifier.verify(ID, "hello", SIGNATURE, PAYLOAD, DEADLINE));
        assertStatus(400, () -> verifier.verify(ID, "1614265330.5", SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void everyMissingHeaderIsABadRequestNamingIt() {
        Map<String, String> complete = Map.of("svix-id", ID, "svix-timestamp", TIMESTAMP, "svix-signature", SIGNATURE);
        assertEquals(ID, verifier.verify(request(complete), DEADLINE));
        for (String header : complete.keySet()) {
            Map<String, String> headers = new HashMap<>(complete);
            headers.remove(header);
            ApiException refused = assertStatus(400, () -> verifier.verify(request(headers), DEADLINE));
            assertEquals("Missing " + header + " header", refused.getMessage());
        }
    }

    @Test
    void secretComesFromTheSetting() {
        SvixVerifier configured = new SvixVerifier(secrets(Map.of(SvixVerifier.SECRET_SETTING, SECRET)), at(SIGNED_AT));
        assertDoesNotThrow(() -> configured.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
    }

    @Test
    void missingSecretSettingIsAConfigurationErrorNotTheSenders() {
        SvixVerifier unconfigured = new SvixVerifier(secrets(Map.of()), at(SIGNED_AT));
        IllegalStateException failure = assertThrows(Settings.MissingSettingException.class,
                () -> unconfigured.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
        assertEquals("Setting CLERK_WEBHOOK_SECRET_ID (or, outside AWS, CLERK_WEBHOOK_SECRET) is not set", failure.getMessage());
    }

    @Test
    void malformedSecretSettingIsNamedButNeverShown() {
        SvixVerifier misconfigured = new SvixVerifier(
                secrets(Map.of(SvixVerifier.SECRET_SETTING, "whsec_not*base64")), at(SIGNED_AT));
        IllegalStateException failure = assertThrows(Settings.InvalidSettingException.class,
                () -> misconfigured.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
        assertEquals(false, failure.getMessage().contains("not*base64"));
    }

    @Test
    void aSecretInSecretsManagerIsReadAndItsRotationPickedUpAfterTheTtl() {
        try (FakeSecretsManager aws = FakeSecretsManager.start()) {
            String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("another signing key".getBytes(StandardCharsets.US_ASCII));
            aws.putSecret("moduo/clerk-webhook", other);
            Map<String, String> settings = new HashMap<>(aws.settings());
            settings.put(SvixVerifier.SECRET_ID_SETTING, aws.arnOf("moduo/clerk-webhook"));
            MutableClock clock = new MutableClock(SIGNED_AT);
            SecretsManagerReader reader = TestAws.reader(aws);
            SvixVerifier fromAws = new SvixVerifier(new SecretValues(Settings.of(settings), reader, clock), clock);

            assertStatus(401, () -> fromAws.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
            aws.putSecret("moduo/clerk-webhook", SECRET);
            assertStatus(401, () -> fromAws.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
            clock.advance(Duration.ofMinutes(5));
            assertDoesNotThrow(() -> fromAws.verify(ID, TIMESTAMP, SIGNATURE, PAYLOAD, DEADLINE));
            assertEquals(2, aws.requestCount(), "read once, then again when the five minutes were up");
            reader.close();
        }
    }

    /** Secrets from settings only: a Secrets Manager that is never called. */
    private static SecretValues secrets(Map<String, String> settings) {
        Settings given = Settings.of(settings);
        return new SecretValues(given, new SecretsManagerReader(given, () -> {
            throw new AssertionError("no secret id is set, so AWS is never asked");
        }), Clock.systemUTC());
    }

    private static ApiRequest request(Map<String, String> headers) {
        return new ApiRequest("POST", "/api/webhooks/clerk", "POST /api/webhooks/clerk", headers, null, null, null,
                PAYLOAD, "req", "203.0.113.7");
    }

    private static ApiException assertStatus(int status, Executable executable) {
        ApiException failure = assertThrows(ApiException.class, executable);
        assertEquals(status, failure.status(), failure.getMessage());
        return failure;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
