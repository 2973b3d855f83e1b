package dev.moduo.functions.metrics;

import static dev.moduo.testing.FunctionTestEnvironment.lambdaContext;
import static dev.moduo.testing.FunctionTestEnvironment.withBody;
import static dev.moduo.testing.FunctionTestEnvironment.withSessionId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moduo.core.EventLog;
import dev.moduo.core.Json;
import dev.moduo.functions.cleanup.CleanupStaleSessionsFunction;
import dev.moduo.functions.clerkwebhook.ClerkWebhookFunction;
import dev.moduo.functions.create.CreateSessionFunction;
import dev.moduo.functions.end.EndSessionFunction;
import dev.moduo.functions.get.GetSessionFunction;
import dev.moduo.functions.join.JoinSessionFunction;
import dev.moduo.functions.list.ListSessionsFunction;
import dev.moduo.functions.recordings.SessionRecordingsFunction;
import dev.moduo.functions.report.SessionReportFunction;
import dev.moduo.functions.streamwebhook.StreamWebhookFunction;
import dev.moduo.functions.token.StreamTokenFunction;
import dev.moduo.lambda.ApiFunction;
import dev.moduo.metrics.EmfSpec;
import dev.moduo.metrics.EmfSpec.Published;
import dev.moduo.metrics.InvocationMetrics;
import dev.moduo.metrics.Metric;
import dev.moduo.stream.testing.Fault;
import dev.moduo.testing.FunctionTestEnvironment;
import dev.moduo.webhook.SvixVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
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

/**
 * The metrics the dashboard and the alarms of template.yaml show are the ones the functions write. Every
 * function runs through its handler (MongoDB, the Stream stand-in, signed tokens and webhooks, as in their own
 * tests) along the paths that emit each metric: an interview from create to report, a Stream outage, MongoDB
 * stopped, each kind of webhook delivery, the cleanup. The lines they write are read back as CloudWatch would
 * read them, and compared with the dashboard, the alarms and README's table of metrics.
 */
class DashboardMetricsTest {

    private static final String STACK = "moduo-test";
    private static final String CLEANUP_NAME = "moduo-test-CleanupStaleSessionsFunction-AbC123";
    private static final String API_ID = "a1b2c3";
    private static final Set<String> OURS = Set.of(InvocationMetrics.NAMESPACE, "Moduo/Cleanup");

    private static FunctionTestEnvironment env;
    /** Every line the functions wrote, and among them the metric documents. */
    private static final List<JsonNode> LINES = new ArrayList<>();
    private static final List<JsonNode> DOCUMENTS = new ArrayList<>();
    private static int invocations;
    private static Map<String, Object> resources;

    @BeforeAll
    static void runEveryFunction() throws IOException {
        env = new FunctionTestEnvironment().set(InvocationMetrics.SERVICE_SETTING, STACK).set("RECORDING", "on");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        EventLog.redirectForTests(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runTheScenario();
        } finally {
            EventLog.redirectForTests(original);
        }
        for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (text.startsWith("{")) {
                JsonNode line = Json.read(text);
                LINES.add(line);
                if (EmfSpec.isDocument(line)) {
                    DOCUMENTS.add(line);
                }
            }
        }
        try (Reader reader = Files.newBufferedReader(Path.of("../template.yaml"))) {
            Map<String, Object> template = new Yaml(new CloudFormationTags()).load(reader);
            resources = map(template.get("Resources"));
        }
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    // --- the scenario

    private static <F extends ApiFunction> APIGatewayV2HTTPResponse call(F function, APIGatewayV2HTTPEvent event) {
        invocations++;
        return function.handleRequest(event, lambdaContext(function.getClass().getSimpleName()));
    }

    private static <F extends ApiFunction> F function(Function<io.micronaut.context.ApplicationContext, F> constructor) {
        return env.function(constructor);
    }

    private static String id(APIGatewayV2HTTPResponse response) {
        return FunctionTestEnvironment.body(response).path("session").path("_id").asText();
    }

