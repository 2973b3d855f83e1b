package dev.moduo.local.template;

import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses a CloudFormation/SAM template. Short-form intrinsics ({@code !Ref X}, {@code !Sub ...},
 * {@code !If [...]}) become their long form ({@code {Ref: X}}, {@code {Fn::Sub: ...}}), so the rest of
 * the runner sees one shape whichever way the template was written.
 */
final class CloudFormationYaml {

    private CloudFormationYaml() {
    }

    static Object parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new IntrinsicsConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new CoreSchemaResolver()).load(text);
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {

        IntrinsicsConstructor(LoaderOptions options) {
            super(options);
            // SafeConstructor looks up the null key for tags it does not know: here, every CloudFormation tag.
            this.yamlConstructors.put(null, new Intrinsic());
        }

        private final class Intrinsic extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                String tag = node.getTag().getValue();
                String name = tag.startsWith("!") ? tag.substring(1) : tag;
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name, value);
                return intrinsic;
            }
        }
    }
}
