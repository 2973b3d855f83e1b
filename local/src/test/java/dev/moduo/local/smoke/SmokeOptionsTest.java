package dev.moduo.local.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moduo.auth.testing.ClerkTestIssuer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** How {@code smoke} reads its options and tokens, judged against a fixed clock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeOptionsTest {

    private static final Instant ISSUED = Instant.parse("2026-03-01T10:00:00Z");
    private static final Clock TEN_SECONDS_LATER = Clock.fixed(ISSUED.plusSeconds(10), ZoneOffset.UTC);
    private static final String API = "https://abc123.execute-api.eu-west-1.amazonaws.com";

    private final ClerkTestIssuer clerk = new ClerkTestIssuer();
    private final String hostToken = clerk.tokenFor("user_host").issuedAt(ISSUED).build();
    private final String guestToken = clerk.tokenFor("user_guest").issuedAt(ISSUED).build();

    @TempDir
    Path directory;

    @AfterAll
    void stopIssuer() {
        clerk.close();
    }

    private Map<String, String> environment() {
        return Map.of(SmokeOptions.HOST_TOKEN_VARIABLE, hostToken, SmokeOptions.GUEST_TOKEN_VARIABLE, guestToken);
    }

    private static String refusal(Map<String, String> environment, Clock clock, String... args) {
        return assertThrows(IllegalArgumentException.class,
                () -> SmokeOptions.parse(args, environment, TokenPrompt.none(), clock)).getMessage();
    }

    @Test
    void theApiUrlIsTakenAsTheStackOutputsItOrWithATrailingSlashOrApi() {
        for (String given : new String[] {API, API + "/", API + "/api", API + "/api/"}) {
            assertEquals(URI.create(API), SmokeOptions.apiBase(given), given);
        }
    }

    @Test
    void anApiUrlThatIsNotHttpIsRefused() {
        assertEquals("--api must be the API's URL, e.g. https://<id>.execute-api.<region>.amazonaws.com (got abc123.execute-api)",
                refusal(environment(), TEN_SECONDS_LATER, "--api", "abc123.execute-api"));
    }

    @Test
    void tokensComeFromTheEnvironment() {
        SmokeOptions options = SmokeOptions.parse(new String[] {"--api", API}, environment(), TokenPrompt.none(), TEN_SECONDS_LATER);

        assertEquals("user_host", options.host().userId());
        assertEquals("user_guest", options.guest().userId());
        assertEquals(ISSUED.plus(ClerkTestIssuer.LIFETIME), options.host().expiresAt());
    }

    @Test
    void aTokenFileWinsOverTheEnvironment() throws IOException {
        Path file = Files.writeString(directory.resolve("guest.jwt"),
                clerk.tokenFor("user_other_guest").issuedAt(ISSUED).build() + "\n");

        SmokeOptions options = SmokeOptions.parse(new String[] {"--api", API, "--guest-token-file", file.toString()},
                environment(), TokenPrompt.none(), TEN_SECONDS_LATER);

        assertEquals("user_other_guest", options.guest().userId());
        assertEquals("--guest-token-file " + file, options.guest().source());
    }

    @Test
    void aMissingTokenIsAskedFor() {
        SmokeOptions options = SmokeOptions.parse(new String[] {"--api", API},
                Map.of(SmokeOptions.HOST_TOKEN_VARIABLE, hostToken),
                question -> question.contains("guest") ? Optional.of(guestToken) : Optional.empty(), TEN_SECONDS_LATER);

        assertEquals("user_guest", options.guest().userId());
    }

    @Test
    void aMissingTokenWithNobodyToAskIsExplained() {
        assertEquals("No guest token: set MODUO_GUEST_TOKEN or pass --guest-token-file FILE (a Clerk session token of"
                        + " the guest, see the README's Smoke-test section)",
                refusal(Map.of(SmokeOptions.HOST_TOKEN_VARIABLE, hostToken), TEN_SECONDS_LATER, "--api", API));
    }

    @Test
    void aTokenOnTheCommandLineIsRefused() {
        assertEquals("--host-token is not accepted: a token on the command line shows in ps and the shell's history."
                        + " Set MODUO_HOST_TOKEN or use --host-token-file",
                refusal(Map.of(), TEN_SECONDS_LATER, "--api", API, "--host-token", hostToken));
    }

    @Test
    void anExpiredTokenIsRefusedWithItsAge() {
        Clock ninetySecondsLater = Clock.fixed(ISSUED.plusSeconds(90), ZoneOffset.UTC);

        assertEquals("MODUO_HOST_TOKEN expired 30 s ago (Clerk session tokens live 60 s): get a fresh one and run again"
                + " straight away", refusal(environment(), ninetySecondsLater, "--api", API));
    }

    @Test
    void twoTokensOfOneUserAreRefused() {
        Map<String, String> sameUser = Map.of(SmokeOptions.HOST_TOKEN_VARIABLE, hostToken,
                SmokeOptions.GUEST_TOKEN_VARIABLE, clerk.tokenFor("user_host").issuedAt(ISSUED).build());

        assertEquals("Both tokens are for user_host: the host and the guest must be two different users",
                refusal(sameUser, TEN_SECONDS_LATER, "--api", API));
    }

    @Test
    void somethingThatIsNotAJwtIsRefusedWithoutRepeatingIt() {
        String pasted = "sk_live_not-a-session-token";

        String message = refusal(Map.of(SmokeOptions.HOST_TOKEN_VARIABLE, pasted, SmokeOptions.GUEST_TOKEN_VARIABLE, guestToken),
                TEN_SECONDS_LATER, "--api", API);

        assertEquals("MODUO_HOST_TOKEN is not a Clerk session token (a JWT of three dot-separated parts)", message);
        assertFalse(message.contains(pasted));
    }
}