    private static APIGatewayV2HTTPEvent newSession(String userId) {
        return withBody(env.eventAs("create-session.json", userId), "{\"problemTitle\":\"Two Sum\",\"difficulty\":\"easy\"}");
    }

    private static void expect(int status, APIGatewayV2HTTPResponse response) {
        assertEquals(status, response.getStatusCode(), response.getBody());
    }

    private static void runTheScenario() {
        CreateSessionFunction create = function(CreateSessionFunction::new);
        JoinSessionFunction join = function(JoinSessionFunction::new);
        StreamTokenFunction token = function(StreamTokenFunction::new);
        GetSessionFunction get = function(GetSessionFunction::new);
        ListSessionsFunction list = function(ListSessionsFunction::new);
        EndSessionFunction end = function(EndSessionFunction::new);
        SessionReportFunction report = function(SessionReportFunction::new);
        SessionRecordingsFunction recordings = function(SessionRecordingsFunction::new);
        StreamWebhookFunction streamWebhook = function(StreamWebhookFunction::new);
        ClerkWebhookFunction clerkWebhook = function(ClerkWebhookFunction::new);
        try {
            // An interview, from create to report; the second create is a warm invocation.
            String interview = id(call(create, newSession("user_host")));
            expect(201, call(create, newSession("user_host")));
            expect(200, call(join, withSessionId(env.eventAs("join-session.json", "user_guest"), interview)));
            expect(200, call(token, env.eventAs("stream-token.json", "user_guest")));
            expect(200, call(get, withSessionId(env.eventAs("get-session.json", "user_guest"), interview)));
            // The host records a part of it.
            String callId = FunctionTestEnvironment.body(call(get, withSessionId(env.eventAs("get-session.json", "user_host"),
                    interview))).path("session").path("callId").asText();
            env.stream().connectParticipant(callId, "user_host", "host-in-call");
            expect(202, call(recordings, withSessionId(env.eventAs("start-recording.json", "user_host"), interview)));
            expect(202, call(recordings, withSessionId(env.eventAs("stop-recording.json", "user_host"), interview)));
            expect(200, call(recordings, withSessionId(env.eventAs("list-recordings.json", "user_guest"), interview)));
            expect(200, call(list, env.eventAs("list-active-sessions.json", "user_guest")));
            expect(200, call(list, env.eventAs("list-recent-sessions.json", "user_guest")));
            expect(200, call(end, withSessionId(env.eventAs("end-session.json", "user_host"), interview)));
            expect(200, call(report, withSessionId(env.eventAs("session-report.json", "user_host"), interview)));

            // Stream down while a session is created.
            env.stream().failNext("GetOrCreateCall", Fault.unavailable(), 100);
            expect(503, call(create, newSession("user_unlucky")));
            env.stream().clearFaults();

            // Stream's webhook: a call ended by Stream, the same delivery again, a type Moduo ignores, a forged
            // signature, a signed body that is no event.
            String endedByStream = env.seedSession("user_stream_host", "Valid Anagram").callId();
            String callEnded = Json.write(Json.object().put("type", "call.ended").put("call_cid", "default:" + endedByStream)
                    .put("created_at", "2026-11-26T11:00:00.000000000Z").set("call", Json.object()
                            .put("type", "default").put("id", endedByStream).put("cid", "default:" + endedByStream)));
            expect(200, call(streamWebhook, env.streamWebhook(callEnded, "delivery-1")));
            expect(200, call(streamWebhook, env.streamWebhook(callEnded, "delivery-1")));
            expect(200, call(streamWebhook, env.streamWebhook("{\"type\":\"channel.created\"}", "delivery-2")));
            APIGatewayV2HTTPEvent forged = env.streamWebhook(callEnded, "delivery-3");
            forged.getHeaders().put("x-signature", "0".repeat(64));
            expect(401, call(streamWebhook, forged));
            expect(400, call(streamWebhook, env.streamWebhook("[1, 2, 3]", "delivery-4")));

            // Clerk's webhook: a host whose account is deleted while hosting.
            env.seedSession("user_leaving", "Climbing Stairs");
            expect(200, call(clerkWebhook, clerkDelivery(Json.object().put("object", "event").put("type", "user.deleted")
                    .put("timestamp", 1795687300000L).put("instance_id", "ins_test")
                    .set("data", Json.object().put("id", "user_leaving").put("object", "user").put("deleted", true)))));

            // A session nobody uses, for the cleanup below (seeded now: the seeding client does not outlive the stop).
            env.seedSession("user_gone", "Merge Intervals");

            // MongoDB stopped under a request.
            env.mongo().stop();
            try {
                expect(503, call(get, withSessionId(env.eventAs("get-session.json", "user_guest"), interview)));
            } finally {
                env.mongo().restart();
            }
        } finally {
            for (ApiFunction function : List.of(create, join, token, get, list, end, report, recordings, streamWebhook, clerkWebhook)) {
                function.close();
            }
        }

        // The scheduled cleanup, hours later: it ends the sessions nobody used.
        env.set("AWS_LAMBDA_FUNCTION_NAME", CLEANUP_NAME);
        CleanupStaleSessionsFunction cleanup = new CleanupStaleSessionsFunction(env.newContextLater(Duration.ofHours(3)));
        try {
            invocations++;
            Map<String, Object> summary = cleanup.handleRequest(new HashMap<>(), lambdaContext("CleanupStaleSessionsFunction"));
            assertTrue(((Number) summary.get("ended")).intValue() >= 1, summary.toString());
        } finally {
            cleanup.close();
        }
    }

