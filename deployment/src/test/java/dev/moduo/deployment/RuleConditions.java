package dev.moduo.deployment;

import static dev.moduo.deployment.SamTemplate.list;
import static dev.moduo.deployment.SamTemplate.map;

import java.util.List;
import java.util.Map;

/** Evaluates the CloudFormation condition functions the template's Rules use, for given parameter values. */
final class RuleConditions {

    private RuleConditions() {
    }

    static boolean holds(Object condition, Map<String, String> parameters) {
        Map<String, Object> function = map(condition);
        if (function.size() != 1) {
            throw new AssertionError("Not a condition function: " + condition);
        }
        Map.Entry<String, Object> only = function.entrySet().iterator().next();
        List<Object> arguments = list(only.getValue());
        return switch (only.getKey()) {
            case "Fn::Or" -> arguments.stream().anyMatch(argument -> holds(argument, parameters));
            case "Fn::And" -> arguments.stream().allMatch(argument -> holds(argument, parameters));
            case "Fn::Not" -> !holds(arguments.get(0), parameters);
            case "Fn::Equals" -> value(arguments.get(0), parameters).equals(value(arguments.get(1), parameters));
            default -> throw new AssertionError("RuleConditions does not evaluate " + only.getKey());
        };
    }

    private static String value(Object operand, Map<String, String> parameters) {
        if (operand instanceof String literal) {
            return literal;
        }
        Object parameter = map(operand).get("Ref");
        if (parameter == null || !parameters.containsKey(parameter.toString())) {
            throw new AssertionError("Cannot evaluate " + operand);
        }
        return parameters.get(parameter.toString());
    }
}
