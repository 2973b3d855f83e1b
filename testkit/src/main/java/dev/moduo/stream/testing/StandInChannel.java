package dev.moduo.stream.testing;

import java.util.List;
import java.util.Map;

/** A channel as the stand-in holds it; {@code name} is {@code custom.name}. */
public record StandInChannel(String id, String createdById, List<String> members, String name, Map<String, Object> custom) {
}
