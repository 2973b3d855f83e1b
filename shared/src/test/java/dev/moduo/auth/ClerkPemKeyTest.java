package dev.moduo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading CLERK_JWT_KEY, the PEM Clerk's dashboard shows, in the shapes it reaches an environment. */
class ClerkPemKeyTest {

    private static RSAPublicKey key;

    @BeforeAll
    static void generateKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = (RSAPublicKey) generator.generateKeyPair().getPublic();
    }

    @Test
    void multiLinePemIsRead() {
        assertEquals(key, PemPublicKey.parse(pem(key, "\n")));
    }

    @Test
    void pemWithLiteralBackslashNIsRead() {
        assertEquals(key, PemPublicKey.parse(pem(key, "\\n")));
    }

    @Test
    void pemWithWindowsLineEndingsIsRead() {
        assertEquals(key, PemPublicKey.parse(pem(key, "\r\n")));
    }

    @Test
    void base64WithoutArmourIsRead() {
        assertEquals(key, PemPublicKey.parse(Base64.getEncoder().encodeToString(key.getEncoded())));
    }

    @Test
    void pkcs1ArmourIsRefused() {
        String pkcs1 = pem(key, "\n").replace("PUBLIC KEY", "RSA PUBLIC KEY");

        assertThrows(IllegalArgumentException.class, () -> PemPublicKey.parse(pkcs1));
    }

    @Test
    void ellipticCurveKeyIsRefused() throws NoSuchAlgorithmException {
        PublicKey ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();

        assertThrows(IllegalArgumentException.class, () -> PemPublicKey.parse(pem(ec, "\n")));
    }

    @Test
    void truncatedKeyIsRefused() {
        String truncated = pem(key, "\n").substring(0, 200) + "\n-----END PUBLIC KEY-----";

        assertThrows(IllegalArgumentException.class, () -> PemPublicKey.parse(truncated));
    }

    @Test
    void textThatIsNotBase64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PemPublicKey.parse("not a key at all!"));
        assertThrows(IllegalArgumentException.class, () -> PemPublicKey.parse("   "));
    }

    private static String pem(PublicKey publicKey, String newline) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey.getEncoded())
                .replace("\n", newline);
        return "-----BEGIN PUBLIC KEY-----" + newline + body + newline + "-----END PUBLIC KEY-----" + newline;
    }
}
