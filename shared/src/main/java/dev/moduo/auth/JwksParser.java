package dev.moduo.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Turns a JSON Web Key Set into the RSA signing keys it publishes, by key id. */
final class JwksParser {

    private JwksParser() {
    }

    /**
     * Keys that cannot sign an RS256 token (other key types, encryption keys, other algorithms, no kid,
     * broken numbers) are left out rather than failing the set, so one odd entry cannot lock everyone out.
     */
    static Map<String, RSAPublicKey> parse(byte[] json) throws JwksFetchException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new JwksFetchException("JWKS is not valid JSON", e);
        }
        JsonNode entries = root == null ? null : root.get("keys");
        if (entries == null || !entries.isArray()) {
            throw new JwksFetchException("JWKS has no \"keys\" array");
        }
        Map<String, RSAPublicKey> keys = new HashMap<>();
        for (JsonNode entry : entries) {
            String kid = text(entry, "kid");
            RSAPublicKey key = rsaSigningKey(entry);
            if (kid != null && key != null) {
                keys.putIfAbsent(kid, key);
            }
        }
        if (keys.isEmpty()) {
            throw new JwksFetchException("JWKS has no RSA signing key with a kid");
        }
        return Map.copyOf(keys);
    }

    private static RSAPublicKey rsaSigningKey(JsonNode entry) {
        String use = text(entry, "use");
        String alg = text(entry, "alg");
        String n = text(entry, "n");
        String e = text(entry, "e");
        if (!"RSA".equals(text(entry, "kty")) || (use != null && !use.equals("sig"))
                || (alg != null && !alg.equals("RS256")) || n == null || e == null) {
            return null;
        }
        try {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            RSAPublicKeySpec spec = new RSAPublicKeySpec(
                    new BigInteger(1, decoder.decode(n)), new BigInteger(1, decoder.decode(e)));
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (IllegalArgumentException | GeneralSecurityException failure) {
            return null;
        }
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
