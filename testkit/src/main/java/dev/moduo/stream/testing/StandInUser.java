package dev.moduo.stream.testing;

import java.util.Map;

/** A user as the stand-in holds it. */
public record StandInUser(String id, String name, String image, String role, Map<String, Object> custom) {
}
