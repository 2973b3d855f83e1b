package dev.moduo.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {

    private static final SamTemplate REPOSITORY = TemplateReader.read(Path.of("../template.yaml"));

    @Test
    void repositoryTemplateDeclaresTheContractsRoutes() {
        List<String> routeKeys = REPOSITORY.functions().stream()
                .flatMap(function -> function.routes().stream().map(HttpRoute::routeKey)).toList();

        assertTrue(routeKeys.containsAll(List.of("POST /api/sessions", "GET /api/sessions/{sessionId}",
                "GET /api/sessions/active", "GET /api/sessions/recent", "POST /api/sessions/{sessionId}/join",
                "POST /api/sessions/{sessionId}/end", "GET /api/chats/token")), routeKeys::toString);
    }

    @Test
    void handlerTimeoutAndMemoryComeFromTheFunctionOrGlobals() {
        FunctionSpec create = REPOSITORY.function("CreateSessionFunction").orElseThrow();

        assertEquals("dev.moduo.functions.create.CreateSessionFunction", create.handler());
        assertEquals(Duration.ofSeconds(15), create.timeout());
        assertEquals(1024, create.memoryMb());
    }

    @Test
    void onlyValuesKnownBeforeDeployingAreKept() {
        Map<String, String> environment = REPOSITORY.function("StreamTokenFunction").orElseThrow().environment();

        assertEquals("moduo", environment.get("MONGODB_DATABASE"), "!Ref to a parameter with a default");
        assertEquals("PT6H", environment.get("STREAM_TOKEN_TTL"));
        assertFalse(environment.containsKey("MONGODB_URI"), "an !If on a condition is not known locally");
        assertFalse(environment.containsKey("STREAM_SECRET_ID"), "a parameter without a default is not known");
        assertFalse(environment.containsKey("CLERK_JWKS_URL"), "an empty default is no value");
    }

    @Test
    void corsConfigurationResolvesTheAllowedOriginParameter() {
        CorsSpec cors = REPOSITORY.cors().orElseThrow();

        assertEquals(List.of("http://localhost:5173"), cors.allowOrigins());
        assertTrue(cors.allowCredentials());
        assertEquals(List.of("authorization", "content-type"), cors.allowHeaders());
        assertEquals(List.of("GET", "POST", "OPTIONS"), cors.allowMethods());
        assertEquals(600, cors.maxAgeSeconds());
    }

    @Test
    void lambdaDefaultsApplyWithoutGlobals() {
        SamTemplate template = TemplateReader.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler
                """, "test");

        FunctionSpec function = template.function("Fn").orElseThrow();
        assertEquals(Duration.ofSeconds(3), function.timeout());
        assertEquals(128, function.memoryMb());
        assertTrue(template.cors().isEmpty());
    }

    @Test
    void shortAndLongFormIntrinsicsAreBothRead() {
        SamTemplate template = TemplateReader.parse("""
                Parameters:
                  Origin:
                    Type: String
                    Default: https://app.example
                Resources:
                  Api:
                    Type: AWS::Serverless::HttpApi
                    Properties:
                      CorsConfiguration:
                        AllowOrigins:
                          - Ref: Origin
                          - !Sub 'https://${AWS::Region}.example'
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: !Sub 'example.Handler'
                      Environment:
                        Variables:
                          ARN: !GetAtt Other.Arn
                          LIST: !Join [',', [a, b]]
                          PLAIN: !Sub 'no-variables'
                          FLAG: true
                """, "test");

        assertEquals(List.of("https://app.example"), template.cors().orElseThrow().allowOrigins());
        FunctionSpec function = template.function("Fn").orElseThrow();
        assertEquals("example.Handler", function.handler());
        assertEquals(Map.of("PLAIN", "no-variables", "FLAG", "true"), function.environment());
    }

    @Test
    void numberTheRunnerCannotKnowIsRefused() {
        TemplateException refused = assertThrows(TemplateException.class, () -> TemplateReader.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler
                      Timeout: !Ref Missing
                """, "test"));

        assertEquals("Resources.Fn.Timeout must be a number the runner can read without deploying", refused.getMessage());
    }

    @Test
    void schedulesAreReadWithTheirExpressionAndState() {
        SamTemplate template = TemplateReader.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler
                      Events:
                        Often:
                          Type: Schedule
                          Properties:
                            Schedule: rate(5 minutes)
                            Input: '{"a":1}'
                        Off:
                          Type: ScheduleV2
                          Properties:
                            ScheduleExpression: rate(1 hour)
                            State: DISABLED
                """, "test");

        List<ScheduleSpec> schedules = template.function("Fn").orElseThrow().schedules();
        assertEquals(new ScheduleSpec("Often", "Schedule", "rate(5 minutes)", "{\"a\":1}", true), schedules.get(0));
        assertEquals(new ScheduleSpec("Off", "ScheduleV2", "rate(1 hour)", null, false), schedules.get(1));
    }

    @Test
    void httpApiEventWithoutMethodOrPathIsTheDefaultRoute() {
        SamTemplate template = TemplateReader.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: example.Handler
                      Events:
                        All:
                          Type: HttpApi
                """, "test");

        assertEquals(List.of(new HttpRoute("ANY", "$default")), template.function("Fn").orElseThrow().routes());
    }

    @Test
    void functionWithoutHandlerIsRefused() {
        TemplateException refused = assertThrows(TemplateException.class, () -> TemplateReader.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java17
                """, "test"));

        assertEquals("Resources.Fn has no Handler", refused.getMessage());
    }
}
