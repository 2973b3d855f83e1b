package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.deployment.OpenApiDocument.Operation;
import dev.moduo.deployment.SamTemplate.SamFunction;
import dev.moduo.deployment.SamTemplate.SamRoute;
import dev.moduo.secrets.CachedSecret;
import dev.moduo.limits.LimitedAction;
import dev.moduo.mongo.MongoFactory;
import dev.moduo.stream.StreamHttp;
import dev.moduo.stream.StreamTokenIssuer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What `sam validate` and a deploy would tell, checked without AWS: template.yaml against the jars the
 * build made, the routes openapi.yaml declares, and the rules for secrets, logs and runtime.
 */
class TemplateTest {

    /** Lambda's limit for a directly uploaded zip is 50 MB; 15 MB keeps cold starts and SnapStart snapshots small. */
    private static final long MAX_JAR_BYTES = 15L * 1024 * 1024;
    private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    /** The shaded jar of functions/ (its pom writes it under this name). */
    private static final String FUNCTIONS_JAR = "functions/target/moduo-functions.jar";

    private static SamTemplate template;
    private static List<SamFunction> functions;

    @BeforeAll
    static void load() {
        template = SamTemplate.load();
        functions = template.functions();
        assertFalse(functions.isEmpty(), "template.yaml has no " + SamTemplate.FUNCTION);
    }

