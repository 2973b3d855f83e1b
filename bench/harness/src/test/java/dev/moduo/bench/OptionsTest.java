package dev.moduo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The command line's HTTP options. */
class OptionsTest {

    @Test
    void theMostWorkersAtOnceAreTheLargestConcurrencys() {
        assertEquals(48, Options.parse(new String[] {"--concurrency", "4,48,16"}).http().workers());
    }

    @Test
    void aConcurrencyBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Options.parse(new String[] {"--concurrency", "8,0"}));
    }
}
