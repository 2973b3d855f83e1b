package dev.moduo.local.smoke;

/** A step's answer is not what the contract promises; the message says how, never with a token in it. */
final class StepFailure extends RuntimeException {

    StepFailure(String message) {
        super(message, null, false, false);
    }
}
