package inferlab.task;

/** A grade in [0, 1] with a short reason for traces, e.g. "expected 376, got 386". */
public record Score(double value, String reason) {
    public Score {
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException("score must be in [0,1]: " + value);
    }

    public static Score of(boolean correct, String reason) {
        return new Score(correct ? 1 : 0, reason);
    }
}
