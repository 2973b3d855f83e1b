package dev.moduo.functions.cleanup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.cleanup.CleanupMetrics;
import dev.moduo.cleanup.CleanupSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** The operations side of template.yaml: the cleanup's schedule, limits and dead letters, and alarms for every function. */
class TemplateTest {

    private static Map<String, Object> resources;
    private static Map<String, Object> parameters;
    private static Map<String, Object> globalFunction;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("../template.yaml"))) {
            Map<String, Object> template = new Yaml(new CloudFormationConstructor()).load(reader);
            resources = (Map<String, Object>) template.get("Resources");
            parameters = (Map<String, Object>) template.get("Parameters");
            globalFunction = map(template, "Globals", "Function");
        }
    }

    /** Reads CloudFormation's short-form tags ({@code !Ref X}) as one-key maps ({@code {Ref: X}}). */
    static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = constructScalar(scalar);
                    } else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    return Map.of(tag, value);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String... path) {
        Object current = value;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }

    private static Map<String, Object> properties(String logicalId) {
        return map(resources, logicalId, "Properties");
    }

    private static List<String> functions() {
        List<String> functions = new ArrayList<>();
        resources.forEach((id, resource) -> {
            if ("AWS::Serverless::Function".equals(map(resource).get("Type"))) {
                functions.add(id);
            }
        });
        return functions;
    }

    private static boolean hasLambdaAlarm(String function, String metric) {
        return resources.values().stream()
                .filter(resource -> "AWS::CloudWatch::Alarm".equals(map(resource).get("Type")))
                .map(resource -> map(resource, "Properties"))
                .anyMatch(alarm -> "AWS/Lambda".equals(alarm.get("Namespace")) && metric.equals(alarm.get("MetricName"))
                        && alarm.get("Dimensions").equals(List.of(Map.of("Name", "FunctionName",
                                "Value", Map.of("Ref", function)))));
    }

    @Test
    void everyFunctionHasAnErrorsAndAThrottlesAlarm() {
        assertTrue(functions().size() >= 7, "functions found: " + functions());
        for (String function : functions()) {
            assertTrue(hasLambdaAlarm(function, "Errors"), function + " has no Errors alarm");
            assertTrue(hasLambdaAlarm(function, "Throttles"), function + " has no Throttles alarm");
        }
    }

    @Test
    void cleanupFunctionRunsThisHandlerOnASchedule() {
        Map<String, Object> cleanup = properties("CleanupStaleSessionsFunction");
        assertEquals(CleanupStaleSessionsFunction.class.getName(), cleanup.get("Handler"));
        // Its code is the one functions jar every function shares, from Globals.
        assertEquals(null, cleanup.get("CodeUri"));
        assertEquals("functions/target/moduo-functions.jar", globalFunction.get("CodeUri"));
        // Leases keep overlapping runs correct, so concurrency is reserved only when CleanupReservedConcurrency asks.
        assertEquals(Map.of("If", List.of("HasCleanupReservation", Map.of("Ref", "CleanupReservedConcurrency"),
                Map.of("Ref", "AWS::NoValue"))), cleanup.get("ReservedConcurrentExecutions"));
        int timeout = (Integer) cleanup.get("Timeout");
        assertTrue(Duration.ofSeconds(timeout).compareTo(CleanupSettings.DEFAULT_SESSION_BUDGET
                .plus(CleanupStaleSessionsFunction.TIMEOUT_RESERVE)) > 0, "the timeout leaves room for a session");
        Map<String, Object> schedule = map(cleanup, "Events", "Schedule");
        assertEquals("Schedule", schedule.get("Type"));
        assertEquals(Map.of("Ref", "CleanupSchedule"), map(schedule, "Properties").get("Schedule"));
        assertEquals("rate(10 minutes)", map(parameters, "CleanupSchedule").get("Default"));
        Map<String, Object> variables = map(cleanup, "Environment", "Variables");
        assertEquals(Map.of("Ref", "StaleSessionAfter"), variables.get(CleanupSettings.STALE_SESSION_AFTER));
        assertEquals(Map.of("Ref", "StreamSecretArn"), variables.get("STREAM_SECRET_ID"));
        assertEquals(CleanupSettings.DEFAULT_STALE_AFTER,
                Duration.parse((String) map(parameters, "StaleSessionAfter").get("Default")));
    }

    @Test
    void failedScheduledRunsEndInADeadLetterQueueThatIsWatched() {
        Map<String, Object> cleanup = properties("CleanupStaleSessionsFunction");
        Map<String, Object> deadLetters = map(cleanup, "Events", "Schedule", "Properties", "DeadLetterConfig");
        String queue = ((String) map(deadLetters, "Arn").get("GetAtt")).replaceFirst("\\.Arn$", "");
        assertEquals("AWS::SQS::Queue", map(resources, queue).get("Type"));
        Map<String, Object> onFailure = map(cleanup, "EventInvokeConfig", "DestinationConfig", "OnFailure");
        assertEquals(Map.of("GetAtt", queue + ".Arn"), onFailure.get("Destination"));
        Map<String, Object> alarm = properties("CleanupDeadLetterAlarm");
        assertEquals("AWS/SQS", alarm.get("Namespace"));
        assertEquals(List.of(Map.of("Name", "QueueName", "Value", Map.of("GetAtt", queue + ".QueueName"))),
                alarm.get("Dimensions"));
    }

    @Test
    void cleanupFailuresAlarmWatchesTheMetricTheSummaryLineEmits() {
        Map<String, Object> alarm = properties("CleanupFailuresAlarm");
        assertEquals(CleanupMetrics.NAMESPACE, alarm.get("Namespace"));
        assertEquals("failed", alarm.get("MetricName"));
        assertTrue(CleanupMetrics.METRICS.contains("failed"));
        assertEquals(List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", "CleanupStaleSessionsFunction"))),
                alarm.get("Dimensions"));
        assertEquals(0, alarm.get("Threshold"));
        assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
    }

    @Test
    void everyFunctionHasItsLogGroup() {
        for (String function : functions()) {
            Object logGroup = map(properties(function), "LoggingConfig").get("LogGroup");
            Object group = logGroup instanceof Map<?, ?> ref ? resources.get(String.valueOf(ref.get("Ref"))) : null;
            assertTrue(group != null && "AWS::Logs::LogGroup".equals(map(group).get("Type")),
                    function + " does not log to a log group of the template (LoggingConfig.LogGroup)");
        }
        assertFalse(functions().isEmpty());
    }
}
