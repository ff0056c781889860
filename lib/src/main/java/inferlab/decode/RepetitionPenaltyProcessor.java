package inferlab.decode;

/**
 * Repetition penalty (Keskar et al., 2019, CTRL), as Hugging Face applies it: for every token i that occurs
 * in the history, z_i ← z_i / θ if z_i &gt; 0 and z_i · θ otherwise. θ &gt; 1 discourages repeats, θ &lt; 1
 * encourages them; a token is penalised once however often it occurred.
 */
public final class RepetitionPenaltyProcessor implements LogitsProcessor {
    private final float penalty;

    public RepetitionPenaltyProcessor(double penalty) {
        if (!(penalty > 0) || Double.isInfinite(penalty)) {
            throw new IllegalArgumentException("repetition penalty must be a positive number, got " + penalty);
        }
        this.penalty = (float) penalty;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] out = logits.clone();
        boolean[] seen = new boolean[logits.length];
        for (int t : history) {
            if (t < 0 || t >= logits.length || seen[t]) continue;
            seen[t] = true;
            out[t] = logits[t] < 0 ? logits[t] * penalty : logits[t] / penalty;
        }
        return out;
    }
}
