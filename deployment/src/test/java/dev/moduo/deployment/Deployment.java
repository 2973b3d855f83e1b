package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One deploy of template.yaml as the SAM translator turned it into plain CloudFormation, with the parameter
 * values of its scenario resolved (by samtranslator's resolver) and its conditions evaluated here.
 *
 * <p>It also answers the question a deploy raises for each function's published version: would CloudFormation
 * create a new one? A resource is new when its logical id is new, and replaced when one of its create-only
 * properties (from the resource schemas cfn-lint ships) takes a different value; a reference to a replaced
 * resource is a different value too. That is {@link #identity}: equal identities in two deploys mean the
 * same physical resource.
 */
final class Deployment {

    static final String FUNCTION = "AWS::Lambda::Function";
    static final String VERSION = "AWS::Lambda::Version";

    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)((?:\\.[A-Za-z0-9]+)*)}");

    private final Map<String, Object> template;
    private final Map<String, Object> conditions;
    private final Map<String, Object> resources;
    private final Map<String, Object> outputs;
    private final Map<String, List<String>> createOnly;
    private final Map<String, String> identities = new HashMap<>();

    Deployment(Map<String, Object> template, Map<String, Object> resolved, Map<String, List<String>> createOnly) {
        this.template = template;
        this.conditions = map(resolved.get("Conditions"));
        this.resources = map(resolved.get("Resources"));
        this.outputs = map(resolved.get("Outputs"));
        this.createOnly = createOnly;
    }

    Map<String, Object> parameters() {
        return map(template.get("Parameters"));
    }

    List<String> resourcesOfType(String type) {
        return resources.entrySet().stream().filter(entry -> type.equals(map(entry.getValue()).get("Type")))
                .map(Map.Entry::getKey).toList();
    }

    boolean has(String logicalId) {
        return resources.containsKey(logicalId);
    }

    /** The resource is in the template and its Condition, if it has one, holds: CloudFormation creates it. */
    boolean creates(String logicalId) {
        Object condition = map(resources.get(logicalId)).get("Condition");
        return has(logicalId) && (condition == null || holds(String.valueOf(condition)));
    }

    /** The outputs this deploy shows (their Condition holds), each with its value as deployed. */
    Map<String, Object> outputs() {
        Map<String, Object> shown = new TreeMap<>();
        outputs.forEach((name, output) -> {
            Object condition = map(output).get("Condition");
            if (condition == null || holds(String.valueOf(condition))) {
                shown.put(name, effective(map(output).get("Value")));
            }
        });
        return shown;
    }

    String type(String logicalId) {
        return String.valueOf(map(resources.get(logicalId)).get("Type"));
    }

    /** The resource's properties as CloudFormation sees them: parameters resolved, Fn::If decided, no NoValue. */
    Map<String, Object> properties(String logicalId) {
        if (!resources.containsKey(logicalId)) {
            throw new AssertionError("The transformed template has no resource " + logicalId);
        }
        return map(effective(map(resources.get(logicalId)).get("Properties")));
    }

    List<String> functions() {
        return resourcesOfType(FUNCTION);
    }

    Map<String, Object> environment(String function) {
        return map(map(properties(function).get("Environment")).get("Variables"));
    }

    /** The published version SAM generated for the function (AutoPublishAlias). */
    String versionOf(String function) {
        List<String> versions = resourcesOfType(VERSION).stream()
                .filter(id -> Map.of("Ref", function).equals(properties(id).get("FunctionName"))).toList();
        if (versions.size() != 1) {
            throw new AssertionError(function + " has " + versions.size() + " published versions: " + versions);
        }
        return versions.get(0);
    }

    /** The parameters the function's environment takes a value from, as written (before resolution). */
    Set<String> parametersInEnvironment(String function) {
        Object variables = map(map(map(map(map(template.get("Resources")).get(function)).get("Properties"))
                .get("Environment")).get("Variables"));
        Set<String> found = new LinkedHashSet<>();
        collectParameterReferences(variables, found);
        return found;
    }

    private void collectParameterReferences(Object value, Set<String> found) {
        if (value instanceof Map<?, ?> mapValue) {
            // A value an Fn::If picks depends on the parameters of its condition too.
            Object choice = mapValue.get("Fn::If");
            if (mapValue.size() == 1 && choice != null) {
                collectParameterReferences(map(template.get("Conditions")).get(String.valueOf(list(choice).get(0))), found);
            }
            Object condition = mapValue.get("Condition");
            if (mapValue.size() == 1 && condition instanceof String name) {
                collectParameterReferences(map(template.get("Conditions")).get(name), found);
            }
            Object ref = mapValue.get("Ref");
            if (mapValue.size() == 1 && ref != null && parameters().containsKey(String.valueOf(ref))) {
                found.add(String.valueOf(ref));
            }
            Object sub = mapValue.get("Fn::Sub");
            if (mapValue.size() == 1 && sub != null) {
                Matcher matcher = SUB_REFERENCE.matcher(String.valueOf(sub instanceof List<?> l ? l.get(0) : sub));
                while (matcher.find()) {
                    if (parameters().containsKey(matcher.group(1))) {
                        found.add(matcher.group(1));
                    }
                }
            }
            mapValue.values().forEach(child -> collectParameterReferences(child, found));
        } else if (value instanceof List<?> listValue) {
            listValue.forEach(child -> collectParameterReferences(child, found));
        }
    }

    /** The inline policy statements of the function's execution role, as deployed. */
    List<Map<String, Object>> statements(String function) {
        String role = roleOf(function);
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(properties(role).get("Policies"))) {
            Object statement = map(map(policy).get("PolicyDocument")).get("Statement");
            for (Object each : statement instanceof List<?> several ? list(several) : List.of(statement)) {
                statements.add(map(each));
            }
        }
        return statements;
    }

    List<Object> managedPolicies(String function) {
        return list(properties(roleOf(function)).get("ManagedPolicyArns"));
    }

    private String roleOf(String function) {
        List<Object> getAtt = list(map(properties(function).get("Role")).get("Fn::GetAtt"));
        if (getAtt.size() != 2 || !has(String.valueOf(getAtt.get(0)))) {
            throw new AssertionError(function + "'s Role is not a role of this stack: " + properties(function).get("Role"));
        }
        return String.valueOf(getAtt.get(0));
    }

    boolean holds(String condition) {
        if (!conditions.containsKey(condition)) {
            throw new AssertionError("The transformed template has no condition " + condition);
        }
        return evaluate(conditions.get(condition));
    }

    private boolean evaluate(Object condition) {
        Map<String, Object> function = map(condition);
        if (function.size() != 1) {
            throw new AssertionError("Not a condition function: " + condition);
        }
        Map.Entry<String, Object> only = function.entrySet().iterator().next();
        List<Object> arguments = list(only.getValue());
        return switch (only.getKey()) {
            case "Fn::Not" -> !evaluate(arguments.get(0));
            case "Fn::And" -> arguments.stream().allMatch(this::evaluate);
            case "Fn::Or" -> arguments.stream().anyMatch(this::evaluate);
            // CloudFormation compares values as strings: parameter "0" equals the number 0.
            case "Fn::Equals" -> literal(arguments.get(0)).equals(literal(arguments.get(1)));
            case "Condition" -> holds(String.valueOf(only.getValue()));
            default -> throw new AssertionError("Cannot evaluate the condition function " + only.getKey());
        };
    }

    private static String literal(Object operand) {
        if (operand instanceof String || operand instanceof Number || operand instanceof Boolean) {
            return String.valueOf(operand);
        }
        throw new AssertionError("A condition compares a value known only at deploy time: " + operand);
    }

    /** The value as deployed: each Fn::If replaced by the branch its condition picks, AWS::NoValue left out. */
    Object effective(Object value) {
        Object result = decide(value);
        return result == NO_VALUE ? null : result;
    }

    private Object decide(Object value) {
        if (value instanceof Map<?, ?> mapValue) {
            if (mapValue.size() == 1 && mapValue.containsKey("Fn::If")) {
                List<Object> arguments = list(mapValue.get("Fn::If"));
                return decide(holds(String.valueOf(arguments.get(0))) ? arguments.get(1) : arguments.get(2));
            }
            if (mapValue.size() == 1 && "AWS::NoValue".equals(mapValue.get("Ref"))) {
                return NO_VALUE;
            }
            Map<String, Object> decided = new LinkedHashMap<>();
            mapValue.forEach((key, child) -> {
                Object result = decide(child);
                if (result != NO_VALUE) {
                    decided.put(String.valueOf(key), result);
                }
            });
            return decided;
        }
        if (value instanceof List<?> listValue) {
            List<Object> decided = new ArrayList<>();
            for (Object child : listValue) {
                Object result = decide(child);
                if (result != NO_VALUE) {
                    decided.add(result);
                }
            }
            return decided;
        }
        return value;
    }

    /**
     * Which physical resource this logical id is in this deploy: its id plus the values of its create-only
     * properties, references to other resources standing for those resources' identities.
     */
    String identity(String logicalId) {
        if (!resources.containsKey(logicalId)) {
            return logicalId; // a parameter or pseudo parameter left unresolved
        }
        String known = identities.get(logicalId);
        if (known != null) {
            return known;
        }
        Map<String, Object> properties = properties(logicalId);
        Map<String, String> values = new TreeMap<>();
        for (String property : createOnly.getOrDefault(type(logicalId), List.of())) {
            if (properties.containsKey(property)) {
                values.put(property, canonical(properties.get(property)));
            }
        }
        String identity = logicalId + values;
        identities.put(logicalId, identity);
        return identity;
    }

    /** The resource's whole configuration (e.g. a function's $LATEST), references standing for identities. */
    String state(String logicalId) {
        return canonical(properties(logicalId));
    }

    private String canonical(Object value) {
        if (value instanceof Map<?, ?> mapValue) {
            if (mapValue.size() == 1 && mapValue.containsKey("Ref")) {
                return "{Ref " + identity(String.valueOf(mapValue.get("Ref"))) + "}";
            }
            if (mapValue.size() == 1 && mapValue.containsKey("Fn::GetAtt")) {
                List<Object> target = list(mapValue.get("Fn::GetAtt"));
                return "{GetAtt " + identity(String.valueOf(target.get(0))) + "." + target.get(1) + "}";
            }
            if (mapValue.size() == 1 && mapValue.containsKey("Fn::Sub")) {
                Object sub = mapValue.get("Fn::Sub");
                String text = String.valueOf(sub instanceof List<?> l ? l.get(0) : sub);
                Matcher matcher = SUB_REFERENCE.matcher(text);
                StringBuilder substituted = new StringBuilder();
                while (matcher.find()) {
                    String replacement = resources.containsKey(matcher.group(1))
                            ? "${" + identity(matcher.group(1)) + matcher.group(2) + "}" : matcher.group();
                    matcher.appendReplacement(substituted, Matcher.quoteReplacement(replacement));
                }
                matcher.appendTail(substituted);
                String variables = sub instanceof List<?> l && l.size() > 1 ? canonical(l.get(1)) : "";
                return "{Sub " + substituted + variables + "}";
            }
            Map<String, String> sorted = new TreeMap<>();
            mapValue.forEach((key, child) -> sorted.put(String.valueOf(key), canonical(child)));
            return sorted.toString();
        }
        if (value instanceof List<?> listValue) {
            return listValue.stream().map(this::canonical).toList().toString();
        }
        return String.valueOf(value);
    }
}
