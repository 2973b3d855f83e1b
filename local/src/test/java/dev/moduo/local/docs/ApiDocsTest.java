package dev.moduo.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.local.LocalJson;
import dev.moduo.local.LocalRunner;
import dev.moduo.local.RunnerJar;
import dev.moduo.local.RunnerOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /_local/docs} over HTTP: which document, as the page uses it, and only the files the page needs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Blank values hide this machine's settings, so the embedded defaults start. */
    private static final Map<String, String> EMBEDDED = RunnerJar.SETTINGS.stream()
            .collect(Collectors.toMap(Function.identity(), name -> ""));
    private static final Path TEMPLATE = Path.of("../template.yaml");

    @TempDir
    static Path directory;
    private Path document;
    private LocalRunner builtIn;
    private LocalRunner given;

    @BeforeAll
    void start() throws IOException {
        document = directory.resolve("api.yaml");
        Files.writeString(document, document("First title"));
        // The tests run in local/, which has no openapi.yaml: this one serves the copy built into the jar.
        builtIn = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(TEMPLATE).withSchedules(false),
                EMBEDDED, line -> { });
        given = LocalRunner.start(RunnerOptions.defaults().withPort(0).withTemplate(TEMPLATE).withSchedules(false)
                .withOpenApi(document), EMBEDDED, line -> { });
    }

    @AfterAll
    void stop() {
        if (builtIn != null) {
            builtIn.close();
        }
        if (given != null) {
            given.close();
        }
    }

    private static String document(String title) {
        return """
                openapi: 3.1.0
                info:
                  title: %s
                  version: 1.0.0
                servers:
                  - url: https://abc123defg.execute-api.us-east-1.amazonaws.com
                paths:
                  /api/sessions/active:
                    get:
                      responses:
                        '200':
                          description: ok
                          content:
                            application/json:
                              example:
                                createdAt: 2026-11-26T10:00:00Z
                                on: yes
                """.formatted(title);
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response::body);
        return LocalJson.MAPPER.readTree(response.body());
    }

    @Test
    void theDocumentsOnlyServerIsTheOriginTheBrowserUsed() throws Exception {
        JsonNode viaLocalhost = json(get("http://localhost:" + given.port() + "/_local/docs/openapi.json"));
        JsonNode viaLoopback = json(get("http://127.0.0.1:" + given.port() + "/_local/docs/openapi.json"));

        assertEquals(1, viaLocalhost.get("servers").size());
        assertEquals("http://localhost:" + given.port(), viaLocalhost.get("servers").get(0).get("url").asText());
        assertEquals(1, viaLoopback.get("servers").size());
        assertEquals("http://127.0.0.1:" + given.port(), viaLoopback.get("servers").get(0).get("url").asText());
    }

    @Test
    void theGivenDocumentIsReadOnEachRequest() throws Exception {
        String url = given.baseUrl() + "/_local/docs/openapi.json";
        assertEquals("First title", json(get(url)).get("info").get("title").asText());

        Files.writeString(document, document("Edited title"));

        assertEquals("Edited title", json(get(url)).get("info").get("title").asText());
        Files.writeString(document, document("First title"));
    }

    @Test
    void datesAndWordsInExamplesStayTheTextTheyWereWrittenAs() throws Exception {
        JsonNode example = json(get(given.baseUrl() + "/_local/docs/openapi.json")).at(
                "/paths/~1api~1sessions~1active/get/responses/200/content/application~1json/example");

        assertEquals("2026-11-26T10:00:00Z", example.get("createdAt").textValue());
        assertEquals("yes", example.get("on").textValue());
    }

    @Test
    void withoutADocumentInTheWorkingDirectoryTheOneBuiltIntoTheJarIsServed() throws Exception {
        HttpResponse<String> yaml = get(builtIn.baseUrl() + "/_local/docs/openapi.yaml");

        assertEquals(200, yaml.statusCode());
        assertEquals(Files.readString(Path.of("../openapi.yaml")), yaml.body());
        assertTrue(json(get(builtIn.baseUrl() + "/_local/docs/openapi.json")).get("info").get("description").asText()
                .startsWith("**Local runner** (the openapi.yaml built into the runner)"));
    }

    @Test
    void thePageNamesTheDevelopmentIssuersTokenEndpoint() throws Exception {
        String description = json(get(builtIn.baseUrl() + "/_local/docs/openapi.json")).get("info").get("description").asText();

        assertTrue(description.contains("[" + builtIn.baseUrl() + "/_local/token?user=user_host]"), description);
    }

    @Test
    void onlySwaggerUisFilesThatThePageUsesAreServed() throws Exception {
        HttpResponse<String> bundle = get(builtIn.baseUrl() + "/_local/docs/swagger-ui-bundle.js");
        HttpResponse<String> other = get(builtIn.baseUrl() + "/_local/docs/swagger-ui-es-bundle.js");
        HttpResponse<String> outside = get(builtIn.baseUrl() + "/_local/docs/..%2F..%2Fpom.xml");

        assertEquals(200, bundle.statusCode());
        assertEquals("text/javascript; charset=utf-8", bundle.headers().firstValue("content-type").orElse(""));
        assertEquals(404, other.statusCode());
        assertEquals(404, outside.statusCode());
    }

    @Test
    void thePageIsServedWithAPolicyThatKeepsItOnItsOwnOrigin() throws Exception {
        HttpResponse<String> page = get(builtIn.baseUrl() + "/_local/docs");

        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/_local/docs/swagger-ui-bundle.js\"></script>"), page::body);
        String policy = page.headers().firstValue("content-security-policy").orElse("");
        assertTrue(policy.contains("default-src 'self'") && policy.contains("connect-src 'self'"), policy);
    }

    @Test
    void aMissingDocumentStopsTheStartNamingIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LocalRunner.start(
                RunnerOptions.defaults().withPort(0).withTemplate(TEMPLATE).withOpenApi(directory.resolve("none.yaml")),
                EMBEDDED, line -> { }));

        assertEquals("--openapi " + directory.resolve("none.yaml") + ": no such file", refused.getMessage());
    }
}
