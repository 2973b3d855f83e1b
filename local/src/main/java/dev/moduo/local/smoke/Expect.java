package dev.moduo.local.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The checks a step makes on an answer. Each failure names the field by its path in the body
 * ({@code session.hostId.clerkId}) and says what was there; only fields that are never secret are shown.
 */
final class Expect {

    private static final int LONGEST_VALUE = 80;

    private Expect() {
    }

    static void status(Answer answer, int expected) {
        if (answer.status() != expected) {
            throw new StepFailure("expected " + expected + ", got " + answer.status() + " (" + answer.explanation() + ")");
        }
    }

    static JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new StepFailure(label(path) + " is " + show(node) + ", expected an object");
        }
        return node;
    }

    static JsonNode field(JsonNode parent, String path, String name) {
        JsonNode value = parent.get(name);
        if (value == null) {
            throw new StepFailure(join(path, name) + " is missing");
        }
        return value;
    }

    static JsonNode object(JsonNode parent, String path, String name) {
        return object(field(parent, path, name), join(path, name));
    }

    static JsonNode array(JsonNode parent, String path, String name) {
        JsonNode value = field(parent, path, name);
        if (!value.isArray()) {
            throw new StepFailure(join(path, name) + " is " + show(value) + ", expected an array");
        }
        return value;
    }

    /** A string field; blank counts as missing where the contract promises a value. */
    static String text(JsonNode parent, String path, String name) {
        JsonNode value = field(parent, path, name);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new StepFailure(join(path, name) + " is " + show(value) + ", expected a non-empty string");
        }
        return value.asText();
    }

    /** A string field that may be empty (an avatar URL of a user without a picture). */
    static String string(JsonNode parent, String path, String name) {
        JsonNode value = field(parent, path, name);
        if (!value.isTextual()) {
            throw new StepFailure(join(path, name) + " is " + show(value) + ", expected a string");
        }
        return value.asText();
    }

    static void equalText(JsonNode parent, String path, String name, String expected) {
        JsonNode value = field(parent, path, name);
        if (!value.isTextual() || !value.asText().equals(expected)) {
            throw new StepFailure(join(path, name) + " is " + show(value) + ", expected \"" + expected + "\"");
        }
    }

    static String matching(JsonNode parent, String path, String name, Pattern pattern, String what) {
        String value = text(parent, path, name);
        if (!pattern.matcher(value).matches()) {
            throw new StepFailure(join(path, name) + " is " + show(parent.get(name)) + ", expected " + what);
        }
        return value;
    }

    static Instant instant(JsonNode parent, String path, String name) {
        String value = text(parent, path, name);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new StepFailure(join(path, name) + " is " + show(parent.get(name)) + ", expected an ISO-8601 time");
        }
    }

    static void isNull(JsonNode parent, String path, String name) {
        JsonNode value = field(parent, path, name);
        if (!value.isNull()) {
            throw new StepFailure(join(path, name) + " is " + show(value) + ", expected null");
        }
    }

    static void absent(JsonNode parent, String path, String name, String why) {
        if (parent.has(name)) {
            throw new StepFailure(join(path, name) + " is present: " + why);
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String label(String path) {
        return path.isEmpty() ? "the body" : path;
    }

    static String show(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isTextual()) {
            String text = value.asText();
            return "\"" + (text.length() > LONGEST_VALUE ? text.substring(0, LONGEST_VALUE) + "..." : text) + "\"";
        }
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "an array of " + value.size();
        }
        return value.toString();
    }
}
