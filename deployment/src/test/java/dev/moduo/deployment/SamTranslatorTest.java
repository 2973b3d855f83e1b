package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.deployment.SamTranslation.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml after the real SAM transform, with the code packaged the way `sam package` does (CodeUri
 * becomes s3://bucket/key): what each deploy publishes to the `live` alias, and what each function may
 * read, as CloudFormation would create it.
 */
class SamTranslatorTest {

    private static final String ACCOUNT = "123456789012";

    private static String secretArn(String name) {
        return "arn:aws:secretsmanager:" + SamTranslation.REGION + ":" + ACCOUNT + ":secret:" + name;
    }

    private static final Map<String, String> BASE = Map.of(
            "AllowedOrigin", "https://app.moduo.dev",
            "MongoDbUriSecretArn", secretArn("moduo/mongodb-uri-a1B2c3"),
            "StreamSecretArn", secretArn("moduo/stream-d4E5f6"),
            "ClerkJwksUrl", "https://clerk.moduo.dev/.well-known/jwks.json");

    /** Another valid value for every parameter that reaches a function's environment. */
    private static final Map<String, String> CHANGED = Map.ofEntries(
            Map.entry("MongoDbUriSecretArn", secretArn("moduo/mongodb-uri-staging-Z9y8X7")),
            Map.entry("StreamSecretArn", secretArn("moduo/stream-staging-W6v5U4")),
            Map.entry("ClerkWebhookSecretArn", secretArn("moduo/clerk-webhook-T3s2R1")),
            Map.entry("SecretsTtl", "PT10M"),
            Map.entry("MongoDbDatabase", "moduo_staging"),
            Map.entry("MongoDbMaxPoolSize", "2"),
            Map.entry("ClerkJwksUrl", "https://clerk.staging.moduo.dev/.well-known/jwks.json"),
            Map.entry("ClerkJwtKey", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L\n-----END PUBLIC KEY-----"),
            Map.entry("ClerkAuthorizedParties", "https://app.moduo.dev"),
            Map.entry("StreamTokenTtl", "PT2H"),
            Map.entry("StreamBaseUrl", "https://video.stream-io-api.com"),
            Map.entry("StaleSessionAfter", "PT3H"),
            Map.entry("StreamRoomLock", "off"),
            Map.entry("Recording", "on"),
            Map.entry("SessionCreateLimit", "40"),
            Map.entry("SessionJoinLimit", "240"),
            Map.entry("StreamTokenLimit", "240"),
            // The app's custom domain is an authorized party; the condition that adds it reads all three.
            Map.entry("WebApp", "false"),
            Map.entry("AppDomainName", "app.moduo.dev"),
            Map.entry("AppCertificateArn", "arn:aws:acm:us-east-1:" + ACCOUNT + ":certificate/1234abcd-12ab-34cd-56ef-1234567890ab"));

    private static final String KMS_KEY = "arn:aws:kms:" + SamTranslation.REGION + ":" + ACCOUNT
            + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static SamTemplate template;
    private static Deployment base;
    private static Map<String, Deployment> changedParameter;
    private static Deployment newCode;
    private static Deployment newTimeout;
    private static Deployment withKmsKey;
    private static Deployment withReservation;
    private static Deployment withFunctionReservation;
    private static Deployment withBothReservations;

    @BeforeAll
    static void transform() {
        template = SamTemplate.load();
        Scenario start = Scenario.of("base", BASE);
        List<Scenario> scenarios = new ArrayList<>(List.of(start,
                start.named("code").withCode(functionsJar(), "0f1e2d3c4b5a69788796a5b4c3d2e1f0"),
                start.named("timeout").withTemplateValue(List.of("Globals", "Function", "Timeout"), 16),
                start.named("kms").with("SecretsKmsKeyArn", KMS_KEY),
                start.named("reservation").with("CleanupReservedConcurrency", "2"),
                start.named("function reservation").with("FunctionReservedConcurrency", "5"),
                start.named("both reservations").with("FunctionReservedConcurrency", "5").with("CleanupReservedConcurrency", "1")));
        CHANGED.forEach((parameter, value) -> scenarios.add(start.named("changed " + parameter).with(parameter, value)));
        Map<String, Deployment> deployments = SamTranslation.transform(scenarios);
        base = deployments.get("base");
        newCode = deployments.get("code");
        newTimeout = deployments.get("timeout");
        withKmsKey = deployments.get("kms");
        withReservation = deployments.get("reservation");
        withFunctionReservation = deployments.get("function reservation");
        withBothReservations = deployments.get("both reservations");
        changedParameter = new TreeMap<>();
        CHANGED.keySet().forEach(parameter -> changedParameter.put(parameter, deployments.get("changed " + parameter)));
    }

    /** The CodeUri template.yaml gives every function in Globals: the one jar of functions/. */
    private static String functionsJar() {
        return String.valueOf(template.globalFunction().get("CodeUri"));
    }

    /** Would CloudFormation create a new version of the function, going from one deploy to the other? */
    private static boolean publishesANewVersion(Deployment before, Deployment after, String function) {
        return !before.identity(before.versionOf(function)).equals(after.identity(after.versionOf(function)));
    }

    private static boolean latestChanged(Deployment before, Deployment after, String function) {
        return !before.state(function).equals(after.state(function));
    }

    @Test
    void everyParameterAFunctionEnvironmentTakesHasAChangedValueHere() {
        Set<String> reachingEnvironments = base.functions().stream()
                .flatMap(function -> base.parametersInEnvironment(function).stream())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(reachingEnvironments, new TreeSet<>(CHANGED.keySet()),
                "CHANGED must give each parameter that reaches an environment another value, and no other parameter");
        CHANGED.forEach((parameter, value) -> {
            Object pattern = map(base.parameters().get(parameter)).get("AllowedPattern");
            assertTrue(pattern == null || Pattern.compile(String.valueOf(pattern)).matcher(value).matches(),
                    parameter + "'s changed value " + value + " breaks its AllowedPattern");
        });
    }

    /** W1: SAM names versions by the environment as written, so a new parameter value alone must still publish. */
    @Test
    void changingAParameterPublishesANewVersionOfEveryFunctionWhoseEnvironmentTakesIt() {
        List<String> missed = new ArrayList<>();
        changedParameter.forEach((parameter, after) -> {
            for (String function : base.functions()) {
                if (base.parametersInEnvironment(function).contains(parameter)
                        && !publishesANewVersion(base, after, function)) {
                    missed.add(parameter + ": " + function + " keeps " + base.versionOf(function));
                }
            }
        });
        assertEquals(List.of(), missed, "the live alias would keep serving the old setting:\n" + String.join("\n", missed));
    }

    /** Lambda publishes nothing when $LATEST equals the last version, so a replaced version needs a changed $LATEST. */
    @Test
    void aNewVersionIsOnlyEverAskedForWhenTheFunctionItselfChanged() {
        List<Deployment> deploys = new ArrayList<>(changedParameter.values());
        deploys.addAll(List.of(newCode, newTimeout, withKmsKey, withReservation, withFunctionReservation, withBothReservations));
        List<String> empty = new ArrayList<>();
        for (Deployment after : deploys) {
            for (String function : base.functions()) {
                if (publishesANewVersion(base, after, function) && !latestChanged(base, after, function)) {
                    empty.add(function + " would publish a version identical to the last one");
                }
            }
        }
        assertEquals(List.of(), empty, String.join("\n", empty));
    }

    /**
     * The functions share one jar, so a new build of it (a new S3 key) publishes a new version of every function
     * that runs from it, whichever handler changed; a function with code of its own would keep its version.
     */
    @Test
    void newCodeInTheFunctionsJarPublishesANewVersionOfEveryFunctionRunningFromIt() {
        List<String> wrong = new ArrayList<>();
        for (SamTemplate.SamFunction function : template.functions()) {
            boolean fromTheJar = functionsJar().equals(function.codeUri());
            if (fromTheJar != publishesANewVersion(base, newCode, function.logicalId())) {
                wrong.add(function.logicalId() + (fromTheJar ? " runs from " + functionsJar() + " but keeps " + base.versionOf(function.logicalId())
                        : " has code of its own but publishes a new version"));
            }
        }
        assertFalse(template.functions().isEmpty());
        assertEquals(List.of(), wrong, String.join("\n", wrong));
    }

    /** With AutoPublishAliasAllProperties SAM hashes every property, not only code, environment and memory. */
    @Test
    void aTemplateChangeToAFunctionPropertyPublishesANewVersion() {
        List<String> changed = base.functions().stream().filter(f -> latestChanged(base, newTimeout, f)).toList();
        assertFalse(changed.isEmpty(), "changing Globals.Function.Timeout changed no function");
        for (String function : changed) {
            assertTrue(publishesANewVersion(base, newTimeout, function), function + "'s new Timeout publishes no version");
        }
    }

    /** R1: the function refers to its group, so CloudFormation creates the group before the function and its version. */
    @Test
    void eachFunctionLogsToALogGroupOfItsOwnWithRetention() {
        Map<String, String> groupOf = new TreeMap<>();
        for (String function : base.functions()) {
            Object logGroup = map(base.properties(function).get("LoggingConfig")).get("LogGroup");
            String group = String.valueOf(map(logGroup).get("Ref"));
            assertTrue(base.has(group) && base.type(group).equals("AWS::Logs::LogGroup"),
                    function + "'s LoggingConfig.LogGroup should be a !Ref to its AWS::Logs::LogGroup, is " + logGroup);
            assertTrue(base.properties(group).containsKey("RetentionInDays"), group + " has no RetentionInDays");
            assertFalse(String.valueOf(base.properties(group).get("LogGroupName")).contains(function),
                    group + "'s name refers to " + function + ", which refers to the group: a cycle");
            groupOf.put(function, group);
        }
        assertEquals(groupOf.size(), Set.copyOf(groupOf.values()).size(), "functions share a log group: " + groupOf);
    }

    /** R5: what is in an environment is readable through GetFunctionConfiguration; secrets are read at run time. */
    @Test
    void noEnvironmentVariableCarriesASecretOrADynamicReferenceToOne() {
        for (Deployment deployment : changedParameter.values()) {
            for (String function : deployment.functions()) {
                deployment.environment(function).forEach((name, value) -> assertFalse(
                        String.valueOf(value).matches("(?s).*\\{\\{resolve:(secretsmanager|ssm-secure):.*"),
                        function + "'s " + name + " resolves a secret into the environment: " + value));
            }
        }
    }

    /** Least privilege: GetSecretValue on exactly the secrets the function's *_SECRET_ID variables name. */
    @Test
    void eachFunctionMayReadExactlyTheSecretsItsSecretIdVariablesName() {
        for (Deployment deployment : List.of(base, changedParameter.get("ClerkWebhookSecretArn"))) {
            for (String function : deployment.functions()) {
                Set<Object> named = deployment.environment(function).entrySet().stream()
                        .filter(variable -> variable.getKey().endsWith("_SECRET_ID"))
                        .map(Map.Entry::getValue).collect(Collectors.toSet());
                assertTrue(deployment.environment(function).containsKey("MONGODB_URI_SECRET_ID"),
                        function + " reads MongoDB, so it needs MONGODB_URI_SECRET_ID");
                List<Map<String, Object>> secretStatements = deployment.statements(function).stream()
                        .filter(statement -> statement.toString().toLowerCase().contains("secretsmanager:")).toList();
                assertEquals(1, secretStatements.size(), function + "'s Secrets Manager statements: " + secretStatements);
                Map<String, Object> statement = secretStatements.get(0);
                assertEquals("Allow", statement.get("Effect"));
                assertEquals(List.of("secretsmanager:GetSecretValue"), asList(statement.get("Action")),
                        function + " may only GetSecretValue");
                assertEquals(named, Set.copyOf(asList(statement.get("Resource"))),
                        function + " must be granted exactly the secrets its *_SECRET_ID variables name");
                assertFalse(deployment.managedPolicies(function).toString().toLowerCase().contains("secretsmanager"),
                        function + " gets Secrets Manager rights through a managed policy");
            }
        }
        assertTrue(changedParameter.get("ClerkWebhookSecretArn").environment("ClerkWebhookFunction")
                .containsKey("CLERK_WEBHOOK_SECRET_ID"), "ClerkWebhookSecretArn never reaches the Clerk webhook");
        assertFalse(base.environment("ClerkWebhookFunction").containsKey("CLERK_WEBHOOK_SECRET_ID"),
                "without ClerkWebhookSecretArn the Clerk webhook should name no secret");
    }

    /** R6: a secret encrypted with a customer-managed key needs kms:Decrypt, but only through Secrets Manager. */
    @Test
    void kmsDecryptIsGrantedOnlyWhenTheSecretsKeyIsSetAndOnlyThroughSecretsManager() {
        for (String function : base.functions()) {
            assertEquals(List.of(), kmsStatements(base, function), function + " gets KMS rights without SecretsKmsKeyArn");
            List<Map<String, Object>> statements = kmsStatements(withKmsKey, function);
            assertEquals(1, statements.size(), function + "'s KMS statements: " + statements);
            Map<String, Object> statement = statements.get(0);
            assertEquals("Allow", statement.get("Effect"));
            assertEquals(List.of("kms:Decrypt"), asList(statement.get("Action")));
            assertEquals(List.of(KMS_KEY), asList(statement.get("Resource")));
            Object viaService = map(map(statement.get("Condition")).get("StringEquals")).get("kms:ViaService");
            assertEquals("secretsmanager." + SamTranslation.REGION + ".amazonaws.com",
                    String.valueOf(map(viaService).getOrDefault("Fn::Sub", viaService)),
                    function + " may use the key only through Secrets Manager");
        }
    }

    private static List<Map<String, Object>> kmsStatements(Deployment deployment, String function) {
        return deployment.statements(function).stream().filter(s -> s.toString().contains("kms:")).toList();
    }

    /** B4: a reservation fails the deploy on low-quota accounts, and leases already keep the cleanup correct. */
    @Test
    void theCleanupReservesNoConcurrencyUnlessAsked() {
        String cleanup = "CleanupStaleSessionsFunction";
        for (String function : base.functions()) {
            assertFalse(base.properties(function).containsKey("ReservedConcurrentExecutions"),
                    function + " reserves concurrency by default");
        }
        assertEquals("2", String.valueOf(withReservation.properties(cleanup).get("ReservedConcurrentExecutions")));
    }

    /**
     * The capacity model's cap (docs/capacity.md): FunctionReservedConcurrency reserves, and so caps, each API and webhook
     * function's concurrency when asked; the cleanup keeps its own setting either way.
     */
    @Test
    void everyFunctionButTheCleanupReservesFunctionReservedConcurrencyWhenAsked() {
        String cleanup = "CleanupStaleSessionsFunction";
        for (String function : base.functions()) {
            if (function.equals(cleanup)) {
                assertFalse(withFunctionReservation.properties(function).containsKey("ReservedConcurrentExecutions"),
                        "the cleanup took the API functions' reservation");
                assertEquals("1", String.valueOf(withBothReservations.properties(function).get("ReservedConcurrentExecutions")));
            } else {
                assertEquals("5", String.valueOf(withFunctionReservation.properties(function).get("ReservedConcurrentExecutions")),
                        function + " is not capped");
                assertEquals("5", String.valueOf(withBothReservations.properties(function).get("ReservedConcurrentExecutions")));
            }
        }
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> several ? list(several) : List.of(value);
    }
}
