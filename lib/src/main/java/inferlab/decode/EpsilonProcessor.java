package inferlab.decode;

/**
 * Epsilon sampling (Hewitt et al., 2022): remove every token with p_i &lt; ε, an absolute probability floor.
 * The {@code minTokensToKeep} most probable tokens always stay.
 */
public final class EpsilonProcessor implements LogitsProcessor {
    private final float epsilon;
    private final int minTokensToKeep;

    public EpsilonProcessor(double epsilon) {
        this(epsilon, 1);
    }

    public EpsilonProcessor(double epsilon, int minTokensToKeep) {
        if (!(epsilon > 0 && epsilon < 1)) throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
        if (minTokensToKeep < 1) throw new IllegalArgumentException("min_tokens_to_keep must be >= 1");
        this.epsilon = (float) epsilon;
        this.minTokensToKeep = minTokensToKeep;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        return removeBelow(logits, Ranking.softmax(logits), epsilon, minTokensToKeep);
    }

    /** Removes tokens with p_i &lt; floor, except those tied with or above the k-th largest logit. */
    static float[] removeBelow(float[] logits, float[] p, float floor, int minTokensToKeep) {
        float kept = Ranking.kthLargest(logits, Math.min(minTokensToKeep, logits.length));
        boolean[] remove = new boolean[logits.length];
        for (int i = 0; i < logits.length; i++) remove[i] = p[i] < floor && logits[i] < kept;
        return Ranking.removeWhere(logits, remove);
    }
}
