package dev.moduo.local.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.local.RunnerJar;
import dev.moduo.local.browser.HeadlessChromium;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /_local/docs} in a real browser (Debian's chromium, headless), served by the built jar started from
 * the repository root as the README says: the page authorizes with a development token and runs a request
 * with "Try it out". Skipped, saying so, where no chromium is installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDocsBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ACTIVE_SESSIONS = "document.getElementById('operations-sessions-listActiveSessions')";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Optional<Path> chromium = HeadlessChromium.find();
    private RunnerJar.Server runner;
    private HeadlessChromium browser;

    @BeforeAll
    void start() throws IOException, InterruptedException {
        if (chromium.isPresent()) {
            runner = RunnerJar.serve(RunnerJar.repositoryRoot(), "--no-schedules");
            browser = HeadlessChromium.start(chromium.get());
        }
    }

    /** Per test, so each is reported as skipped with the reason (an assumption in @BeforeAll reports nothing). */
    @BeforeEach
    void needsChromium() {
        Assumptions.assumeTrue(chromium.isPresent(), "No chromium on this machine (apt-get install -y chromium):"
                + " the API docs page's headless-browser test is skipped");
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void tryItOutWithADevelopmentTokenShowsTheRunnersAnswer() throws Exception {
        String user = "user_docs_" + UUID.randomUUID().toString().substring(0, 8);
        String token = get("/_local/token?user=" + user).body();
        String title = "Docs page " + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/sessions"))
                .header("authorization", "Bearer " + token).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"problemTitle\":\"" + title + "\",\"difficulty\":\"easy\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created::body);

        openDocs();
        authorize(token);
        browser.evaluate(ACTIVE_SESSIONS + ".querySelector('.opblock-summary-control').click()");
        browser.waitUntil(ACTIVE_SESSIONS + ".querySelector('.try-out__btn')", WAIT, "the Try it out button");
        browser.evaluate(ACTIVE_SESSIONS + ".querySelector('.try-out__btn').click()");
        browser.waitUntil(ACTIVE_SESSIONS + ".querySelector('.btn.execute')", WAIT, "the Execute button");
        browser.evaluate(ACTIVE_SESSIONS + ".querySelector('.btn.execute').click()");
        browser.waitUntil(ACTIVE_SESSIONS + ".querySelector('.live-responses-table tbody tr.response .response-col_status')", WAIT,
                "the response to Execute");

        String status = browser.evaluate(ACTIVE_SESSIONS
                + ".querySelector('.live-responses-table tbody tr.response .response-col_status').textContent.trim()").asText();
        String body = browser.evaluate(ACTIVE_SESSIONS
                + ".querySelector('.live-responses-table tbody tr.response .response-col_description').textContent").asText();
        String url = browser.evaluate(ACTIVE_SESSIONS + ".querySelector('.request-url pre').textContent").asText();
        assertEquals("200", status, body);
        assertTrue(body.contains(title), body);
        assertTrue(url.trim().startsWith(runner.baseUrl() + "/api/sessions/active"), url);
    }

    @Test
    void thePageLoadsAndCallsNothingOutsideTheRunner() {
        int before = browser.requestedUrls().size();

        openDocs();

        List<String> urls = browser.requestedUrls().subList(before, browser.requestedUrls().size());
        assertTrue(urls.contains(runner.baseUrl() + "/_local/docs/openapi.json"), urls::toString);
        assertTrue(urls.contains(runner.baseUrl() + "/_local/docs/swagger-ui-bundle.js"), urls::toString);
        List<String> elsewhere = urls.stream()
                .filter(url -> !url.startsWith(runner.baseUrl() + "/") && !url.startsWith("data:")).toList();
        assertEquals(List.of(), elsewhere);
        assertFalse(browser.console().stream().anyMatch(line -> line.contains("Content Security Policy")), browser.console()::toString);
    }

    private void openDocs() {
        browser.navigate(runner.baseUrl() + "/_local/docs");
        browser.waitUntil(ACTIVE_SESSIONS, WAIT, "Swagger UI to show GET /api/sessions/active");
    }

    /** As a person does: Authorize, paste the token as clerkBearer, Authorize, Close. */
    private void authorize(String token) {
        browser.evaluate("document.querySelector('.auth-wrapper .authorize').click()");
        String bearer = "[...document.querySelectorAll('.modal-ux .auth-container')]"
                + ".find(c => c.textContent.includes('clerkBearer'))";
        browser.waitUntil(bearer + "?.querySelector('input')", WAIT, "the clerkBearer field of the Authorize dialog");
        browser.evaluate(bearer + ".querySelector('input').focus()");
        browser.type(token);
        browser.evaluate(bearer + ".querySelector('button.authorize').click()");
        browser.waitUntil(bearer + ".textContent.includes('Authorized')", WAIT, "clerkBearer to show Authorized");
        browser.evaluate("document.querySelector('.modal-ux .close-modal').click()");
        browser.waitUntil("!document.querySelector('.modal-ux')", WAIT, "the Authorize dialog to close");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return response;
    }

}
