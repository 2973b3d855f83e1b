package dev.moduo.session;

import dev.moduo.snapstart.Reconnectable;
import jakarta.inject.Singleton;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.types.ObjectId;

/**
 * New session ids: ObjectIds laid out as bson lays them out (creation second, 5 random bytes, a 3-byte
 * counter), so ids made by one environment sort in the order they were made, as lists expect.
 *
 * <p>Not {@code new ObjectId()}: bson draws its random bytes and counter start once, when the class is
 * initialised, and a SnapStart snapshot is taken after that. Every environment restored from one snapshot
 * would then make the same ids in the same order, and two creates in the same second on two environments
 * would collide on {@code _id} (one answering 500). Here the random bytes and the counter start are drawn
 * on first use and forgotten before a snapshot, so each restored environment draws its own, from the
 * operating system's entropy ({@link SecureRandom}'s default Linux generator reads {@code /dev/urandom},
 * which the kernel reseeds after a restore).
 */
@Singleton
public final class SessionIds implements Reconnectable, Serializable {

    private static final long serialVersionUID = 1L;

    private transient SecureRandom entropy;
    private volatile Origin origin;

    public ObjectId next(Instant createdAt) {
        Origin current = origin();
        int count = current.counter().getAndIncrement() & 0xFFFFFF;
        byte[] bytes = new byte[12];
        long seconds = createdAt.getEpochSecond();
        bytes[0] = (byte) (seconds >>> 24);
        bytes[1] = (byte) (seconds >>> 16);
        bytes[2] = (byte) (seconds >>> 8);
        bytes[3] = (byte) seconds;
        System.arraycopy(current.random(), 0, bytes, 4, 5);
        bytes[9] = (byte) (count >>> 16);
        bytes[10] = (byte) (count >>> 8);
        bytes[11] = (byte) count;
        return new ObjectId(bytes);
    }

    /** Forgets this environment's random bytes and counter: every environment restored from the snapshot draws its own. */
    @Override
    public void beforeSnapshot() {
        origin = null;
    }

    private Origin origin() {
        Origin current = origin;
        if (current == null) {
            synchronized (this) {
                current = origin;
                if (current == null) {
                    if (entropy == null) {
                        entropy = new SecureRandom();
                    }
                    byte[] random = new byte[5];
                    entropy.nextBytes(random);
                    byte[] start = new byte[3];
                    entropy.nextBytes(start);
                    current = new Origin(random, new AtomicInteger(((start[0] & 0xFF) << 16) | ((start[1] & 0xFF) << 8) | (start[2] & 0xFF)));
                    origin = current;
                }
            }
        }
        return current;
    }

    private record Origin(byte[] random, AtomicInteger counter) implements Serializable {
    }
}
