package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.deployment.SamTranslation.Scenario;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client and the API on one origin, as CloudFormation would create them after the real SAM transform:
 * a CloudFront distribution serving the app from a private bucket through origin access control and passing
 * /api/* to the HTTP API uncached, with and without a custom domain, and not at all with WebApp false.
 */
class WebAppTemplateTest {

    private static final String ACCOUNT = "123456789012";
    private static final String DOMAIN = "app.moduo.dev";
    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:" + ACCOUNT + ":certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String ZONE = "Z0123456789ABCDEFGHIJ";
    private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    private static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
    /** Route 53's hosted zone of every CloudFront distribution name, for alias records. */
    private static final String CLOUDFRONT_ZONE = "Z2FDTNDATAQYW2";
    private static final Set<String> APP_RESOURCES = Set.of("AppBucket", "AppBucketPolicy", "AppOriginAccessControl",
            "AppRoutesFunction", "AppShellCachePolicy", "AppDistribution", "AppDnsRecords");

    private static final Map<String, String> BASE = Map.of(
            "MongoDbUriSecretArn", "arn:aws:secretsmanager:eu-central-1:" + ACCOUNT + ":secret:moduo/mongodb-uri-a1B2c3",
            "StreamSecretArn", "arn:aws:secretsmanager:eu-central-1:" + ACCOUNT + ":secret:moduo/stream-d4E5f6",
            "ClerkJwksUrl", "https://clerk.moduo.dev/.well-known/jwks.json",
            "ClerkAuthorizedParties", "http://localhost:5173");

    private static SamTemplate template;
    private static Deployment cloudfrontName;
    private static Deployment customDomain;
    private static Deployment customDomainOwnDns;
    private static Deployment apiOnly;

    @BeforeAll
    static void transform() {
        template = SamTemplate.load();
        Scenario base = Scenario.of("cloudfront name", BASE);
        Scenario domain = base.named("custom domain").with("AppDomainName", DOMAIN).with("AppCertificateArn", CERTIFICATE);
        Map<String, Deployment> deployments = SamTranslation.transform(List.of(base,
                domain.with("AppHostedZoneId", ZONE), domain.named("own dns"), base.named("api only").with("WebApp", "false")));
        cloudfrontName = deployments.get("cloudfront name");
        customDomain = deployments.get("custom domain");
        customDomainOwnDns = deployments.get("own dns");
        apiOnly = deployments.get("api only");
    }

    private static Map<String, Object> distribution(Deployment deployment) {
        return map(deployment.properties("AppDistribution").get("DistributionConfig"));
    }

    private static Map<String, Object> behaviour(Deployment deployment, String pathPattern) {
        return list(distribution(deployment).get("CacheBehaviors")).stream().map(SamTemplate::map)
                .filter(behaviour -> pathPattern.equals(behaviour.get("PathPattern"))).findFirst()
                .orElseThrow(() -> new AssertionError("the distribution has no behaviour for " + pathPattern));
    }

    private static Map<String, Object> origin(Deployment deployment, Object id) {
        return list(distribution(deployment).get("Origins")).stream().map(SamTemplate::map)
                .filter(origin -> id.equals(origin.get("Id"))).findFirst()
                .orElseThrow(() -> new AssertionError("the distribution has no origin " + id));
    }

