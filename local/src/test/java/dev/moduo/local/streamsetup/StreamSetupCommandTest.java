package dev.moduo.local.streamsetup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.moduo.core.Json;
import dev.moduo.stream.testing.Fault;
import dev.moduo.stream.testing.StreamStandIn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code moduo-local.jar stream-setup} against the Stream stand-in, with the deployment's key and secret from the environment. */
class StreamSetupCommandTest {

    private final StreamStandIn stream = new StreamStandIn();
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    @AfterEach
    void stop() {
        assertEquals(List.of(), stream.violations());
        stream.close();
    }

    @Test
    void firstRunLocksTheAppAndPrintsWhatChanged() throws Exception {
        assertEquals(StreamSetupCommand.DONE, command(stream.settings()).run(new String[0]));

        JsonNode report = Json.read(out.get(0));
        assertTrue(report.get("changed").asBoolean());
        assertFalse(stream.callTypeGrants().get("user").contains("join-call"));
        assertTrue(stream.guestUserCreationDisabled());
    }

    @Test
    void secondRunPrintsThatNothingChanged() throws Exception {
        command(stream.settings()).run(new String[0]);
        out.clear();

        assertEquals(StreamSetupCommand.DONE, command(stream.settings()).run(new String[0]));

        assertFalse(Json.read(out.get(0)).get("changed").asBoolean());
        assertTrue(err.get(err.size() - 1).contains("already locked"), err.toString());
    }

    @Test
    void streamFailingExitsOneAndLeavesTheGrants() {
        Map<String, List<String>> before = stream.callTypeGrants();
        stream.failNext("UpdateCallType", Fault.internalError(), 100);

        assertEquals(StreamSetupCommand.FAILED, command(stream.settings()).run(new String[0]));

        assertEquals(before, stream.callTypeGrants());
        assertTrue(err.get(0).contains("UpdateCallType"), err.toString());
        assertFalse(String.join("\n", err).contains(stream.apiSecret()));
    }

    @Test
    void withoutCredentialsNothingIsSent() {
        assertEquals(StreamSetupCommand.NOT_RUN, command(Map.of("STREAM_BASE_URL", stream.baseUrl())).run(new String[0]));

        assertTrue(stream.requests().isEmpty());
        assertTrue(err.get(0).contains("STREAM_API_KEY"), err.toString());
    }

    private StreamSetupCommand command(Map<String, String> environment) {
        return new StreamSetupCommand(environment, out::add, err::add);
    }
}
