package dev.moduo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ColdStartTest {

    @Test
    void onlyTheFirstInvocationOfAnEnvironmentIsCold() {
        ColdStart coldStart = new ColdStart();

        assertEquals(ColdStart.Kind.ON_DEMAND, coldStart.take());
        assertNull(coldStart.take());
        assertNull(coldStart.take());
    }

    @Test
    void theFirstInvocationAfterARestoreIsASnapStartColdStart() {
        ColdStart coldStart = new ColdStart();
        coldStart.take();

        coldStart.restored();

        assertEquals(ColdStart.Kind.SNAP_START, coldStart.take());
        assertNull(coldStart.take());
    }

    @Test
    void aRestoreBeforeAnyInvocationIsStillOneColdStart() {
        ColdStart coldStart = new ColdStart();

        coldStart.restored();

        assertEquals(ColdStart.Kind.SNAP_START, coldStart.take());
        assertNull(coldStart.take());
    }
}
