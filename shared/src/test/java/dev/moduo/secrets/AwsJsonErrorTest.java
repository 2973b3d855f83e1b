package dev.moduo.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AwsJsonErrorTest {

    @Test
    void readsTheTypeInEachShapeAwsSendsIt() {
        assertEquals("ResourceNotFoundException", AwsJsonError.parse(400,
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager can't find the specified secret.\"}", null).type());
        assertEquals("ResourceNotFoundException", AwsJsonError.parse(400,
                "{\"__type\":\"com.amazonaws.secretsmanager#ResourceNotFoundException\",\"Message\":\"x\"}", null).type());
        assertEquals("UnrecognizedClientException", AwsJsonError.parse(400, "",
                "UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/").type());
        assertEquals("HTTP 502", AwsJsonError.parse(502, "<html>Bad Gateway</html>", null).type());
    }

    @Test
    void throttlingAndServerErrorsAreTransientRefusalsAreNot() {
        assertTrue(AwsJsonError.parse(400, "{\"__type\":\"ThrottlingException\"}", null).retriable());
        assertTrue(AwsJsonError.parse(400, "{\"__type\":\"InternalServiceError\"}", null).retriable());
        assertTrue(AwsJsonError.parse(500, "{\"__type\":\"InternalFailure\"}", null).retriable());
        assertTrue(AwsJsonError.parse(503, "", null).retriable());
        assertTrue(AwsJsonError.parse(429, "", null).retriable());
        assertFalse(AwsJsonError.parse(400, "{\"__type\":\"AccessDeniedException\"}", null).retriable());
        assertFalse(AwsJsonError.parse(400, "{\"__type\":\"DecryptionFailure\"}", null).retriable());
        assertFalse(AwsJsonError.parse(400, "{\"__type\":\"InvalidSignatureException\"}", null).retriable());
        assertFalse(AwsJsonError.parse(403, "", null).retriable());
    }
}
