package dev.moduo.local.template;

import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML read as YAML 1.2's core schema reads it, which is how CloudFormation and OpenAPI tools read it: only
 * true/false are booleans (YAML 1.1 would read yes/no/on/off as booleans, so an event named {@code Off}
 * would stop being a name), and a date stays the text it was written as (YAML 1.1 would make
 * {@code 2026-11-26T10:00:00Z} a timestamp object, and an example in openapi.yaml a number of milliseconds).
 */
public final class CoreSchemaResolver extends Resolver {

    private static final Pattern BOOLEAN = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");

    @Override
    protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOLEAN, "tfTF");
        addImplicitResolver(Tag.INT, INT, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
        addImplicitResolver(Tag.MERGE, MERGE, "<");
        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
        addImplicitResolver(Tag.NULL, EMPTY, null);
    }
}
