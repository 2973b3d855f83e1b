package dev.moduo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.moduo.auth.testing.ClerkTestIssuer;
import dev.moduo.config.Settings;
import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verifier as the functions get it: a Micronaut bean built from the registered {@link Settings}. */
class ClerkTokenVerifierBeanTest {

    @Test
    void beanIsBuiltFromTheSettingsAndVerifiesTokens() {
        try (ClerkTestIssuer clerk = new ClerkTestIssuer();
             ApplicationContext context = ApplicationContext.builder()
                     .singletons(Settings.of(Map.of(
                             ClerkTokenVerifier.JWKS_URL_SETTING, clerk.jwksUrl(),
                             ClerkTokenVerifier.AUTHORIZED_PARTIES_SETTING, ClerkTestIssuer.AUTHORIZED_PARTY)))
                     .start()) {
            ClerkTokenVerifier verifier = context.getBean(ClerkTokenVerifier.class);

            assertEquals("user_bean", verifier.verify(clerk.token("user_bean")).userId());
            assertSame(verifier, context.getBean(ClerkTokenVerifier.class));
        }
    }
}
