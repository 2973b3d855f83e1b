package dev.moduo.stream.testing;

/**
 * An APIError the stand-in answers with. A violation is a request Stream's API does not allow (the
 * client is wrong); otherwise it is Stream refusing a valid request (missing call, unknown user...).
 */
final class StandInError extends RuntimeException {

    private final int status;
    private final int code;
    private final boolean violation;

    private StandInError(int status, int code, String message, boolean violation) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.violation = violation;
    }

    static StandInError violation(int status, int code, String message) {
        return new StandInError(status, code, message, true);
    }

    static StandInError invalid(String operation, String message) {
        return violation(400, 4, operation + " failed with error: \"" + message + "\"");
    }

    static StandInError refusal(int status, int code, String message) {
        return new StandInError(status, code, message, false);
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }

    boolean isViolation() {
        return violation;
    }
}
