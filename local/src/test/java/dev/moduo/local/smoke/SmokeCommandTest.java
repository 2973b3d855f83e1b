package dev.moduo.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.local.LocalRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The command as a whole: nothing is sent when the tokens cannot work, and the jar's main hands {@code smoke} over. */
class SmokeCommandTest {

    @Test
    void anExpiredTokenSendsNothingAndExitsTwo() throws IOException {
        Instant issued = Instant.parse("2026-03-01T10:00:00Z");
        AtomicInteger requests = new AtomicInteger();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        api.start();
        try (ClerkTestIssuer clerk = new ClerkTestIssuer()) {
            Map<String, String> environment = Map.of(
                    SmokeOptions.HOST_TOKEN_VARIABLE, clerk.tokenFor("user_host").issuedAt(issued).build(),
                    SmokeOptions.GUEST_TOKEN_VARIABLE, clerk.tokenFor("user_guest").issuedAt(issued).build());

            SmokeRun run = SmokeRun.of(environment, Clock.fixed(issued.plusSeconds(61), ZoneOffset.UTC),
                    "--api", "http://127.0.0.1:" + api.getAddress().getPort());

            assertEquals(SmokeCommand.NOT_RUN, run.exit(), run::toString);
            assertTrue(run.err().get(0).startsWith("MODUO_HOST_TOKEN expired 1 s ago"), run::toString);
            assertEquals(List.of(), run.steps());
            assertEquals(0, requests.get());
        } finally {
            api.stop(0);
        }
    }

    @Test
    void theJarsMainHandsTheSmokeSubcommandOver() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalRunner.class.getName(), "smoke").redirectErrorStream(true);
        builder.environment().remove(SmokeOptions.HOST_TOKEN_VARIABLE);
        builder.environment().remove(SmokeOptions.GUEST_TOKEN_VARIABLE);
        Process process = builder.start();
        process.getOutputStream().close();

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(SmokeCommand.NOT_RUN, process.exitValue(), output);
        assertTrue(output.startsWith("--api URL is required: the ApiUrl output of the deployed stack"), output);
    }
}
