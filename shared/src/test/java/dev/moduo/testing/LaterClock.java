package dev.moduo.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real clock moved ahead by an amount a test sets: a cleanup context built once with it can run
 * "ten minutes from now", when every lease taken until now has run out, then "three hours from now".
 */
public final class LaterClock extends Clock {

    private volatile Duration ahead = Duration.ZERO;

    public void ahead(Duration ahead) {
        this.ahead = ahead;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
