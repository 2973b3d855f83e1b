package dev.moduo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JwksParserTest {

    private static RSAPublicKey key;

    @BeforeAll
    static void generateKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        key = (RSAPublicKey) generator.generateKeyPair().getPublic();
    }

    @Test
    void rsaSigningKeyIsReadByItsKid() throws JwksFetchException {
        String json = "{\"keys\":[" + jwk("ins_1", "\"use\":\"sig\",\"alg\":\"RS256\"") + "]}";

        Map<String, RSAPublicKey> keys = parse(json);

        assertEquals(Map.of("ins_1", key), keys);
    }

    @Test
    void keyWithoutUseOrAlgIsAccepted() throws JwksFetchException {
        assertEquals(Map.of("ins_1", key), parse("{\"keys\":[" + jwk("ins_1", "") + "]}"));
    }

    @Test
    void paddedBase64NumbersAreAccepted() throws JwksFetchException {
        String n = Base64.getUrlEncoder().encodeToString(unsigned(key.getModulus()));
        String json = "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"ins_1\",\"n\":\"" + n + "\",\"e\":\"AQAB\"}]}";

        assertEquals(key, parse(json).get("ins_1"));
    }

    @Test
    void keysThatCannotVerifyRs256AreLeftOut() throws JwksFetchException {
        String json = "{\"keys\":["
                + jwk("ins_ok", "\"use\":\"sig\"") + ","
                + jwk("ins_enc", "\"use\":\"enc\"") + ","
                + jwk("ins_rs512", "\"alg\":\"RS512\"") + ","
                + jwk(null, "") + ","
                + "{\"kty\":\"EC\",\"kid\":\"ins_ec\",\"crv\":\"P-256\",\"x\":\"AQ\",\"y\":\"AQ\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"ins_broken\",\"n\":\"***\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"RSA\",\"kid\":\"ins_no_exponent\",\"n\":\"AQAB\"},"
                + "\"not an object\""
                + "]}";

        assertEquals(Map.of("ins_ok", key), parse(json));
    }

    @Test
    void setWithoutAnyUsableKeyIsAFailure() {
        assertThrows(JwksFetchException.class, () -> parse("{\"keys\":[]}"));
        assertThrows(JwksFetchException.class, () -> parse("{\"keys\":[" + jwk("ins_enc", "\"use\":\"enc\"") + "]}"));
    }

    @Test
    void documentWithoutAKeysArrayIsAFailure() {
        assertThrows(JwksFetchException.class, () -> parse("{\"keys\":{}}"));
        assertThrows(JwksFetchException.class, () -> parse("[]"));
        assertThrows(JwksFetchException.class, () -> parse(""));
    }

    @Test
    void invalidJsonIsAFailure() {
        assertThrows(JwksFetchException.class, () -> parse("<html>Bad gateway</html>"));
    }

    private static Map<String, RSAPublicKey> parse(String json) throws JwksFetchException {
        return JwksParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String jwk(String kid, String extra) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return "{\"kty\":\"RSA\"" + (kid == null ? "" : ",\"kid\":\"" + kid + "\"")
                + ",\"n\":\"" + encoder.encodeToString(unsigned(key.getModulus())) + "\""
                + ",\"e\":\"" + encoder.encodeToString(unsigned(key.getPublicExponent())) + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
