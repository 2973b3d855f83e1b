package dev.moduo.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shape check OpenApiTest relies on finds what breaks openapi.yaml's own schemas. */
class JsonSchemaCheckTest {

    private static final OpenApiDocument DOCUMENT = OpenApiDocument.load();
    private static final JsonSchemaCheck CHECK = new JsonSchemaCheck(DOCUMENT);
    private static final Map<String, Object> SESSION = Map.of("$ref", "#/components/schemas/Session");

    private static final String HOST = "{\"_id\":\"6745a1b2c3d4e5f607182930\",\"clerkId\":\"user_a\",\"name\":\"Ada\",\"profileImageUrl\":\"\"}";

    private static String session(String participant, String status, String callId, String createdAt) {
        return "{\"_id\":\"6745a1b2c3d4e5f607182931\",\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\",\"hostId\":" + HOST
                + ",\"participantId\":" + participant + ",\"status\":\"" + status + "\",\"callId\":\"" + callId
                + "\",\"createdAt\":\"" + createdAt + "\",\"updatedAt\":\"2026-11-25T10:05:00.000Z\"}";
    }

    private static List<String> problems(String json) throws Exception {
        JsonNode value = Json.read(json);
        return CHECK.problems(value, SESSION);
    }

    @Test
    void aSessionAsTheContractShowsItConforms() throws Exception {
        assertEquals(List.of(), problems(session("null", "active", "abc-123", "2026-11-25T10:00:00.000Z")));
        assertEquals(List.of(), problems(session(HOST, "completed", "abc-123", "2026-11-25T10:00:00.000Z")));
    }

    @Test
    void aStatusOutsideTheEnumIsFound() throws Exception {
        List<String> problems = problems(session("null", "creating", "abc", "2026-11-25T10:00:00.000Z"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.status")), problems.toString());
    }

    @Test
    void aCallIdStreamWouldRefuseIsFound() throws Exception {
        List<String> problems = problems(session("null", "active", "Has Spaces", "2026-11-25T10:00:00.000Z"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.callId")), problems.toString());
    }

    @Test
    void aTimestampThatIsNotRfc3339IsFound() throws Exception {
        List<String> problems = problems(session("null", "active", "abc", "25/11/2026"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.createdAt")), problems.toString());
    }

    @Test
    void aParticipantThatIsNeitherAUserNorNullIsFound() throws Exception {
        List<String> problems = problems(session("{\"clerkId\":\"user_b\"}", "active", "abc", "2026-11-25T10:00:00.000Z"));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.participantId")), problems.toString());
    }

    @Test
    void aMissingRequiredFieldAndAWrongTypeAreFound() throws Exception {
        List<String> problems = CHECK.problems(Json.read("{\"streamToken\":5}"),
                Map.of("$ref", "#/components/schemas/StreamToken"));
        assertTrue(problems.contains("$: has no apiKey"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("$.streamToken: is NUMBER")), problems.toString());
    }

    @Test
    void anUnknownKeywordIsReportedNotIgnored() {
        assertEquals(List.of("X: oneOf"), CHECK.unsupportedKeywords(Map.of("oneOf", List.of()), "X"));
    }
}
