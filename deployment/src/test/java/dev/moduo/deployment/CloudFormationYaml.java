package dev.moduo.deployment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation/SAM template. The short forms ({@code !Ref X}, {@code !Sub '...'}, ...) become
 * the long forms CloudFormation itself turns them into ({@code {Ref: X}}, {@code {Fn::Sub: '...'}}), so
 * a check can tell a reference to a parameter from a literal value. A tag that is not one of
 * CloudFormation's fails the load instead of being guessed at.
 */
final class CloudFormationYaml {

    private static final Map<String, String> SHORT_FORMS = Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!Cidr", "Fn::Cidr"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!Transform", "Fn::Transform"));

    private CloudFormationYaml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object document = new Yaml(new Intrinsics(new LoaderOptions())).load(reader);
            if (!(document instanceof Map)) {
                throw new IllegalStateException(file + " is not a YAML mapping");
            }
            return (Map<String, Object>) document;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    private static final class Intrinsics extends SafeConstructor {

        Intrinsics(LoaderOptions options) {
            super(options);
            SHORT_FORMS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new LongForm(function)));
        }

        private final class LongForm extends AbstractConstruct {

            private final String function;

            LongForm(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // "!GetAtt Resource.Attribute" is the list [Resource, Attribute] in the long form.
                    value = function.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(function, value);
            }
        }
    }
}
