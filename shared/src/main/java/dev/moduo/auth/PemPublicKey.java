package dev.moduo.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads the "JWKS Public Key" Clerk's dashboard shows: an RSA key in PEM, SubjectPublicKeyInfo form. */
final class PemPublicKey {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    static final String EXPECTED = "must be an RSA public key in PEM form (-----BEGIN PUBLIC KEY-----)";

    private PemPublicKey() {
    }

    static RSAPublicKey parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(EXPECTED);
        }
        // Environment variables often carry the PEM on one line with literal "\n" sequences.
        String text = pem.replace("\\r", "").replace("\\n", "\n").trim();
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            text = text.substring(begin + BEGIN.length(), end);
        } else if (text.contains("-----")) {
            // Another armour (PKCS#1 "RSA PUBLIC KEY", a certificate, a private key) is not what Clerk gives.
            throw new IllegalArgumentException(EXPECTED);
        }
        PublicKey key;
        try {
            byte[] der = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException(EXPECTED, e);
        }
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException(EXPECTED);
        }
        return rsa;
    }
}