    private static APIGatewayV2HTTPEvent clerkDelivery(ObjectNode event) {
        String body = Json.write(event);
        APIGatewayV2HTTPEvent delivery = FunctionTestEnvironment.event("clerk-webhook.json");
        Map<String, String> headers = new HashMap<>(delivery.getHeaders());
        String id = "msg_metrics_" + Integer.toHexString(body.hashCode());
        String seconds = Long.toString(Instant.now().getEpochSecond());
        headers.put("svix-id", id);
        headers.put("svix-timestamp", seconds);
        headers.put("svix-signature", SvixVerifier.sign(FunctionTestEnvironment.CLERK_WEBHOOK_SECRET, id, seconds,
                body.getBytes(StandardCharsets.UTF_8)));
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        delivery.setHeaders(headers);
        delivery.setBody(body);
        return delivery;
    }

    // --- what was emitted

    private static List<Published> emitted() {
        return DOCUMENTS.stream().flatMap(document -> EmfSpec.published(document).stream()).toList();
    }

    private static Set<String> emittedShapes() {
        return emitted().stream().map(Published::shape).collect(Collectors.toCollection(TreeSet::new));
    }

    // --- what the template references

    /** A metric as a dashboard widget or an alarm names it; a null dimension value is SEARCH's "any". */
    record Reference(String where, String namespace, String name, Map<String, String> dimensions) {

        String shape() {
            return namespace + " " + name + " " + new TreeSet<>(dimensions.keySet());
        }