    @Test
    void theApiBehaviourPassesEverythingToTheHttpApiUncached() {
        Map<String, Object> api = behaviour(cloudfrontName, "/api/*");
        Map<String, Object> origin = origin(cloudfrontName, api.get("TargetOriginId"));
        assertEquals(Map.of("Fn::Sub", "${HttpApi}.execute-api.eu-central-1.${AWS::URLSuffix}"), origin.get("DomainName"),
                "the /api/* origin should be the template's HTTP API");
        assertFalse(origin.containsKey("OriginPath"), "the API's routes already start with /api");
        assertEquals("https-only", map(origin.get("CustomOriginConfig")).get("OriginProtocolPolicy"));
        assertEquals(CACHING_DISABLED, api.get("CachePolicyId"), "the API must not be cached (Managed-CachingDisabled)");
        assertEquals(ALL_VIEWER_EXCEPT_HOST_HEADER, api.get("OriginRequestPolicyId"),
                "cookies, headers and query strings must reach the API, Host must be the API's (Managed-AllViewerExceptHostHeader)");
        assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"), Set.copyOf(list(api.get("AllowedMethods"))));
        assertEquals("https-only", api.get("ViewerProtocolPolicy"), "a POST over http must not be redirected with its cookie");
        assertFalse(api.containsKey("FunctionAssociations") || api.containsKey("LambdaFunctionAssociations"),
                "nothing rewrites an API request");
        assertEquals("/api/*", map(list(distribution(cloudfrontName).get("CacheBehaviors")).get(0)).get("PathPattern"),
                "CloudFront takes the first matching behaviour: /api/* goes first");
    }

    @Test
    void theDefaultBehaviourReadsThePrivateBucketThroughOriginAccessControlWithTheRoutesFunction() {
        Map<String, Object> app = map(distribution(cloudfrontName).get("DefaultCacheBehavior"));
        Map<String, Object> origin = origin(cloudfrontName, app.get("TargetOriginId"));
        assertEquals(Map.of("Fn::GetAtt", List.of("AppBucket", "RegionalDomainName")), origin.get("DomainName"));
        assertEquals(Map.of("Fn::GetAtt", List.of("AppOriginAccessControl", "Id")), origin.get("OriginAccessControlId"));
        assertEquals(Map.of("OriginAccessIdentity", ""), origin.get("S3OriginConfig"), "no legacy origin access identity");
        Map<String, Object> oac = map(cloudfrontName.properties("AppOriginAccessControl").get("OriginAccessControlConfig"));
        assertEquals(List.of("s3", "always", "sigv4"), List.of(oac.get("OriginAccessControlOriginType"),
                oac.get("SigningBehavior"), oac.get("SigningProtocol")));
        assertEquals(List.of(Map.of("EventType", "viewer-request",
                        "FunctionARN", Map.of("Fn::GetAtt", List.of("AppRoutesFunction", "FunctionARN")))),
                app.get("FunctionAssociations"));
        assertEquals("cloudfront-js-2.0", map(cloudfrontName.properties("AppRoutesFunction").get("FunctionConfig")).get("Runtime"));
        assertEquals(true, cloudfrontName.properties("AppRoutesFunction").get("AutoPublish"),
                "a distribution can only use a published function");
        assertEquals(Set.of("GET", "HEAD"), Set.copyOf(list(app.get("AllowedMethods"))));
    }

    /** A distribution-wide error response would turn the API's own 403 and 404 answers into index.html. */
    @Test
    void noErrorOfTheDistributionIsReplacedByTheApp() {
        for (Deployment deployment : List.of(cloudfrontName, customDomain)) {
            assertNull(distribution(deployment).get("CustomErrorResponses"), "CustomErrorResponses");
        }
    }

    /** index.html names the build's hashed files: a stale one at the edge serves the previous build. */
    @Test
    void indexHtmlStaysAtTheEdgeForMinutesAndOnlyHashedAssetsForLong() {
        Map<String, Object> app = map(distribution(cloudfrontName).get("DefaultCacheBehavior"));
        assertEquals(Map.of("Ref", "AppShellCachePolicy"), app.get("CachePolicyId"));
        Map<String, Object> policy = map(cloudfrontName.properties("AppShellCachePolicy").get("CachePolicyConfig"));
        assertTrue(((Number) policy.get("MaxTTL")).intValue() <= 300, "index.html may stay " + policy.get("MaxTTL") + " s");
        assertEquals(0, ((Number) policy.get("MinTTL")).intValue(), "an upload's Cache-Control: no-cache must be honoured");
        assertEquals("658327ea-f89d-4fab-a63d-7e88639e58f6", behaviour(cloudfrontName, "/assets/*").get("CachePolicyId"),
                "the hashed assets use Managed-CachingOptimized");
        assertFalse(behaviour(cloudfrontName, "/assets/*").containsKey("FunctionAssociations"));
    }

