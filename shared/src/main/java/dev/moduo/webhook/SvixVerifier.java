package dev.moduo.webhook;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.http.ApiException;
import dev.moduo.http.ApiRequest;
import dev.moduo.secrets.SecretValue;
import dev.moduo.secrets.SecretValues;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a delivery came from Clerk's webhook sender, Svix: {@code svix-signature} carries one or
 * more {@code v1,<base64>} HMAC-SHA256 signatures of {@code <svix-id>.<svix-timestamp>.<raw body>},
 * keyed with the base64-decoded endpoint secret ({@code whsec_...}). One matching signature suffices
 * (several appear while a secret is being rotated). A timestamp more than five minutes away from now,
 * in either direction, is refused so that a captured delivery cannot be replayed later.
 */
@Singleton
public class SvixVerifier {

    /** In AWS: the Secrets Manager secret whose SecretString is the endpoint's signing secret. */
    public static final String SECRET_ID_SETTING = "CLERK_WEBHOOK_SECRET_ID";
    /** Outside AWS: the signing secret itself. */
    public static final String SECRET_SETTING = "CLERK_WEBHOOK_SECRET";
    /** Svix's own tolerance ({@code WEBHOOK_TOLERANCE_IN_SECONDS}). */
    public static final long TOLERANCE_SECONDS = 300;
    private static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1";

    private final SecretValue secret;
    private final Clock clock;
    private volatile Key key;

    @Inject
    public SvixVerifier(SecretValues secrets, Clock clock) {
        this(secrets.of(SECRET_ID_SETTING, SECRET_SETTING), clock);
    }

    private SvixVerifier(SecretValue secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** A verifier with a secret of its own, for tests and tools; {@code secret} as the Clerk dashboard shows it. */
    public static SvixVerifier withSecret(String secret, Clock clock) {
        decodeSecret(secret);
        return new SvixVerifier(deadline -> secret, clock);
    }

    /**
     * Verifies the request's Svix headers against its raw body and answers the message id, which stays
     * the same across Svix's retries of one message.
     *
     * @param deadline bounds reading the signing secret (Secrets Manager in AWS, cached)
     * @throws ApiException 400 when a header is missing or malformed, 401 when no signature matches
     *                      or the timestamp is out of tolerance
     */
    public String verify(ApiRequest request, Deadline deadline) {
        String id = required(request, "svix-id");
        String timestamp = required(request, "svix-timestamp");
        String signatures = required(request, "svix-signature");
        verify(id, timestamp, signatures, request.body(), deadline);
        return id;
    }

    public void verify(String id, String timestamp, String signatureHeader, byte[] body, Deadline deadline) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("svix-timestamp must be a whole number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (now - seconds > TOLERANCE_SECONDS) {
            throw ApiException.unauthorized("Webhook timestamp is too old");
        }
        if (seconds - now > TOLERANCE_SECONDS) {
            throw ApiException.unauthorized("Webhook timestamp is too new");
        }
        // Signed over the timestamp exactly as sent, not as re-formatted from the parsed number.
        byte[] expected = mac(key(deadline), id, timestamp, body);
        for (String entry : signatureHeader.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !VERSION.equals(entry.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // Constant time, so response timing does not reveal how much of a forged signature was right.
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw ApiException.unauthorized("No matching webhook signature");
    }

    /** The {@code svix-signature} value Svix would send; lets tests and sample events sign deliveries. */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        return VERSION + "," + Base64.getEncoder().encodeToString(mac(decodeSecret(secret), id, timestamp, body));
    }

    /**
     * The HMAC key: the base64 part of the secret, with or without Svix's {@code whsec_} prefix.
     *
     * @throws IllegalArgumentException when it is not base64 (a configuration error, never the sender's)
     */
    static byte[] decodeSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("The webhook signing secret is empty");
        }
        String encoded = secret.trim();
        if (encoded.startsWith(SECRET_PREFIX)) {
            encoded = encoded.substring(SECRET_PREFIX.length());
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The message never carries the value.
            throw new IllegalArgumentException("The webhook signing secret is not whsec_ followed by base64");
        }
        if (decoded.length == 0) {
            throw new IllegalArgumentException("The webhook signing secret is empty");
        }
        return decoded;
    }

    /**
     * Read on first use, so a missing secret fails the request (500, logged) rather than the function's
     * start; decoded again only when the value read changes (a rotation).
     */
    private byte[] key(Deadline deadline) {
        String value = secret.current(deadline);
        Key current = key;
        if (current == null || !current.secret().equals(value)) {
            try {
                current = new Key(value, decodeSecret(value));
            } catch (IllegalArgumentException e) {
                throw new Settings.InvalidSettingException(SECRET_SETTING, "must be the signing secret shown by Clerk (whsec_...)");
            }
            key = current;
        }
        return current.bytes();
    }

    private record Key(String secret, byte[] bytes) {
        @Override
        public String toString() {
            return "Key[***]";
        }
    }

    private static byte[] mac(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String required(ApiRequest request, String header) {
        String value = request.header(header).orElse(null);
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Missing " + header + " header");
        }
        return value;
    }
}
