package dev.moduo.functions.streamwebhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moduo.testing.FunctionTestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SnapStart priming of this function runs, writes nothing, sends nothing to Stream, and the function reconnects. */
class StreamWebhookFunctionSnapStartTest {

    @Test
    void primingChangesNoDataAndSendsNothingToStream() {
        try (FunctionTestEnvironment env = new FunctionTestEnvironment()) {
            env.set("CLERK_WEBHOOK_SECRET", "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]));
            env.seedSession("user_host", "Two Sum");
            StreamWebhookFunction function = env.function(StreamWebhookFunction::new);
            try {
                List<String> before = env.allDocuments();
                int streamRequests = env.stream().requests().size();

                function.snapStart().beforeCheckpoint(null);
                function.snapStart().afterRestore(null);

                assertEquals(before, env.allDocuments());
                assertEquals(streamRequests, env.stream().requests().size());
            } finally {
                function.close();
            }
        }
    }
}
