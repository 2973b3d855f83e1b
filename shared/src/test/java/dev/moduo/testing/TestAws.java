package dev.moduo.testing;

import dev.moduo.config.Settings;
import dev.moduo.secrets.SecretsManagerReader;
import dev.moduo.secrets.testing.FakeSecretsManager;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** AWS credentials for in-process tests: the fixed keys {@link FakeSecretsManager} knows. */
public final class TestAws {

    private TestAws() {
    }

    /** What the SDK's default chain finds in an on-demand Lambda's access-key variables, given directly. */
    public static AwsCredentialsProvider fakeKeys() {
        return StaticCredentialsProvider.create(AwsSessionCredentials.create(FakeSecretsManager.ACCESS_KEY_ID,
                FakeSecretsManager.SECRET_ACCESS_KEY, FakeSecretsManager.SESSION_TOKEN));
    }

    /** A reader of {@code aws}'s secrets, signing with {@link #fakeKeys()}. */
    public static SecretsManagerReader reader(FakeSecretsManager aws) {
        return new SecretsManagerReader(Settings.of(aws.settings()), TestAws::fakeKeys);
    }
}
