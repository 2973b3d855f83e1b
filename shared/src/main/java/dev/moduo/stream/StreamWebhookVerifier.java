package dev.moduo.stream;

import dev.moduo.core.Deadline;
import dev.moduo.http.ApiException;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook came from Stream: {@code X-Signature} is the lowercase hex HMAC-SHA256 of the
 * body, keyed with the API secret. A gzip-compressed body is signed uncompressed.
 */
@Singleton
public class StreamWebhookVerifier {

    /** Far above any Stream event; stops a small compressed body from expanding without bound. */
    public static final int MAX_DECODED_BYTES = 10 * 1024 * 1024;
    /** For callers without a deadline of their own; reading the secret is all that can take time. */
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(3);

    private final StreamCredentialsSource credentials;

    public StreamWebhookVerifier(StreamCredentialsSource credentials) {
        this.credentials = credentials;
    }

    public boolean isValid(byte[] rawBody, String xSignatureHeader) {
        return isValid(rawBody, xSignatureHeader, Deadline.after(DEFAULT_BUDGET));
    }

    public boolean isValid(byte[] rawBody, String xSignatureHeader, Deadline deadline) {
        if (rawBody == null || xSignatureHeader == null || xSignatureHeader.isBlank()) {
            return false;
        }
        byte[] body;
        try {
            body = decodeBody(rawBody);
        } catch (ApiException e) {
            return false;
        }
        String expected = sign(body, credentials.current(deadline).apiSecret());
        byte[] given = xSignatureHeader.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // Constant time, so the comparison does not reveal how much of a forged signature was right.
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given);
    }

    /**
     * The body as Stream signed it: uncompressed when it starts with the gzip magic bytes (Stream's
     * SDKs detect compression this way rather than trusting Content-Encoding).
     *
     * @throws ApiException 400 when it is not valid gzip, 413 when it expands past {@link #MAX_DECODED_BYTES}
     */
    public byte[] decodeBody(byte[] raw) {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return raw;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (out.size() + read > MAX_DECODED_BYTES) {
                    throw new ApiException(413, "Webhook body is too large");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badRequest("Webhook body is not valid gzip");
        }
    }

    /** The {@code X-Signature} Stream would send for {@code body}; also lets tests sign fake webhooks. */
    public static String sign(byte[] body, String apiSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