        boolean matches(Published metric) {
            if (!metric.namespace().equals(namespace) || !metric.name().equals(name)
                    || !metric.dimensions().keySet().equals(dimensions.keySet())) {
                return false;
            }
            return dimensions.entrySet().stream().allMatch(dimension -> dimension.getValue() == null
                    || dimension.getValue().equals(metric.dimensions().get(dimension.getKey())));
        }
    }

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}!]+)}");
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{([^}]*)}\\s*([^']*)'");
    private static final Pattern SEARCH_TERM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** What CloudFormation would put for {@code ${name}} or {@code !Ref name} in this test's imagined stack. */
    private static String resolve(String name) {
        if (name.equals("AWS::StackName")) {
            return STACK;
        }
        if (name.equals("AWS::Region")) {
            return "eu-west-1";
        }
        if (name.equals("CleanupStaleSessionsFunction")) {
            return CLEANUP_NAME;
        }
        if (name.equals("HttpApi")) {
            return API_ID;
        }
        return STACK + "-" + name.replace(".", "-");
    }

    private static List<Reference> dashboardReferences() throws IOException {
        List<Reference> references = new ArrayList<>();
        resources.forEach((logicalId, resource) -> {
            if (!"AWS::CloudWatch::Dashboard".equals(map(resource).get("Type"))) {
                return;
            }
            Object body = map(map(resource).get("Properties")).get("DashboardBody");
            String text = String.valueOf(map(body).get("Sub"));
            Matcher substitution = SUBSTITUTION.matcher(text);
            String resolved = substitution.replaceAll(match -> Matcher.quoteReplacement(resolve(match.group(1))));
            JsonNode widgets;
            try {
                widgets = Json.read(resolved).path("widgets");
            } catch (IOException e) {
                throw new AssertionError(logicalId + "'s DashboardBody is not JSON once substituted", e);
            }
            for (JsonNode widget : widgets) {
                String title = logicalId + " \"" + widget.path("properties").path("title").asText() + "\"";
                for (JsonNode metric : widget.path("properties").path("metrics")) {
                    references.addAll(widgetMetric(title, metric));
                }
            }
        });
        return references;
    }

    private static List<Reference> widgetMetric(String where, JsonNode metric) {
        assertTrue(metric.isArray(), where + ": each entry of a widget's metrics is an array, even an expression: " + metric);
        if (metric.path(0).isObject()) {
            String expression = metric.path(0).path("expression").asText();
            Matcher search = SEARCH.matcher(expression);
            if (!search.find()) {
                return List.of();
            }
            String[] schema = search.group(1).split(",");
            Map<String, String> dimensions = new TreeMap<>();
            for (int i = 1; i < schema.length; i++) {
                dimensions.put(schema[i].trim(), null);
            }
            String name = null;
            Matcher term = SEARCH_TERM.matcher(search.group(2));
            while (term.find()) {
                if (term.group(1).equals("MetricName")) {
                    name = term.group(2);
                } else {
                    dimensions.put(term.group(1), term.group(2));
                }
            }
            return List.of(new Reference(where, schema[0].trim(), name, dimensions));
        }
        Map<String, String> dimensions = new TreeMap<>();
        int i = 2;
        for (; i + 1 < metric.size() && metric.path(i).isTextual(); i += 2) {
            dimensions.put(metric.path(i).asText(), metric.path(i + 1).asText());
        }
        return List.of(new Reference(where, metric.path(0).asText(), metric.path(1).asText(), dimensions));
    }

    private static List<Reference> alarmReferences() {
        List<Reference> references = new ArrayList<>();
        resources.forEach((logicalId, resource) -> {
            if (!"AWS::CloudWatch::Alarm".equals(map(resource).get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(map(resource).get("Properties"));
            if (properties.containsKey("MetricName")) {
                references.add(alarmMetric(logicalId, properties));
            }
            for (Object query : list(properties.get("Metrics"))) {
                Object stat = map(query).get("MetricStat");
                if (stat != null) {
                    references.add(alarmMetric(logicalId, map(map(stat).get("Metric"))));
                }
            }
        });
        return references;
    }

    private static Reference alarmMetric(String alarm, Map<String, Object> metric) {
        Map<String, String> dimensions = new TreeMap<>();
        for (Object dimension : list(metric.get("Dimensions"))) {
            Object value = map(dimension).get("Value");
            dimensions.put(String.valueOf(map(dimension).get("Name")),
                    value instanceof Map<?, ?> ref ? resolve(String.valueOf(ref.get("Ref"))) : String.valueOf(value));
        }
        return new Reference(alarm, String.valueOf(metric.get("Namespace")), String.valueOf(metric.get("MetricName")), dimensions);
    }

    /** README's table of metrics: each row's namespace, metric names and dimension sets, as shapes. */
    private static Set<String> documentedShapes() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int section = readme.indexOf("## Metrics and dashboard");
        assertTrue(section >= 0, "README has no \"Metrics and dashboard\" section");
        Set<String> shapes = new TreeSet<>();
        for (String row : readme.substring(section).split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length < 5 || !cells[1].trim().startsWith("`Moduo")) {
                continue;
            }
            String namespace = cells[1].trim().replace("`", "");
            for (String name : cells[2].split(",")) {
                for (String set : cells[4].split(";")) {
                    Set<String> keys = new TreeSet<>();
                    for (String key : set.split(",")) {
                        keys.add(key.trim().replace("`", ""));
                    }
                    shapes.add(namespace + " " + name.trim().replace("`", "") + " " + keys);
                }
            }
        }
        return shapes;
    }

    // --- the checks

    @Test
    void everyLineAFunctionWroteIsValidJsonAndEveryDocumentIsValidEmbeddedMetricFormat() {
        assertTrue(DOCUMENTS.size() >= invocations, DOCUMENTS.size() + " documents for " + invocations + " invocations");
        List<String> problems = new ArrayList<>();
        for (JsonNode document : DOCUMENTS) {
            EmfSpec.problems(document).forEach(problem -> problems.add(problem + " in " + document));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void anInvocationWritesOneDocumentUnlessTwoValuesOfOneDimensionMustBeApart() {
        long logLines = DOCUMENTS.stream().filter(document -> document.has("status") || document.has("examined")).count();
        assertEquals(invocations, logLines, "each invocation's own log line is its document");
        assertTrue(DOCUMENTS.size() <= invocations + 2, "further documents are rare: " + (DOCUMENTS.size() - invocations));
    }

    @Test
    void everyMetricTheDashboardShowsIsOneAFunctionEmits() throws IOException {
        List<Published> emitted = emitted();
        List<String> missing = new ArrayList<>();
        for (Reference reference : dashboardReferences()) {
            if (OURS.contains(reference.namespace()) && emitted.stream().noneMatch(reference::matches)) {
                missing.add(reference.where() + ": " + reference.namespace() + " " + reference.name() + " " + reference.dimensions());
            }
        }
        assertEquals(List.of(), missing, "emitted:\n" + String.join("\n", emittedShapes()));
    }

    @Test
    void everyMetricAnAlarmWatchesIsOneAFunctionEmits() {
        List<Published> emitted = emitted();
        List<String> missing = new ArrayList<>();
        List<Reference> ours = alarmReferences().stream().filter(reference -> OURS.contains(reference.namespace())).toList();
        for (Reference reference : ours) {
            if (emitted.stream().noneMatch(reference::matches)) {
                missing.add(reference.where() + ": " + reference.namespace() + " " + reference.name() + " " + reference.dimensions());
            }
        }
        assertEquals(List.of(), missing);
        Set<String> watched = ours.stream().map(Reference::name).collect(Collectors.toSet());
        assertTrue(watched.containsAll(Set.of("StreamFailures", "StreamRequests", "MongoFailures", "failed")), watched.toString());
    }

    @Test
    void theAlarmsOnTheFunctionsMetricsNotifyTheAlarmTopicLikeTheOthers() {
        Object notify = Map.of("If", List.of("HasAlarmTopic", List.of(Map.of("Ref", "AlarmTopicArn")), Map.of("Ref", "AWS::NoValue")));
        Set<String> alarms = alarmReferences().stream().filter(reference -> reference.namespace().equals(InvocationMetrics.NAMESPACE))
                .map(Reference::where).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("MongoDbFailuresAlarm", "StreamFailureRateAlarm"), alarms);
        for (String alarm : alarms) {
            Map<String, Object> properties = map(map(resources.get(alarm)).get("Properties"));
            assertEquals(notify, properties.get("AlarmActions"), alarm);
            assertEquals(notify, properties.get("OKActions"), alarm);
        }
    }

    @Test
    void everyMetricTheFunctionsEmitIsOnTheDashboard() throws IOException {
        Set<String> shown = dashboardReferences().stream().map(Reference::shape).collect(Collectors.toSet());
        Set<String> notShown = new TreeSet<>(emittedShapes());
        notShown.removeAll(shown);
        assertEquals(Set.of(), notShown);
    }

    @Test
    void everyMetricTheFunctionsEmitIsDocumentedInTheReadmeAndNothingElseIs() throws IOException {
        assertEquals(emittedShapes(), documentedShapes());
    }

    @Test
    void theRunEmittedEveryMetricOfTheCatalogAndEveryReasonASessionEndsFor() {
        Set<String> names = emitted().stream().map(Published::name).collect(Collectors.toSet());
        for (Metric metric : Metric.values()) {
            assertTrue(names.contains(metric.metricName()), metric + " was never emitted: the scenario misses a path");
        }
        Set<String> reasons = emitted().stream().filter(metric -> metric.name().equals("SessionsEnded"))
                .map(metric -> metric.dimensions().get("Reason")).collect(Collectors.toSet());
        assertEquals(Set.of("host", "stream", "host-deleted", "expired"), reasons);
        Set<String> outcomes = emitted().stream().filter(metric -> metric.name().equals("WebhookDeliveries"))
                .map(metric -> metric.dimensions().get("Outcome")).collect(Collectors.toSet());
        assertEquals(Set.of("applied", "duplicate", "ignored", "unauthenticated", "refused"), outcomes);
    }

    @Test
    void theCleanupSummaryStaysOneLineAndCarriesItsInvocationsMetrics() {
        List<JsonNode> summaries = LINES.stream().filter(line -> line.has("examined")).toList();
        assertEquals(1, summaries.size());
        JsonNode summary = summaries.get(0);
        Set<String> namespaces = new TreeSet<>();
        summary.path("_aws").path("CloudWatchMetrics").forEach(directive -> namespaces.add(directive.path("Namespace").asText()));
        assertEquals(Set.of("Moduo", "Moduo/Cleanup"), namespaces);
        assertEquals(CLEANUP_NAME, summary.path("FunctionName").asText());
        assertEquals("CleanupStaleSessionsFunction", summary.path("Function").asText());
        assertEquals(1, summary.path("ColdStart").asInt());
    }

    @Test
    void theDashboardsLogWidgetReadsTheLogGroupOfEveryFunction() throws IOException {
        Set<String> groups = new TreeSet<>();
        resources.forEach((logicalId, resource) -> {
            if ("AWS::Logs::LogGroup".equals(map(resource).get("Type"))) {
                Object name = map(map(resource).get("Properties")).get("LogGroupName");
                groups.add(SUBSTITUTION.matcher(String.valueOf(map(name).get("Sub"))).replaceAll(STACK));
            }
        });
        Set<String> read = new TreeSet<>();
        Matcher source = Pattern.compile("SOURCE '([^']+)'").matcher(Files.readString(Path.of("../template.yaml")));
        while (source.find()) {
            read.add(SUBSTITUTION.matcher(source.group(1)).replaceAll(STACK));
        }
        assertEquals(groups, read);
    }

    // --- reading template.yaml

    /** Reads CloudFormation's short-form tags ({@code !Ref X}) as one-key maps ({@code {Ref: X}}). */
    static final class CloudFormationTags extends SafeConstructor {
        CloudFormationTags() {
            super(new LoaderOptions());
            yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    Object value = node instanceof ScalarNode scalar ? constructScalar(scalar)
                            : node instanceof SequenceNode sequence ? constructSequence(sequence)
                            : constructMapping((MappingNode) node);
                    return Map.of(tag, value);
                }
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
