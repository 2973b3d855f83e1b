package dev.moduo.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RunnerOptionsTest {

    @Test
    void noArgumentsMeansDefaults() {
        RunnerOptions options = RunnerOptions.parse(new String[0]);

        assertNull(options.port());
        assertNull(options.dataDirectory());
        assertTrue(options.schedules());
    }

    @Test
    void optionsTakeSeparateOrInlineValues() {
        RunnerOptions options = RunnerOptions.parse(new String[] {"--port", "4000", "--data=/tmp/moduo", "--no-schedules"});

        assertEquals(4000, options.port());
        assertEquals(Path.of("/tmp/moduo"), options.dataDirectory());
        assertFalse(options.schedules());
    }

    @Test
    void webTakesTheDirectoryOfABuiltClient() {
        assertEquals(Path.of("web/dist"), RunnerOptions.parse(new String[] {"--web", "web/dist"}).web());
        assertEquals(Path.of("web/dist"), RunnerOptions.parse(new String[] {"--web=web/dist"}).web());
        assertNull(RunnerOptions.parse(new String[0]).web());
    }

    @Test
    void openApiTakesTheDocumentTheDocsPageShows() {
        assertEquals(Path.of("api/openapi.yaml"), RunnerOptions.parse(new String[] {"--openapi", "api/openapi.yaml"}).openApi());
        assertNull(RunnerOptions.parse(new String[0]).openApi());
    }

    @Test
    void badArgumentsAreExplained() {
        assertEquals("--port must be a port number from 0 to 65535 (got http)",
                assertThrows(IllegalArgumentException.class, () -> RunnerOptions.parse(new String[] {"--port", "http"})).getMessage());
        assertEquals("--data needs a value",
                assertThrows(IllegalArgumentException.class, () -> RunnerOptions.parse(new String[] {"--data"})).getMessage());
        assertEquals("Unknown option --verbose",
                assertThrows(IllegalArgumentException.class, () -> RunnerOptions.parse(new String[] {"--verbose"})).getMessage());
    }
}
