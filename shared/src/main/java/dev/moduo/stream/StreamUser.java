package dev.moduo.stream;

/** A user as Stream knows it: id (the Clerk user id), display name, avatar URL. */
public record StreamUser(String id, String name, String image) {
}