    private static Path jarOf(SamFunction function) {
        Path jar = RepositoryRoot.resolve(function.codeUri());
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(function.logicalId() + "'s CodeUri " + function.codeUri() + " does not exist."
                    + " The shaded jars are made in the package phase: run `mvn verify`, not `mvn test`.");
        }
        return jar;
    }

    @Test
    void everyFunctionIsAJavaHandlerInAShadedJar() {
        for (SamFunction function : functions) {
            assertTrue(function.codeUri() != null && function.codeUri().endsWith(".jar"),
                    function.logicalId() + "'s CodeUri should name its shaded jar, not " + function.codeUri());
            assertTrue(function.handler() != null && function.handler().matches("[\\w.$]+"),
                    function.logicalId() + "'s Handler should be a class name, not " + function.handler());
        }
    }

    /** One jar holds every handler: it is given once, in Globals, and no function names another. */
    @Test
    void everyFunctionRunsFromTheOneFunctionsJar() {
        assertEquals(FUNCTIONS_JAR, template.globalFunction().get("CodeUri"));
        for (SamFunction function : functions) {
            assertFalse(function.properties().containsKey("CodeUri"), function.logicalId() + " has a CodeUri of its own");
            assertEquals(FUNCTIONS_JAR, function.codeUri(), function.logicalId() + "'s code");
        }
    }

    @Test
    void handlerClassIsInItsJarAndIsARequestHandlerLambdaCanConstruct() throws Exception {
        for (SamFunction function : functions) {
            Path jar = jarOf(function);
            String entry = function.handler().replace('.', '/') + ".class";
            try (JarFile file = new JarFile(jar.toFile())) {
                assertTrue(file.getJarEntry(entry) != null, jar.getFileName() + " has no " + entry);
            }
            // Only the jar and the JDK: what is missing from the shaded jar cannot come from the test classpath.
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(function.handler(), false, loader);
                Class<?> requestHandler = Class.forName(REQUEST_HANDLER, false, loader);
                assertTrue(requestHandler.isAssignableFrom(handler),
                        function.handler() + " in " + jar.getFileName() + " does not implement " + REQUEST_HANDLER);
                assertFalse(Modifier.isAbstract(handler.getModifiers()), function.handler() + " is abstract");
                assertTrue(Modifier.isPublic(handler.getConstructor().getModifiers()),
                        function.handler() + " needs the public no-argument constructor Lambda calls");
            }
        }
    }

    @Test
    void everyJarIsAtMost15Megabytes() throws IOException {
        StringBuilder sizes = new StringBuilder("Function jar sizes:\n");
        List<String> tooLarge = new ArrayList<>();
        Map<String, List<String>> byJar = functions.stream().collect(Collectors.groupingBy(SamFunction::codeUri,
                TreeMap::new, Collectors.mapping(SamFunction::logicalId, Collectors.toList())));
        for (Map.Entry<String, List<String>> jar : byJar.entrySet()) {
            long bytes = Files.size(jarOf(template.function(jar.getValue().get(0))));
            String line = String.format(Locale.ROOT, "%-40s %6.2f MB  (%s)", jar.getKey(), bytes / 1024.0 / 1024.0,
                    String.join(", ", jar.getValue()));
            sizes.append(line).append('\n');
            if (bytes > MAX_JAR_BYTES) {
                tooLarge.add(line);
            }
        }
        System.out.print(sizes);
        assertEquals(List.of(), tooLarge, "Over 15 MB:\n" + String.join("\n", tooLarge));
    }

    @Test
    void everyDocumentedRouteIsServedByExactlyTheFunctionTheDocumentNames() {
        Map<String, List<String>> servedBy = new TreeMap<>();
        for (SamFunction function : functions) {
            for (SamRoute route : function.httpRoutes()) {
                servedBy.computeIfAbsent(route.key(), key -> new ArrayList<>()).add(function.logicalId());
            }
        }
        List<String> problems = new ArrayList<>();
        for (Operation operation : OpenApiDocument.load().operations()) {
            List<String> ids = servedBy.getOrDefault(operation.route(), List.of());
            if (!ids.equals(List.of(String.valueOf(operation.function())))) {
                problems.add(operation.route() + " is served by " + ids + " in template.yaml; openapi.yaml says "
                        + operation.function());
            }
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void noFunctionServesARouteTheDocumentDoesNotHave() {
        Set<String> documented = OpenApiDocument.load().operations().stream().map(Operation::route)
                .collect(Collectors.toSet());
        List<String> extra = new ArrayList<>();
        for (SamFunction function : functions) {
            for (SamRoute route : function.routes()) {
                if (route.type().equals("Schedule")) {
                    continue; // no route: the scheduled cleanup is invoked by EventBridge
                }
                if (!route.type().equals("HttpApi")) {
                    extra.add(function.logicalId() + "." + route.eventName() + " is a " + route.type()
                            + " event: this check only knows HttpApi routes; teach it the new kind");
                } else if (!documented.contains(route.key())) {
                    extra.add(function.logicalId() + " serves " + route.key() + ", which openapi.yaml does not have");
                }
            }
        }
        assertEquals(List.of(), extra, String.join("\n", extra));
    }

    @Test
    void everyRouteIsOnTheOneHttpApi() {
        Set<String> apis = template.resourcesOfType("AWS::Serverless::HttpApi").keySet();
        assertEquals(1, apis.size(), "HttpApi resources: " + apis);
        Object expected = Map.of("Ref", apis.iterator().next());
        for (SamFunction function : functions) {
            for (SamRoute route : function.httpRoutes()) {
                assertEquals(expected, route.apiId(), function.logicalId() + "." + route.eventName() + "'s ApiId");
            }
        }
    }

    @Test
    void corsAllowsTheConfiguredOriginWithCredentialsNeverAWildcard() {
        Map<String, Object> api = map(template.resourcesOfType("AWS::Serverless::HttpApi").values().iterator().next()
                .get("Properties"));
        Map<String, Object> cors = map(api.get("CorsConfiguration"));
        assertEquals(true, cors.get("AllowCredentials"));
        // Browsers refuse credentialed responses for "*"; the origin comes from a parameter.
        assertEquals(List.of(Map.of("Ref", "AllowedOrigin")), cors.get("AllowOrigins"));
        Set<String> headers = list(cors.get("AllowHeaders")).stream().map(h -> h.toString().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        assertTrue(headers.containsAll(Set.of("authorization", "content-type")), "AllowHeaders " + headers);
        Set<String> methods = OpenApiDocument.load().operations().stream().map(Operation::method).collect(Collectors.toSet());
        assertTrue(list(cors.get("AllowMethods")).containsAll(methods), "AllowMethods lacks one of " + methods);
        Map<String, Object> routeSettings = map(api.get("DefaultRouteSettings"));
        assertTrue(routeSettings.containsKey("ThrottlingBurstLimit") && routeSettings.containsKey("ThrottlingRateLimit"),
                "the API has no default throttling");
    }

    @Test
    void runtimeIsJava25WithSnapStartOnPublishedVersions() {
        Map<String, Object> globals = template.globalFunction();
        // java17 runs on Amazon Linux 2: AWS blocks creating java17 functions from 2026-07-31 and updating them
        // from 2026-08-31 (cfn-lint E2533). The code stays Java 17 bytecode.
        assertEquals("java25", globals.get("Runtime"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), globals.get("SnapStart"));
        assertTrue(globals.get("AutoPublishAlias") instanceof String alias && !alias.isBlank(),
                "SnapStart only applies to published versions: Globals needs AutoPublishAlias");
        assertTrue(globals.get("Timeout") instanceof Integer timeout && timeout * 1000L > 9_750,
                "the Lambda timeout must leave room for the 9 s request budget plus the 0.75 s reserve");
        for (SamFunction function : functions) {
            for (String global : List.of("Runtime", "SnapStart", "AutoPublishAlias")) {
                assertFalse(function.properties().containsKey(global), function.logicalId() + " overrides " + global);
            }
        }
    }

    // Log groups and secret permissions are checked on the transformed template, in SamTranslatorTest.

    @Test
    void streamSettingParametersDefaultToWhatTheCodeUsesWithoutThem() {
        assertEquals(StreamHttp.DEFAULT_BASE_URL, template.parameter("StreamBaseUrl").get("Default"));
        assertEquals(StreamTokenIssuer.DEFAULT_TTL, Duration.parse(String.valueOf(template.parameter("StreamTokenTtl").get("Default"))));
        assertEquals(CachedSecret.DEFAULT_TTL, Duration.parse(String.valueOf(template.parameter("SecretsTtl").get("Default"))));
    }

    @Test
    void limitParametersDefaultToWhatTheCodeUsesWithoutThem() {
        assertEquals(LimitedAction.CREATE_SESSION.defaultLimit(), Integer.parseInt(String.valueOf(template.parameter("SessionCreateLimit").get("Default"))));
        assertEquals(LimitedAction.JOIN_SESSION.defaultLimit(), Integer.parseInt(String.valueOf(template.parameter("SessionJoinLimit").get("Default"))));
        assertEquals(LimitedAction.STREAM_TOKEN.defaultLimit(), Integer.parseInt(String.valueOf(template.parameter("StreamTokenLimit").get("Default"))));
    }

    /** docs/capacity.md: each environment keeps at most this many connections to the primary, one by default. */
    @Test
    void theMongoDbPoolSizeReachesEveryFunctionAndIsOneByDefault() {
        Map<String, Object> parameter = template.parameter("MongoDbMaxPoolSize");
        // Quoted: the SAM translator refuses a number as an Fn::Sub variable (DeploySettings).
        assertEquals("1", String.valueOf(parameter.get("Default")));
        assertEquals(1, parameter.get("MinValue"));
        Map<String, Object> variables = map(map(template.globalFunction().get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "MongoDbMaxPoolSize"), variables.get(MongoFactory.MAX_POOL_SIZE_SETTING));
    }

    /** A ReservedConcurrentExecutions of 0 would stop the functions: no value unless the parameter asks for one. */
    @Test
    void functionConcurrencyIsReservedOnlyWhenFunctionReservedConcurrencyIsNotZero() {
        Map<String, Object> parameter = template.parameter("FunctionReservedConcurrency");
        assertEquals(0, parameter.get("Default"));
        assertEquals(0, parameter.get("MinValue"));
        assertEquals(Map.of("Fn::If", List.of("HasFunctionReservation", Map.of("Ref", "FunctionReservedConcurrency"),
                Map.of("Ref", "AWS::NoValue"))), template.globalFunction().get("ReservedConcurrentExecutions"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "FunctionReservedConcurrency"), "0")))),
                map(template.root().get("Conditions")).get("HasFunctionReservation"));
    }

    @Test
    void everyParameterIsUsed() {
        String text = template.text();
        for (String parameter : template.parameters().keySet()) {
            Pattern use = Pattern.compile("!Ref\\s+" + parameter + "\\b|\\$\\{" + parameter + "[}:]|Ref:\\s*" + parameter + "\\b");
            assertTrue(use.matcher(text).find(), "Parameter " + parameter + " is never used");
        }
    }

    @Test
    void secretishParametersAreNoEchoWithoutDefaultValues() {
        Pattern secretish = Pattern.compile("(?i)password|secret|apikey|connectionstring|uri$");
        for (Map.Entry<String, Object> parameter : template.parameters().entrySet()) {
            String name = parameter.getKey();
            // An ARN or id names a secret, it is not one.
            if (!secretish.matcher(name).find() || name.endsWith("Arn") || name.endsWith("Id") || name.endsWith("Ttl")) {
                continue;
            }
            Map<String, Object> definition = map(parameter.getValue());
            assertEquals(true, definition.get("NoEcho"), name + " may carry a secret: it needs NoEcho: true");
            Object defaultValue = definition.get("Default");
            assertTrue(defaultValue == null || defaultValue.toString().isEmpty(), name + " has a default value");
        }
    }

    @Test
    void noSecretValueIsWrittenInTheTemplate() {
        String text = template.text();
        Map<String, Pattern> secrets = new TreeMap<>(Map.of(
                "a Clerk/Svix webhook secret", Pattern.compile("whsec_[A-Za-z0-9+/=]{8,}"),
                "a MongoDB URI with a password", Pattern.compile("mongodb(\\+srv)?://[^\\s:@/'\"]+:[^\\s@/'\"]+@"),
                "a PEM private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
                "an AWS access key id", Pattern.compile("\\b(AKIA|ASIA)[A-Z0-9]{16}\\b"),
                "a Clerk secret key", Pattern.compile("\\bsk_(live|test)_[A-Za-z0-9]{10,}"),
                "a JWT", Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.")));
        List<String> found = new ArrayList<>();
        secrets.forEach((what, pattern) -> {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(what + " at offset " + matcher.start());
            }
        });
        // Stream API secrets are 64 random characters: no literal of that shape belongs in a template.
        Matcher literal = Pattern.compile("(?m)(?:^|[\\s:'\"])([A-Za-z0-9]{40,})(?:$|[\\s'\"])").matcher(text);
        while (literal.find()) {
            found.add("a long random literal (like a Stream API secret) at offset " + literal.start(1));
        }
        // Settings that carry a secret come from Secrets Manager or a NoEcho parameter, never a literal.
        for (SamFunction function : functions) {
            function.environment().forEach((name, value) -> {
                // *_SECRET_ID names a secret and SECRETS_TTL is a duration: neither is one.
                if (name.matches("(?i).*(SECRET|PASSWORD|API_KEY|MONGODB_URI).*") && !name.endsWith("_SECRET_ID")
                        && !name.equals("SECRETS_TTL") && value instanceof String) {
                    found.add(function.logicalId() + "'s " + name + " is a literal");
                }
            });
        }
        assertEquals(List.of(), found, String.join("\n", found));
    }

    @Test
    void outputsTheApiUrl() {
        Map<String, Object> output = map(map(template.root().get("Outputs")).get("ApiUrl"));
        Object value = output.get("Value");
        assertTrue(String.valueOf(value).contains("execute-api") && String.valueOf(value).contains("HttpApi"),
                "ApiUrl should be the HttpApi's execute-api URL, is " + value);
    }

    @Test
    void durationParametersAcceptOnlyWhatTheCodeCanParse() {
        for (String name : List.of("StreamTokenTtl", "SecretsTtl")) {
            Pattern allowed = Pattern.compile(String.valueOf(template.parameter(name).get("AllowedPattern")));
            for (String accepted : List.of("PT1H", "PT5M", "PT30M", "PT90S", "P1D", "PT1H30M", "P1DT2H")) {
                assertTrue(allowed.matcher(accepted).matches(), name + " should allow " + accepted);
                assertTrue(Duration.parse(accepted).toSeconds() > 0);
            }
            for (String refused : List.of("P", "PT", "1h", "P1H", "PT1D", "60", "")) {
                assertFalse(allowed.matcher(refused).matches(), name + " should refuse " + refused);
            }
            assertTrue(allowed.matcher(String.valueOf(template.parameter(name).get("Default"))).matches(),
                    name + "'s default breaks its own pattern");
        }
    }

    @Test
    void deployIsRefusedWithoutAClerkKey() {
        List<Object> assertions = list(map(map(template.root().get("Rules")).get("ClerkKeyIsConfigured")).get("Assertions"));
        assertFalse(assertions.isEmpty(), "Rules.ClerkKeyIsConfigured");
        Map<String, String> nothing = Map.of("ClerkJwksUrl", "", "ClerkJwtKey", "");
        Map<String, String> jwks = Map.of("ClerkJwksUrl", "https://clerk.example.com/.well-known/jwks.json", "ClerkJwtKey", "");
        Map<String, String> pem = Map.of("ClerkJwksUrl", "", "ClerkJwtKey", "-----BEGIN PUBLIC KEY-----");
        for (Object assertion : assertions) {
            Object condition = map(assertion).get("Assert");
            assertFalse(RuleConditions.holds(condition, nothing), "a deploy without a Clerk key gets through");
            assertTrue(RuleConditions.holds(condition, jwks), "a deploy with ClerkJwksUrl is refused");
            assertTrue(RuleConditions.holds(condition, pem), "a deploy with ClerkJwtKey is refused");
        }
    }

    /**
     * R6: IAM matches a policy's Resource against the secret's full ARN, which ends in the name, a hyphen and
     * 6 random characters; a partial ARN would make every read AccessDenied.
     */
    @Test
    void secretParametersAcceptOnlyFullSecretArns() {
        String full = "arn:aws:secretsmanager:eu-central-1:123456789012:secret:moduo/stream-a1B2c3";
        List<String> refused = List.of("arn:aws:secretsmanager:eu-central-1:123456789012:secret:moduo/stream",
                "arn:aws:secretsmanager:eu-central-1:123456789012:secret:moduo-stream-a1B2c", "moduo/stream-a1B2c3",
                "arn:aws:secretsmanager:eu-central-1:1234:secret:moduo/stream-a1B2c3", full + "\nx");
        for (String name : List.of("MongoDbUriSecretArn", "StreamSecretArn", "ClerkWebhookSecretArn")) {
            Pattern allowed = Pattern.compile(String.valueOf(template.parameter(name).get("AllowedPattern")));
            assertTrue(allowed.matcher(full).matches(), name + " should accept " + full);
            assertTrue(allowed.matcher("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-Zz9Yy8").matches(),
                    name + " should accept other partitions");
            for (String value : refused) {
                assertFalse(allowed.matcher(value).matches(), name + " should refuse " + value);
            }
        }
    }

    /** Every function reads MongoDB and most read Stream: without these secrets nothing works, so they are required. */
    @Test
    void theMongoDbAndStreamSecretsAreRequiredAndTheClerkWebhookSecretIsOptional() {
        for (String name : List.of("MongoDbUriSecretArn", "StreamSecretArn")) {
            assertFalse(template.parameter(name).containsKey("Default"), name + " must have no default");
            assertFalse(Pattern.compile(String.valueOf(template.parameter(name).get("AllowedPattern"))).matcher("").matches(),
                    name + " must refuse an empty value");
        }
        assertEquals("", template.parameter("ClerkWebhookSecretArn").get("Default"));
        assertTrue(Pattern.compile(String.valueOf(template.parameter("ClerkWebhookSecretArn").get("AllowedPattern")))
                .matcher("").matches(), "ClerkWebhookSecretArn must accept '' (no webhook secret)");
        for (String removed : List.of("MongoDbUri", "ClerkWebhookSecret", "StreamSecretTtl")) {
            assertFalse(template.parameters().containsKey(removed), removed + " is gone: secrets are read at run time");
        }
    }

    @Test
    void secretsKmsKeyIsAnOptionalKeyArnNotAnAlias() {
        Map<String, Object> parameter = template.parameter("SecretsKmsKeyArn");
        assertEquals("", parameter.get("Default"));
        Pattern allowed = Pattern.compile(String.valueOf(parameter.get("AllowedPattern")));
        assertTrue(allowed.matcher("").matches());
        assertTrue(allowed.matcher("arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab").matches());
        assertTrue(allowed.matcher("arn:aws:kms:eu-central-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab").matches());
        // IAM authorizes kms:Decrypt on the key, not on an alias that points to it.
        assertFalse(allowed.matcher("arn:aws:kms:eu-central-1:123456789012:alias/moduo-secrets").matches());
    }

    /** R9: API Gateway answers throttling (429) and integration failures itself; the function alarms never see them. */
    @Test
    void theHttpApiHasServerErrorClientErrorRateAndLatencyAlarms() {
        Object api = Map.of("Ref", template.resourcesOfType("AWS::Serverless::HttpApi").keySet().iterator().next());
        List<Object> onTheApi = List.of(Map.of("Name", "ApiId", "Value", api));
        List<Map<String, Object>> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm").values().stream()
                .map(alarm -> map(alarm.get("Properties"))).toList();

        assertTrue(alarms.stream().anyMatch(alarm -> "AWS/ApiGateway".equals(alarm.get("Namespace"))
                && "5xx".equals(alarm.get("MetricName")) && onTheApi.equals(alarm.get("Dimensions"))
                && "Sum".equals(alarm.get("Statistic"))), "no alarm on the HTTP API's 5xx");
        assertTrue(alarms.stream().anyMatch(alarm -> "AWS/ApiGateway".equals(alarm.get("Namespace"))
                && "Latency".equals(alarm.get("MetricName")) && onTheApi.equals(alarm.get("Dimensions"))
                && "p99".equals(alarm.get("ExtendedStatistic"))), "no alarm on the HTTP API's p99 Latency");

        // 4xx as a rate: some 401/404/409 are normal, so the count alone would page on traffic.
        Map<String, Object> rate = alarms.stream().filter(alarm -> list(alarm.get("Metrics")).stream()
                .anyMatch(metric -> "4xx".equals(metricName(metric)))).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm on the HTTP API's 4xx"));
        Map<String, String> idsByMetric = new TreeMap<>();
        String expression = null;
        for (Object metric : list(rate.get("Metrics"))) {
            Map<String, Object> query = map(metric);
            if (query.containsKey("Expression")) {
                expression = String.valueOf(query.get("Expression"));
                assertEquals(true, query.get("ReturnData"), "the alarm must watch the rate expression");
            } else {
                assertEquals(onTheApi, map(map(query.get("MetricStat")).get("Metric")).get("Dimensions"));
                idsByMetric.put(metricName(metric), String.valueOf(query.get("Id")));
            }
        }
        assertEquals(Set.of("4xx", "Count"), idsByMetric.keySet(), "the 4xx rate needs 4xx and Count");
        assertTrue(expression != null && expression.contains(idsByMetric.get("4xx") + " / " + idsByMetric.get("Count"))
                        && expression.matches("IF\\(" + idsByMetric.get("Count") + " >= \\d+,.*"),
                "the 4xx alarm should divide 4xx by Count, and only above a minimum count: " + expression);
        assertTrue(rate.get("Threshold") instanceof Number threshold && threshold.doubleValue() > 0
                && threshold.doubleValue() < 100, "the 4xx rate threshold is a percentage");
    }

    private static String metricName(Object metricQuery) {
        return String.valueOf(map(map(map(metricQuery).get("MetricStat")).get("Metric")).get("MetricName"));
    }
}
