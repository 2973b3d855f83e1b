package dev.moduo.local.smoke;

import java.util.List;
import java.util.Optional;

/**
 * A whole walk: its steps in order, the clean-up that followed a failure (if a session was left), and the
 * session it created.
 */
record WalkResult(List<StepResult> steps, Optional<StepResult> cleanup, String sessionId, long millis) {

    boolean passed() {
        return steps.stream().allMatch(StepResult::passed);
    }

    Optional<StepResult> failure() {
        return steps.stream().filter(step -> step.outcome() == StepResult.Outcome.FAIL).findFirst();
    }
}
