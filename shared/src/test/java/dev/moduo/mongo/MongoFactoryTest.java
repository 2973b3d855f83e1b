package dev.moduo.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moduo.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client settings that bound how many connections one execution environment opens (docs/capacity.md). */
class MongoFactoryTest {

    @Test
    void thePoolSizeComesFromTheSetting() {
        int size = MongoFactory.maxPoolSize(Settings.of(Map.of(MongoFactory.MAX_POOL_SIZE_SETTING, "1")));

        assertEquals(1, MongoFactory.clientSettings("mongodb://127.0.0.1:27017", size, List.of())
                .getConnectionPoolSettings().getMaxSize());
    }

    @Test
    void withoutTheSettingThePoolServesAJvmOfManyRequests() {
        assertEquals(MongoFactory.DEFAULT_MAX_POOL_SIZE, MongoFactory.maxPoolSize(Settings.of(Map.of())));
        assertEquals(4, MongoFactory.clientSettings("mongodb://127.0.0.1:27017").getConnectionPoolSettings().getMaxSize());
    }

    @Test
    void aMaxPoolSizeInTheConnectionStringWins() {
        assertEquals(7, MongoFactory.clientSettings("mongodb://127.0.0.1:27017/?maxPoolSize=7", 1, List.of())
                .getConnectionPoolSettings().getMaxSize());
    }

    @Test
    void aPoolBelowOneIsASettingErrorNamingTheSetting() {
        var refused = assertThrows(Settings.InvalidSettingException.class,
                () -> MongoFactory.maxPoolSize(Settings.of(Map.of(MongoFactory.MAX_POOL_SIZE_SETTING, "0"))));
        assertTrue(refused.getMessage().contains(MongoFactory.MAX_POOL_SIZE_SETTING), refused.getMessage());
    }
}
