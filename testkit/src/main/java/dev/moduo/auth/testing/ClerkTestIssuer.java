package dev.moduo.auth.testing;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.moduo.testkit.TestJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a Clerk instance in tests: it holds RSA key pairs, publishes them as a JWKS on a local
 * HTTP port and mints session tokens shaped like Clerk's (v2 claims, session-token category). Tokens can be
 * bent in any way an attacker could bend them, through {@link #tokenFor(String)}; the other classes of JWT
 * Clerk signs with the same key come from {@link #templateTokenFor(String)} and {@link #machineTokenFor(String)}.
 *
 * <pre>{@code
 * try (ClerkTestIssuer clerk = new ClerkTestIssuer()) {
 *     Settings settings = Settings.of(Map.of("CLERK_JWKS_URL", clerk.jwksUrl(),
 *             "CLERK_AUTHORIZED_PARTIES", ClerkTestIssuer.AUTHORIZED_PARTY));
 *     String token = clerk.token("user_123");
 * }
 * }</pre>
 */
public final class ClerkTestIssuer implements AutoCloseable {

    /** The {@code azp} of minted tokens: the web client's dev-server origin. */
    public static final String AUTHORIZED_PARTY = "http://localhost:5173";
    public static final String ISSUER = "https://moduo-test.clerk.accounts.dev";
    public static final Duration LIFETIME = Duration.ofSeconds(60);
    /** Clerk sets {@code nbf} this far before {@code iat} (its "allowed clock skew"). */
    public static final Duration NOT_BEFORE_LEEWAY = Duration.ofSeconds(5);
    public static final String JWKS_PATH = "/.well-known/jwks.json";

    // Clerk's token-category tags, header "cat" (clerk/javascript packages/backend/src/tokens/jwtCategories.ts,
    // "kept in sync with clerk_go"): one per class of JWT its instance key signs.
    /** The {@code cat} of session tokens (and handshake tokens). */
    public static final String SESSION_TOKEN_CATEGORY = "cl_B7d4PD111AAA";
    /** The {@code cat} of tokens made from a JWT template ({@code getToken({template})}). */
    public static final String JWT_TEMPLATE_CATEGORY = "cl_B7d4PD222AAA";
    /** The {@code cat} of machine-to-machine JWTs ({@code sub: mch_...}). */
    public static final String M2M_TOKEN_CATEGORY = "cl_B7d4PD333AAA";
    /** Stamped on every class by instances configured to ignore categories: it says nothing. */
    public static final String IGNORED_CATEGORY = "cl_I7d4PD111III";

    // Key pairs of closed issuers, handed to later ones: a 2048-bit pair takes a few hundred ms to make,
    // which over a test suite of fresh issuers adds up. Open issuers never share a pair.
    private static final Deque<KeyPair> RECYCLED_KEY_PAIRS = new ArrayDeque<>();

    private final HttpServer server;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger keyCounter = new AtomicInteger();
    // Every key pair ever made, in order; the JWKS publishes those not unpublished. Guarded by this.
    private final Map<String, KeyPair> keyPairs = new LinkedHashMap<>();
    private final Set<String> unpublished = new HashSet<>();
    private String currentKid;
    private volatile int jwksStatus = 200;
    private boolean closed;

    public ClerkTestIssuer() {
        rotate();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the JWKS server", e);
        }
        server.createContext(JWKS_PATH, this::serveJwks);
        server.start();
    }

    /** The URL to set as {@code CLERK_JWKS_URL}. */
    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + JWKS_PATH;
    }

    /** How many times the JWKS has been requested, whatever was answered. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** Makes the JWKS endpoint answer {@code status} with no keys (200 restores normal answers). */
    public void jwksStatus(int status) {
        this.jwksStatus = status;
    }

    /** The kid of the key new tokens are signed with. */
    public synchronized String kid() {
        return currentKid;
    }

    public synchronized RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPairs.get(currentKid).getPublic();
    }

    public synchronized RSAPrivateKey privateKey() {
        return (RSAPrivateKey) keyPairs.get(currentKid).getPrivate();
    }

    /** The current public key as Clerk's dashboard shows it, for {@code CLERK_JWT_KEY}. */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * Switches to a new key pair with a new kid, as Clerk does on rotation. The previous keys stay in the
     * JWKS (tokens signed before the rotation are still valid) until {@link #unpublish(String)}.
     *
     * @return the new kid
     */
    public synchronized String rotate() {
        String kid = "ins_test_" + keyCounter.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
        keyPairs.put(kid, takeKeyPair());
        currentKid = kid;
        return kid;
    }

    /**
     * Removes a key from the JWKS, as Clerk withdraws a key. The issuer still signs with it if it is the
     * current one, which is how a test gets a token signed by a withdrawn key.
     */
    public synchronized void unpublish(String kid) {
        unpublished.add(kid);
    }

    /** A valid session token for {@code userId}, signed with the current key. */
    public String token(String userId) {
        return tokenFor(userId).build();
    }

    /** A token builder, preset with the claims of a valid session token for {@code userId}. */
    public TokenBuilder tokenFor(String userId) {
        return new TokenBuilder(userId);
    }

    /**
     * A token made from a JWT template for {@code userId}: signed by the same key and valid for its
     * lifetime, but tagged with the template category and without a session ({@code sid}, {@code sts}),
     * as in clerk/javascript's SEC-340 regression test (tokens/__tests__/request.test.ts).
     */
    public TokenBuilder templateTokenFor(String userId) {
        return new TokenBuilder(userId).category(JWT_TEMPLATE_CATEGORY).withoutClaim("sid").withoutClaim("sts")
                .withoutClaim("v").withoutClaim("fva");
    }

    /**
     * A machine-to-machine JWT of machine {@code machineId} ({@code mch_...}), shaped like
     * clerk/javascript's {@code mockM2MJwtPayload} (packages/backend/src/fixtures/index.ts): the M2M
     * category, {@code aud} and {@code scopes} naming machines, a {@code mt_} jti, no session or origin.
     */
    public TokenBuilder machineTokenFor(String machineId) {
        String jti = "mt_" + UUID.randomUUID().toString().replace("-", "");
        return new TokenBuilder(machineId).category(M2M_TOKEN_CATEGORY)
                .withoutClaim("azp").withoutClaim("sid").withoutClaim("sts").withoutClaim("v").withoutClaim("fva")
                .claim("aud", List.of(machineId)).claim("scopes", machineId).claim("jti", jti);
    }

    /**
     * Stops the JWKS server. The key pairs may then be reused by issuers created later in the same JVM,
     * so a token minted by a closed issuer must not be expected to fail against a newer one.
     */
    @Override
    public void close() {
        List<KeyPair> pairs;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pairs = List.copyOf(keyPairs.values());
        }
        server.stop(0);
        synchronized (RECYCLED_KEY_PAIRS) {
            RECYCLED_KEY_PAIRS.addAll(pairs);
        }
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        jwksFetches.incrementAndGet();
        int status = jwksStatus;
        byte[] body = (status == 200 ? jwksJson() : "{\"error\":\"unavailable\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private synchronized String jwksJson() {
        List<Map<String, String>> keys = new ArrayList<>();
        keyPairs.forEach((kid, pair) -> {
            if (unpublished.contains(kid)) {
                return;
            }
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            Map<String, String> jwk = new LinkedHashMap<>();
            jwk.put("use", "sig");
            jwk.put("kty", "RSA");
            jwk.put("kid", kid);
            jwk.put("alg", "RS256");
            jwk.put("n", unsignedBase64Url(key.getModulus()));
            jwk.put("e", unsignedBase64Url(key.getPublicExponent()));
            keys.add(jwk);
        });
        return json(Map.of("keys", keys));
    }

    private synchronized KeyPair signingPair() {
        return keyPairs.get(currentKid);
    }

    private static String unsignedBase64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        // BigInteger adds a leading zero byte for the sign; JWK numbers are unsigned.
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair takeKeyPair() {
        synchronized (RECYCLED_KEY_PAIRS) {
            KeyPair recycled = RECYCLED_KEY_PAIRS.poll();
            if (recycled != null) {
                return recycled;
            }
        }
        return newKeyPair();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is always available in the JDK", e);
        }
    }

    private static String json(Object value) {
        try {
            return TestJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write test token JSON", e);
        }
    }

    /** Builds one token. Setting a claim or header to null removes it. */
    public final class TokenBuilder {

        private final Map<String, Object> header = new LinkedHashMap<>();
        private final Map<String, Object> claims = new LinkedHashMap<>();
        private Algorithm algorithm;

        private TokenBuilder(String userId) {
            header.put("alg", "RS256");
            header.put("kid", ClerkTestIssuer.this.kid());
            header.put("typ", "JWT");
            // INFERENCE: Clerk tags session tokens so (jwtCategories.ts names the tag and says handshake
            // tokens are "minted with the session-token category too"); tokens minted before the
            // rollout carry no cat, which header("cat", null) gives.
            header.put("cat", SESSION_TOKEN_CATEGORY);
            claims.put("azp", AUTHORIZED_PARTY);
            claims.put("iss", ISSUER);
            claims.put("sid", "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
            claims.put("sub", userId);
            claims.put("v", 2);
            claims.put("sts", "active");
            claims.put("fva", List.of(0, -1));
            claims.put("jti", UUID.randomUUID().toString().replace("-", "").substring(0, 20));
            issuedAt(Instant.now());
        }

        /** Sets any payload claim; a null value removes it. */
        public TokenBuilder claim(String name, Object value) {
            put(claims, name, value);
            return this;
        }

        public TokenBuilder withoutClaim(String name) {
            claims.remove(name);
            return this;
        }

        /** Sets any header parameter ({@code alg}, {@code typ}, {@code kid}, ...); a null value removes it. */
        public TokenBuilder header(String name, Object value) {
            put(header, name, value);
            return this;
        }

        public TokenBuilder kid(String kid) {
            return header("kid", kid);
        }

        /** The header's {@code cat}, Clerk's token category; null removes it. */
        public TokenBuilder category(String category) {
            return header("cat", category);
        }

        public TokenBuilder subject(String userId) {
            return claim("sub", userId);
        }

        public TokenBuilder sessionId(String sessionId) {
            return claim("sid", sessionId);
        }

        public TokenBuilder authorizedParty(String origin) {
            return claim("azp", origin);
        }

        public TokenBuilder sessionStatus(String status) {
            return claim("sts", status);
        }

        /** Sets {@code iat}, and {@code nbf} and {@code exp} relative to it as Clerk does. */
        public TokenBuilder issuedAt(Instant issuedAt) {
            claims.put("iat", issuedAt.getEpochSecond());
            claims.put("nbf", issuedAt.minus(NOT_BEFORE_LEEWAY).getEpochSecond());
            claims.put("exp", issuedAt.plus(LIFETIME).getEpochSecond());
            return this;
        }

        public TokenBuilder notBefore(Instant notBefore) {
            return claim("nbf", notBefore.getEpochSecond());
        }

        public TokenBuilder expiresAt(Instant expiresAt) {
            return claim("exp", expiresAt.getEpochSecond());
        }

        /**
         * Signs with {@code algorithm} instead of RS256 with the current key (e.g. another key pair,
         * {@code Algorithm.RSA384(...)} or an HMAC key). The header's {@code alg} follows the algorithm
         * unless {@link #header(String, Object)} set it afterwards.
         */
        public TokenBuilder signedWith(Algorithm algorithm) {
            this.algorithm = algorithm;
            header.put("alg", algorithm.getName());
            return this;
        }

        public String build() {
            KeyPair pair = signingPair();
            Algorithm signer = algorithm != null ? algorithm
                    : Algorithm.RSA256((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            String headerPart = encoder.encodeToString(json(header).getBytes(StandardCharsets.UTF_8));
            String payloadPart = encoder.encodeToString(json(claims).getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign(headerPart.getBytes(StandardCharsets.UTF_8),
                    payloadPart.getBytes(StandardCharsets.UTF_8));
            return headerPart + "." + payloadPart + "." + encoder.encodeToString(signature);
        }

        private void put(Map<String, Object> target, String name, Object value) {
            if (value == null) {
                target.remove(name);
            } else {
                target.put(name, value);
            }
        }
    }
}