    @Test
    void theBucketBlocksPublicAccessIsEncryptedAndOwnsItsObjects() {
        Map<String, Object> bucket = cloudfrontName.properties("AppBucket");
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), bucket.get("PublicAccessBlockConfiguration"));
        assertEquals(List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")), map(bucket.get("OwnershipControls")).get("Rules"));
        assertFalse(list(map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).isEmpty());
        assertFalse(bucket.containsKey("WebsiteConfiguration"), "a website endpoint is public and cannot use origin access control");
        assertFalse(bucket.containsKey("BucketName"), "bucket names are global: CloudFormation names it");
    }

    @Test
    void theBucketPolicyLetsOnlyTheDistributionReadAndOnlyOverHttps() {
        Map<String, Object> policy = cloudfrontName.properties("AppBucketPolicy");
        assertEquals(Map.of("Ref", "AppBucket"), policy.get("Bucket"));
        List<Map<String, Object>> statements = list(map(policy.get("PolicyDocument")).get("Statement")).stream()
                .map(SamTemplate::map).toList();
        List<Map<String, Object>> allows = statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).toList();
        assertEquals(1, allows.size(), "Allow statements: " + allows);
        Map<String, Object> allow = allows.get(0);
        assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), allow.get("Principal"));
        assertEquals("s3:GetObject", allow.get("Action"));
        assertEquals(Map.of("Fn::Sub", "${AppBucket.Arn}/*"), allow.get("Resource"));
        Object sourceArn = map(map(allow.get("Condition")).get("StringEquals")).get("AWS:SourceArn");
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${AppDistribution}"),
                sourceArn, "only this stack's distribution may read");
        assertTrue(statements.stream().anyMatch(s -> "Deny".equals(s.get("Effect"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(s.get("Condition"))),
                "plain-HTTP requests to the bucket are not denied");
    }

    @Test
    void withoutACustomDomainTheAppIsServedOnItsCloudfrontName() {
        Map<String, Object> config = distribution(cloudfrontName);
        assertNull(config.get("Aliases"));
        assertEquals(Map.of("CloudFrontDefaultCertificate", true), config.get("ViewerCertificate"));
        assertFalse(cloudfrontName.creates("AppDnsRecords"));
        assertEquals(Map.of("Fn::Sub", "https://${AppDistribution.DomainName}"), cloudfrontName.outputs().get("AppUrl"));
        assertEquals("http://localhost:5173", partiesOf(cloudfrontName), "the authorized parties stay as configured");
    }

    @Test
    void withACustomDomainTheDistributionAnswersForItWithItsUsEast1Certificate() {
        for (Deployment deployment : List.of(customDomain, customDomainOwnDns)) {
            Map<String, Object> config = distribution(deployment);
            assertEquals(List.of(DOMAIN), config.get("Aliases"));
            assertEquals(Map.of("AcmCertificateArn", CERTIFICATE, "SslSupportMethod", "sni-only",
                    "MinimumProtocolVersion", "TLSv1.2_2021"), config.get("ViewerCertificate"));
            assertEquals("https://" + DOMAIN, text(deployment.outputs().get("AppUrl")));
        }
        assertFalse(customDomainOwnDns.creates("AppDnsRecords"), "without AppHostedZoneId, DNS is the operator's");
        assertTrue(customDomain.creates("AppDnsRecords"));
        Map<String, Object> records = customDomain.properties("AppDnsRecords");
        assertEquals(ZONE, records.get("HostedZoneId"));
        Set<String> types = new TreeSet<>();
        for (Object record : list(records.get("RecordSets"))) {
            Map<String, Object> set = map(record);
            assertEquals(DOMAIN, set.get("Name"));
            assertEquals(Map.of("DNSName", Map.of("Fn::GetAtt", List.of("AppDistribution", "DomainName")),
                    "HostedZoneId", CLOUDFRONT_ZONE), set.get("AliasTarget"));
            types.add(String.valueOf(set.get("Type")));
        }
        assertEquals(Set.of("A", "AAAA"), types, "IPv4 and IPv6 aliases (the distribution has IPv6 on)");
        assertEquals(true, distribution(customDomain).get("IPV6Enabled"));
    }

    /** Clerk tokens minted for the app at its domain carry azp = https://<domain>: it must be an authorized party. */
    @Test
    void theCustomDomainIsAnAuthorizedPartyOfEveryFunction() {
        for (String function : customDomain.functions()) {
            List<Object> join = list(map(customDomain.environment(function).get("CLERK_AUTHORIZED_PARTIES")).get("Fn::Join"));
            assertEquals(",", join.get(0), function + "'s authorized parties are not a comma-separated list: " + join);
            assertEquals(List.of("https://" + DOMAIN, "http://localhost:5173"), list(join.get(1)).stream().map(WebAppTemplateTest::text).toList(),
                    function + "'s authorized parties");
        }
    }

    @Test
    void withWebAppFalseOnlyTheApiIsDeployed() {
        for (String resource : APP_RESOURCES) {
            assertTrue(apiOnly.has(resource), resource + " is not in the template");
            assertFalse(apiOnly.creates(resource), resource + " is created with WebApp false");
            assertTrue(cloudfrontName.creates(resource) || resource.equals("AppDnsRecords"), resource + " is not created with WebApp true");
        }
        assertEquals(Set.of("ApiUrl"), apiOnly.outputs().keySet());
        assertEquals(Set.of("ApiUrl", "AppUrl", "AppBucketName", "AppDistributionId", "AppDistributionDomainName"),
                cloudfrontName.outputs().keySet());
        assertEquals(Map.of("Ref", "AppBucket"), cloudfrontName.outputs().get("AppBucketName"));
        assertEquals(Map.of("Ref", "AppDistribution"), cloudfrontName.outputs().get("AppDistributionId"));
        assertFalse(apiOnly.functions().isEmpty());
        assertEquals("http://localhost:5173", partiesOf(apiOnly));
    }

    /** The API keeps its CORS for a development client on another origin, hosted app or not. */
    @Test
    void theApiKeepsItsCorsForADevelopmentClient() {
        for (Deployment deployment : List.of(cloudfrontName, apiOnly)) {
            String api = deployment.resourcesOfType("AWS::ApiGatewayV2::Api").get(0);
            Map<String, Object> cors = map(map(deployment.properties(api).get("Body")).get("x-amazon-apigateway-cors"));
            assertEquals(List.of("http://localhost:5173"), cors.get("allowOrigins"), "the HTTP API's CORS origins: " + cors);
            assertEquals(true, cors.get("allowCredentials"));
        }
    }

    @Test
    void aDomainNeedsItsCertificateTheWebAppAndADomainForItsRecords() {
        Map<String, Object> rules = map(template.root().get("Rules"));
        Map<String, String> nothing = Map.of("WebApp", "true", "AppDomainName", "", "AppCertificateArn", "", "AppHostedZoneId", "");
        Map<String, Boolean> cases = new LinkedHashMap<>();
        cases.put("no domain", refused(rules, nothing));
        cases.put("domain and certificate", refused(rules, with(nothing, "AppDomainName", DOMAIN, "AppCertificateArn", CERTIFICATE)));
        cases.put("domain, certificate and zone", refused(rules, with(nothing, "AppDomainName", DOMAIN,
                "AppCertificateArn", CERTIFICATE, "AppHostedZoneId", ZONE)));
        cases.put("api only", refused(rules, with(nothing, "WebApp", "false")));
        assertEquals(Map.of("no domain", false, "domain and certificate", false, "domain, certificate and zone", false,
                "api only", false), cases, "refused");
        assertTrue(refused(rules, with(nothing, "AppDomainName", DOMAIN)), "a domain without a certificate gets through");
        assertTrue(refused(rules, with(nothing, "AppCertificateArn", CERTIFICATE)), "a certificate without a domain gets through");
        assertTrue(refused(rules, with(nothing, "AppHostedZoneId", ZONE)), "a hosted zone without a domain gets through");
        assertTrue(refused(rules, with(nothing, "WebApp", "false", "AppDomainName", DOMAIN, "AppCertificateArn", CERTIFICATE)),
                "a domain without the web app gets through");
    }

    @Test
    void theCertificateMustBeAnAcmCertificateInUsEast1() {
        Pattern allowed = Pattern.compile(String.valueOf(template.parameter("AppCertificateArn").get("AllowedPattern")));
        assertTrue(allowed.matcher("").matches());
        assertTrue(allowed.matcher(CERTIFICATE).matches());
        for (String refused : List.of(CERTIFICATE.replace("us-east-1", "eu-central-1"),
                "arn:aws:iam::123456789012:server-certificate/moduo", "1234abcd-12ab-34cd-56ef-1234567890ab",
                CERTIFICATE + "\n", "arn:aws:acm:us-east-1:123456789012:certificate/")) {
            assertFalse(allowed.matcher(refused).matches(), "AppCertificateArn should refuse " + refused);
        }
        Pattern domain = Pattern.compile(String.valueOf(template.parameter("AppDomainName").get("AllowedPattern")));
        for (String accepted : List.of("", DOMAIN, "moduo.dev", "interviews.eu.example-company.com")) {
            assertTrue(domain.matcher(accepted).matches(), "AppDomainName should accept " + accepted);
        }
        for (String refused : List.of("https://app.moduo.dev", "App.Moduo.dev", "app.moduo.dev/", "localhost", "-app.moduo.dev", "app.moduo.dev.")) {
            assertFalse(domain.matcher(refused).matches(), "AppDomainName should refuse " + refused);
        }
        assertEquals("true", String.valueOf(template.parameter("WebApp").get("Default")));
    }

    private static boolean refused(Map<String, Object> rules, Map<String, String> parameters) {
        boolean any = false;
        for (Map.Entry<String, Object> rule : rules.entrySet()) {
            if (!rule.getKey().startsWith("App")) {
                continue; // the other rules are about other parameters
            }
            for (Object assertion : list(map(rule.getValue()).get("Assertions"))) {
                any = true;
                if (!RuleConditions.holds(map(assertion).get("Assert"), parameters)) {
                    return true;
                }
            }
        }
        assertTrue(any, "template.yaml has no App* rules");
        return false;
    }

    private static Map<String, String> with(Map<String, String> parameters, String... changes) {
        Map<String, String> changed = new HashMap<>(parameters);
        for (int i = 0; i < changes.length; i += 2) {
            changed.put(changes[i], changes[i + 1]);
        }
        return changed;
    }

    /** A value as text: the resolver leaves a resolved {@code !Sub} as a Fn::Sub with nothing left to substitute. */
    private static String text(Object value) {
        Object sub = map(value).get("Fn::Sub");
        if (sub instanceof String resolved && !resolved.contains("${")) {
            return resolved;
        }
        assertTrue(value instanceof String, "not a literal: " + value);
        return (String) value;
    }

    private static Object partiesOf(Deployment deployment) {
        Set<Object> values = new java.util.HashSet<>();
        for (String function : deployment.functions()) {
            values.add(deployment.environment(function).get("CLERK_AUTHORIZED_PARTIES"));
        }
        assertEquals(1, values.size(), "the functions disagree on their authorized parties: " + values);
        return values.iterator().next();
    }
}
