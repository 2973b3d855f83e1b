package dev.moduo.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import dev.moduo.core.Deadline;
import dev.moduo.stream.testing.Fault;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cleanup's once-per-environment run of the set-up. */
class RoomLockCheckTest {

    private final StandInClients stream = new StandInClients();
    private final StreamAppSetup setup = new StreamAppSetup(stream.http);

    /** What a cleanup run leaves the check: a quarter of it, 5 s here, is the set-up's budget. */
    private static Deadline cleanupDeadline() {
        return Deadline.after(Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    @Test
    void setsTheAppUpOnceAndThenAsksStreamNothing() {
        RoomLockCheck check = new RoomLockCheck(setup, stream.settings);

        assertTrue(check.ensure(cleanupDeadline()));
        assertTrue(check.ensure(cleanupDeadline()));

        assertEquals(1, stream.standIn.requests("GetCallType").size());
        assertFalse(stream.standIn.callTypeGrants().get("user").contains("join-call"));
    }

    @Test
    void aFailureIsReportedAndTheNextCallTriesAgain() {
        RoomLockCheck check = new RoomLockCheck(setup, stream.settings);
        stream.standIn.failNext("GetChannelType", Fault.status(403, 17, "not allowed"), 1);

        assertFalse(check.ensure(cleanupDeadline()));
        assertTrue(check.ensure(cleanupDeadline()));

        assertFalse(stream.standIn.messagingGrants().get("user").contains("create-channel"));
    }

    @Test
    void offLeavesTheStreamAppAlone() {
        RoomLockCheck check = new RoomLockCheck(setup, stream.settings.with(Map.of(RoomLockCheck.SETTING, "off")));

        assertTrue(check.ensure(cleanupDeadline()));

        assertTrue(stream.standIn.requests().isEmpty());
    }

    @Test
    void tooLittleTimeLeftSkipsTheSetUp() {
        RoomLockCheck check = new RoomLockCheck(setup, stream.settings);

        assertFalse(check.ensure(Deadline.after(Duration.ofMillis(2_000))));

        assertTrue(stream.standIn.requests().isEmpty());
    }

    @Test
    void aSettingOtherThanOnOrOffIsRefused() {
        assertThrows(Settings.InvalidSettingException.class,
                () -> new RoomLockCheck(setup, stream.settings.with(Map.of(RoomLockCheck.SETTING, "yes"))));
    }
}
