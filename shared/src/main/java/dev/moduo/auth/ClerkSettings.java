package dev.moduo.auth;

import dev.moduo.config.Settings;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the verifier's settings. Cheap on purpose: nothing is fetched, and only a PEM is parsed. */
final class ClerkSettings {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private ClerkSettings() {
    }

    /** The configured key source, or null when neither setting is present. */
    static SigningKeys signingKeys(Settings settings) {
        String pem = settings.get(ClerkTokenVerifier.JWT_KEY_SETTING).orElse(null);
        if (pem != null) {
            try {
                return SigningKeys.pem(pem);
            } catch (IllegalArgumentException e) {
                throw new Settings.InvalidSettingException(
                        ClerkTokenVerifier.JWT_KEY_SETTING, PemPublicKey.EXPECTED);
            }
        }
        return settings.get(ClerkTokenVerifier.JWKS_URL_SETTING)
                .map(url -> SigningKeys.jwks(jwksUri(url), Clock.systemUTC()))
                .orElse(null);
    }

    // Keys fetched over plain HTTP could be swapped on the way; only a local test issuer may use it.
    private static URI jwksUri(String value) {
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new Settings.InvalidSettingException(ClerkTokenVerifier.JWKS_URL_SETTING, "must be a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean allowed = !host.isEmpty()
                && (scheme.equals("https") || (scheme.equals("http") && LOOPBACK_HOSTS.contains(host)));
        if (!allowed) {
            throw new Settings.InvalidSettingException(
                    ClerkTokenVerifier.JWKS_URL_SETTING, "must be an https URL (plain http only for localhost)");
        }
        return uri;
    }

    static Set<String> authorizedParties(Settings settings) {
        return normalisedParties(settings.get(ClerkTokenVerifier.AUTHORIZED_PARTIES_SETTING)
                .map(value -> Arrays.asList(value.split(",")))
                .orElse(List.of()));
    }

    // An origin never ends in "/", so a configured "https://app.example/" can only be a typo for the origin.
    static Set<String> normalisedParties(Collection<String> parties) {
        return parties.stream()
                .map(String::trim)
                .map(party -> party.endsWith("/") ? party.substring(0, party.length() - 1) : party)
                .filter(party -> !party.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
