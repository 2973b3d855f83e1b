package dev.moduo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.Json;
import dev.moduo.metrics.EmbeddedMetrics.Datum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {

    private static final long AT = 1_700_000_000_123L;
    private static final List<List<String>> BY_ROUTE = List.of(List.of("Service", "Route"));

    private static Datum datum(String name, double value, Map<String, String> dimensions, List<List<String>> sets) {
        return new Datum(name, Unit.COUNT, sets, dimensions, value);
    }

    private static Datum byRoute(String name, double value, String route) {
        return datum(name, value, Map.of("Service", "moduo-prod", "Route", route), BY_ROUTE);
    }

    private static ObjectNode logLine() {
        return Json.object().put("level", "INFO").put("function", "CreateSessionFunction").put("requestId", "r-1");
    }

    private static List<ObjectNode> write(List<Datum> data) {
        ObjectNode line = logLine();
        return EmbeddedMetrics.write("Moduo", data, line, EmbeddedMetricsTest::logLine, AT);
    }

    @Test
    void theLogLineBecomesADocumentWithTimestampDirectivesAndTopLevelValues() throws Exception {
        ObjectNode line = logLine();
        List<ObjectNode> documents = EmbeddedMetrics.write("Moduo", List.of(
                new Datum("Duration", Unit.MILLISECONDS, BY_ROUTE, Map.of("Service", "moduo-prod", "Route", "POST /api/sessions"), 12.5),
                byRoute("ServerErrors", 0, "POST /api/sessions")), line, EmbeddedMetricsTest::logLine, AT);

        assertEquals(1, documents.size(), "one invocation, one line");
        assertSame(line, documents.get(0), "the log line itself is the document");
        JsonNode document = Json.read(Json.write(line));
        assertEquals(List.of(), EmfSpec.problems(document));
        assertEquals(AT, document.path("_aws").path("Timestamp").asLong());
        JsonNode directive = document.path("_aws").path("CloudWatchMetrics").path(0);
        assertEquals("Moduo", directive.path("Namespace").asText());
        assertEquals("[[\"Service\",\"Route\"]]", Json.write(directive.path("Dimensions")));
        assertEquals("[{\"Name\":\"Duration\",\"Unit\":\"Milliseconds\"},{\"Name\":\"ServerErrors\",\"Unit\":\"Count\"}]",
                Json.write(directive.path("Metrics")));
        assertEquals("moduo-prod", document.path("Service").asText());
        assertEquals("POST /api/sessions", document.path("Route").asText());
        assertEquals(12.5, document.path("Duration").asDouble());
        assertEquals("r-1", document.path("requestId").asText(), "the log fields stay");
        assertFalse(Json.write(line).contains("\n"), "one line");
    }

    @Test
    void wholeCountsAreWrittenAsIntegers() {
        ObjectNode document = write(List.of(byRoute("ServerErrors", 1, "GET /x"))).get(0);

        assertTrue(document.get("ServerErrors").isIntegralNumber(), document.toString());
    }

    @Test
    void eachDistinctListOfDimensionSetsGetsItsOwnDirective() {
        List<List<String>> twoSets = List.of(List.of("Service", "Operation"), List.of("Service"));
        ObjectNode document = write(List.of(
                byRoute("Duration", 3, "GET /x"),
                datum("StreamFailures", 1, Map.of("Service", "moduo-prod", "Operation", "GetOrCreateCall"), twoSets),
                datum("StreamRequests", 4, Map.of("Service", "moduo-prod"), List.of(List.of("Service"))))).get(0);

        JsonNode directives = document.path("_aws").path("CloudWatchMetrics");
        assertEquals(3, directives.size());
        assertEquals("[[\"Service\",\"Operation\"],[\"Service\"]]", Json.write(directives.path(1).path("Dimensions")));
        List<EmfSpec.Published> published = EmfSpec.published(document);
        assertEquals(4, published.size(), "StreamFailures is published under both of its sets: " + published);
        assertEquals(List.of(), EmfSpec.problems(document));
    }

    @Test
    void aSecondValueOfADimensionGoesToASecondDocument() {
        List<List<String>> byOperation = List.of(List.of("Service", "Operation"));
        List<ObjectNode> documents = write(List.of(
                datum("StreamFailures", 1, Map.of("Service", "moduo-prod", "Operation", "GetOrCreateCall"), byOperation),
                datum("MongoFailures", 1, Map.of("Service", "moduo-prod", "Operation", "find"), byOperation),
                byRoute("Duration", 3, "GET /x")));

        assertEquals(2, documents.size());
        assertEquals("GetOrCreateCall", documents.get(0).path("Operation").asText());
        assertTrue(documents.get(0).has("Duration"), "what fits stays on the log line");
        assertEquals("find", documents.get(1).path("Operation").asText());
        assertEquals(1, documents.get(1).path("MongoFailures").asInt());
        assertEquals("CreateSessionFunction", documents.get(1).path("function").asText(), "the further line says whose it is");
        documents.forEach(document -> assertEquals(List.of(), EmfSpec.problems(document)));
    }

    @Test
    void theSameMetricTwiceGoesToASecondDocument() {
        List<ObjectNode> documents = write(List.of(byRoute("ServerErrors", 1, "GET /x"), byRoute("ServerErrors", 1, "GET /x")));

        assertEquals(2, documents.size());
    }

    @Test
    void aDocumentListsAtMost100Metrics() {
        List<Datum> data = new ArrayList<>();
        IntStream.range(0, 250).forEach(i -> data.add(byRoute("Metric" + i, i, "GET /x")));

        List<ObjectNode> documents = write(data);

        assertEquals(3, documents.size());
        int listed = 0;
        for (ObjectNode document : documents) {
            int inDocument = 0;
            for (JsonNode directive : document.path("_aws").path("CloudWatchMetrics")) {
                inDocument += directive.path("Metrics").size();
            }
            assertTrue(inDocument <= EmbeddedMetrics.MAX_METRICS, "metrics in one document: " + inDocument);
            assertEquals(List.of(), EmfSpec.problems(document));
            listed += inDocument;
        }
        assertEquals(250, listed, "none lost");
    }

    @Test
    void aLineThatIsADocumentAlreadyKeepsItsDirectivesAndItsTimestamp() {
        ObjectNode summary = logLine().put("FunctionName", "stack-Cleanup-1").put("failed", 2);
        ObjectNode aws = summary.putObject("_aws").put("Timestamp", 42L);
        aws.putArray("CloudWatchMetrics").addObject().put("Namespace", "Moduo/Cleanup")
                .set("Dimensions", Json.MAPPER.createArrayNode().add(Json.MAPPER.createArrayNode().add("FunctionName")));
        ((ObjectNode) aws.path("CloudWatchMetrics").path(0)).putArray("Metrics").addObject().put("Name", "failed").put("Unit", "Count");

        List<ObjectNode> documents = EmbeddedMetrics.write("Moduo", List.of(datum("ColdStart", 1,
                Map.of("Service", "moduo-prod", "Function", "CleanupStaleSessionsFunction"), List.of(List.of("Service", "Function")))),
                summary, EmbeddedMetricsTest::logLine, AT);

        assertEquals(1, documents.size());
        JsonNode directives = summary.path("_aws").path("CloudWatchMetrics");
        assertEquals(2, directives.size());
        assertEquals("Moduo/Cleanup", directives.path(0).path("Namespace").asText());
        assertEquals("Moduo", directives.path(1).path("Namespace").asText());
        assertEquals(42L, summary.path("_aws").path("Timestamp").asLong());
        assertEquals(List.of(), EmfSpec.problems(summary));
    }

    @Test
    void aDimensionTheLineHoldsWithAnotherValueIsNotOverwritten() {
        ObjectNode line = logLine().put("Route", "GET /mine");

        List<ObjectNode> documents = EmbeddedMetrics.write("Moduo", List.of(byRoute("Duration", 1, "GET /other")),
                line, EmbeddedMetricsTest::logLine, AT);

        assertEquals("GET /mine", line.path("Route").asText());
        assertFalse(line.has("_aws"));
        assertEquals("GET /other", documents.get(1).path("Route").asText());
    }

    @Test
    void withoutDataTheLineIsLeftAsItIs() {
        ObjectNode line = logLine();
        String before = Json.write(line);

        List<ObjectNode> documents = EmbeddedMetrics.write("Moduo", List.of(), line, EmbeddedMetricsTest::logLine, AT);

        assertEquals(List.of(line), documents);
        assertEquals(before, Json.write(line));
    }

    @Test
    void aValueThatIsNotAFiniteNumberIsLeftOut() {
        ObjectNode document = write(List.of(byRoute("Duration", Double.NaN, "GET /x"), byRoute("Other", 1, "GET /x"))).get(0);

        assertFalse(document.has("Duration"));
        assertEquals(List.of(), EmfSpec.problems(document));
    }

    @Test
    void dimensionValuesAreMadeWhatCloudWatchAccepts() {
        assertEquals("none", EmbeddedMetrics.dimensionValue(null));
        assertEquals("none", EmbeddedMetrics.dimensionValue(" "));
        assertEquals("GET /caf?", EmbeddedMetrics.dimensionValue("GET /café"));
        assertEquals("a?b", EmbeddedMetrics.dimensionValue("a\nb"));
        assertEquals(1024, EmbeddedMetrics.dimensionValue("x".repeat(5000)).length());

        ObjectNode document = write(List.of(byRoute("Duration", 1, "GET /caf\u00e9\n"))).get(0);
        assertEquals(List.of(), EmfSpec.problems(document));
    }

    @Test
    void aDimensionSetOfMoreThan30KeysIsRefused() {
        Map<String, String> dimensions = new HashMap<>();
        List<String> keys = new ArrayList<>();
        IntStream.range(0, 31).forEach(i -> {
            keys.add("D" + i);
            dimensions.put("D" + i, "v");
        });

        assertThrows(IllegalArgumentException.class, () -> datum("M", 1, dimensions, List.of(keys)));
        datum("M", 1, dimensions, List.of(keys.subList(0, 30)));
    }

    @Test
    void aDimensionWithoutValueOrANameCloudWatchRefusesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> datum("M", 1, Map.of("Service", "x"), List.of(List.of("Route"))));
        assertThrows(IllegalArgumentException.class, () -> datum("", 1, Map.of(), List.of(List.of())));
        assertThrows(IllegalArgumentException.class, () -> datum("x".repeat(256), 1, Map.of(), List.of(List.of())));
        assertThrows(IllegalArgumentException.class, () -> datum("M", 1, Map.of(":a", "x"), List.of(List.of(":a"))));
    }

    @Test
    void everyUnitIsOneCloudWatchKnows() {
        for (Unit unit : Unit.values()) {
            assertTrue(EmfSpec.UNITS.matcher(unit.cloudWatchName()).matches(), unit.cloudWatchName());
        }
        assertEquals(27, Unit.values().length, "CloudWatch's list has 27 units");
    }
}
