package dev.moduo.local.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The webhook signing secrets {@code invoke} and {@code generate-event} use when none is given, so that an
 * event {@code generate-event} signs verifies in a later {@code invoke}, each its own process. Not secrets:
 * only the stand-ins of one {@code invoke} run accept them (its Clerk webhook function's setting and its own
 * Stream emulator), and no network reaches those. The runner, which listens on a port, makes its own for
 * every run instead, or uses the ones given.
 */
public final class KnownDevelopmentSecrets {

    /** Svix's form: {@code whsec_} and base64. */
    public static final String CLERK_WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("moduo-local invoke: development webhooks only".getBytes(StandardCharsets.US_ASCII));
    /** The embedded Stream emulator's API secret in {@code invoke}; Stream webhooks are signed with it. */
    public static final String STREAM_API_SECRET = "moduo-local-invoke-development-only";

    private KnownDevelopmentSecrets() {
    }
}
