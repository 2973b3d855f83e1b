package dev.moduo.local.smoke;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code smoke} was asked to check, and with which two users. Tokens come from a file option, else
 * the environment, else a hidden prompt; never from the command line, where {@code ps} and the shell's
 * history would keep them.
 *
 * @param api the API's base URL, without a trailing slash or {@code /api}
 */
record SmokeOptions(URI api, ClerkSessionToken host, ClerkSessionToken guest) {

    static final String HOST_TOKEN_VARIABLE = "MODUO_HOST_TOKEN";
    static final String GUEST_TOKEN_VARIABLE = "MODUO_GUEST_TOKEN";
    static final String USAGE = """
            Usage: java -jar local/target/moduo-local.jar smoke --api URL [--host-token-file FILE] [--guest-token-file FILE]
              Walks a deployed Moduo API as two signed-in Clerk users (create, get, join, token, end, recent),
              checks every answer against the API contract, and ends the session it created.
              --api URL                the stack's ApiUrl output, e.g. https://<id>.execute-api.<region>.amazonaws.com
              --host-token-file FILE   file holding the host's Clerk session token (default: MODUO_HOST_TOKEN, else asked)
              --guest-token-file FILE  file holding the guest's, another user (default: MODUO_GUEST_TOKEN, else asked)
              Clerk session tokens live 60 seconds; the walk takes a few. Tokens are never printed.
              Exit status: 0 every step passed; 1 a step failed (the last line names it); 2 nothing was tried.""";

    /**
     * Reads the command line and the two tokens; throws {@link IllegalArgumentException} with the problem
     * for anything that would make the walk pointless (no URL, a missing, expired or duplicate token).
     */
    static SmokeOptions parse(String[] args, Map<String, String> environment, TokenPrompt prompt, Clock clock) {
        String api = null;
        Path hostFile = null;
        Path guestFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--api", "--host-token-file", "--guest-token-file" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--api" -> api = value;
                        case "--host-token-file" -> hostFile = Path.of(value);
                        default -> guestFile = Path.of(value);
                    }
                }
                case "--host-token", "--guest-token" -> throw new IllegalArgumentException(name + " is not accepted:"
                        + " a token on the command line shows in ps and the shell's history. Set "
                        + (name.startsWith("--host") ? HOST_TOKEN_VARIABLE : GUEST_TOKEN_VARIABLE) + " or use " + name + "-file");
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (api == null) {
            throw new IllegalArgumentException("--api URL is required: the ApiUrl output of the deployed stack");
        }
        URI base = apiBase(api);
        ClerkSessionToken host = token("host", hostFile, HOST_TOKEN_VARIABLE, "--host-token-file", environment, prompt);
        ClerkSessionToken guest = token("guest", guestFile, GUEST_TOKEN_VARIABLE, "--guest-token-file", environment, prompt);
        if (host.userId().equals(guest.userId())) {
            throw new IllegalArgumentException("Both tokens are for " + host.userId()
                    + ": the host and the guest must be two different users");
        }
        Instant now = clock.instant();
        for (ClerkSessionToken token : new ClerkSessionToken[] {host, guest}) {
            if (!token.expiresAt().isAfter(now)) {
                throw new IllegalArgumentException(token.source() + " expired "
                        + Duration.between(token.expiresAt(), now).toSeconds() + " s ago (Clerk session tokens live"
                        + " 60 s): get a fresh one and run again straight away");
            }
        }
        return new SmokeOptions(base, host, guest);
    }

    /** Accepts the ApiUrl output as it is, or with a trailing slash or {@code /api} (the web client's VITE_API_URL). */
    static URI apiBase(String value) {
        String problem = "--api must be the API's URL, e.g. https://<id>.execute-api.<region>.amazonaws.com (got " + value + ")";
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(problem);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        path = path.replaceAll("/+$", "");
        if (path.endsWith("/api")) {
            path = path.substring(0, path.length() - "/api".length());
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static ClerkSessionToken token(String role, Path file, String variable, String fileOption,
                                           Map<String, String> environment, TokenPrompt prompt) {
        if (file != null) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("Cannot read " + fileOption + " " + file + " (" + e.getClass().getSimpleName() + ")");
            }
            if (text.isBlank()) {
                throw new IllegalArgumentException(fileOption + " " + file + " is empty");
            }
            return ClerkSessionToken.of(fileOption + " " + file, text);
        }
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return ClerkSessionToken.of(variable, value);
        }
        Optional<String> asked = prompt.ask("The " + role + "'s Clerk session token (hidden): ");
        if (asked.isPresent() && !asked.get().isBlank()) {
            return ClerkSessionToken.of("the " + role + " token typed in", asked.get());
        }
        throw new IllegalArgumentException("No " + role + " token: set " + variable + " or pass " + fileOption
                + " FILE (a Clerk session token of the " + role + ", see the README's Smoke-test section)");
    }
}
