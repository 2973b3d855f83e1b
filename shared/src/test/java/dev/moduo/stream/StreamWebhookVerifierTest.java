package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.core.Refusal;
import dev.moduo.http.ErrorMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Vectors from stream-rest-api.md §6.2 (getstream-go webhook fixtures). */
class StreamWebhookVerifierTest {

    private static final String SECRET = "test_secret_do_not_use_in_production";
    private static final byte[] ENDED = bytes("{\"type\":\"call.session_ended\",\"created_at\":1778198400000000000}");
    private static final String ENDED_SIGNATURE = "0e9f39a4fa0e88234600da1e56d6389068095a4e4289aa41aa4c32c499d9ed18";
    private static final byte[] STARTED = bytes("{\"type\":\"call.session_started\",\"created_at\":1778198400000000000}");
    private static final String STARTED_SIGNATURE = "9c65b50bfdf1e8205ba673103a21d3fda71d6969f9003c0f2cdaf43467f6ab07";

    private final StreamWebhookVerifier verifier = verifier(SECRET);

    @Test
    void sessionEndedVectorIsValid() {
        assertTrue(verifier.isValid(ENDED, ENDED_SIGNATURE));
    }

    @Test
    void sessionStartedVectorIsValid() {
        assertTrue(verifier.isValid(STARTED, STARTED_SIGNATURE));
    }

    @Test
    void signatureOfAnotherBodyIsInvalid() {
        assertFalse(verifier.isValid(STARTED, ENDED_SIGNATURE));
    }

    @Test
    void bodyChangedByOneByteIsInvalid() {
        byte[] tampered = ENDED.clone();
        tampered[tampered.length - 2] = '1';

        assertFalse(verifier.isValid(tampered, ENDED_SIGNATURE));
    }

    @Test
    void signatureMadeWithAnotherSecretIsInvalid() {
        assertFalse(verifier("another-secret").isValid(ENDED, ENDED_SIGNATURE));
    }

    @Test
    void missingOrMalformedSignatureIsInvalid() {
        assertFalse(verifier.isValid(ENDED, null));
        assertFalse(verifier.isValid(ENDED, ""));
        assertFalse(verifier.isValid(ENDED, ENDED_SIGNATURE.substring(1)));
    }

    @Test
    void gzippedBodyIsVerifiedUncompressed() throws IOException {
        byte[] compressed = gzip(ENDED);

        assertTrue(verifier.isValid(compressed, ENDED_SIGNATURE));
        assertArrayEquals(ENDED, verifier.decodeBody(compressed));
    }

    @Test
    void plainBodyIsDecodedAsItIs() {
        assertArrayEquals(ENDED, verifier.decodeBody(ENDED));
    }

    @Test
    void corruptGzipIsRefusedAndNeverValid() {
        byte[] corrupt = {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};

        assertEquals(400, ErrorMapper.status(assertThrows(Refusal.class, () -> verifier.decodeBody(corrupt)).kind()));
        assertFalse(verifier.isValid(corrupt, ENDED_SIGNATURE));
    }

    @Test
    void gzipExpandingPastTheLimitIsRefused() throws IOException {
        byte[] bomb = gzip(new byte[StreamWebhookVerifier.MAX_DECODED_BYTES + 1]);

        assertEquals(413, ErrorMapper.status(assertThrows(Refusal.class, () -> verifier.decodeBody(bomb)).kind()));
    }

    @Test
    void signHelperReproducesTheVector() {
        assertEquals(ENDED_SIGNATURE, StreamWebhookVerifier.sign(ENDED, SECRET));
    }

    private static StreamWebhookVerifier verifier(String secret) {
        Settings settings = Settings.of(Map.of("STREAM_API_KEY", "k", "STREAM_API_SECRET", secret));
        return new StreamWebhookVerifier(new EnvStreamCredentials(settings));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
