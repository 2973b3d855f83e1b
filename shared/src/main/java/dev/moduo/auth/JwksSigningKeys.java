package dev.moduo.auth;

import dev.moduo.core.Refusal;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Signing keys from a JWKS, fetched on first need and cached.
 *
 * <p>A token naming a kid the cache does not hold triggers a refetch (Clerk rotated its key), but at
 * most once per {@link #REFETCH_INTERVAL}: the kid is attacker input, and a flood of made-up kids must
 * not turn into a flood of requests to Clerk. Keys older than {@link #MAX_AGE} are refreshed on the
 * same budget so a key Clerk withdrew stops verifying in a warm container, as Clerk's SDK does with
 * its 5-minute cache. When a refresh fails, keys already held keep serving: 503 only when none can.
 */
final class JwksSigningKeys implements SigningKeys {

    static final Duration REFETCH_INTERVAL = Duration.ofMinutes(1);
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** One download of the key set. */
    interface Source {
        Map<String, RSAPublicKey> fetch() throws JwksFetchException;
    }

    private final Source source;
    private final Clock clock;

    private Map<String, RSAPublicKey> keys;
    private Instant fetchedAt;
    private Instant lastRefetch;
    private JwksFetchException lastRefetchFailure;

    JwksSigningKeys(Source source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    // Synchronized so concurrent first requests share one fetch instead of each starting their own.
    @Override
    public synchronized RSAPublicKey keyFor(String keyId) {
        if (keyId == null || keyId.isBlank()) {
            throw Refusal.unauthenticated("Session token has no key id");
        }
        Instant now = clock.instant();
        if (keys == null) {
            try {
                load(now);
            } catch (JwksFetchException e) {
                throw new SigningKeysUnavailable("Clerk's JWKS could not be fetched and no key is cached", e);
            }
        } else if ((!keys.containsKey(keyId) || isStale(now)) && mayRefetch(now)) {
            lastRefetch = now;
            try {
                load(now);
                lastRefetchFailure = null;
            } catch (JwksFetchException e) {
                lastRefetchFailure = e;
            }
        }
        RSAPublicKey key = keys.get(keyId);
        if (key != null) {
            return key;
        }
        if (lastRefetchFailure != null) {
            // The kid may be a key Clerk has just rotated to; without a fresh set that cannot be told apart.
            throw new SigningKeysUnavailable("Clerk's JWKS could not be fetched again for a key id it did not have", lastRefetchFailure);
        }
        throw Refusal.unauthenticated("Session token was signed by an unknown key");
    }

    private void load(Instant now) throws JwksFetchException {
        keys = source.fetch();
        fetchedAt = now;
    }

    private boolean isStale(Instant now) {
        return !now.isBefore(fetchedAt.plus(MAX_AGE));
    }

    private boolean mayRefetch(Instant now) {
        return lastRefetch == null || !now.isBefore(lastRefetch.plus(REFETCH_INTERVAL));
    }
}
