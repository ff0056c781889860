package inferlab.decode;

/**
 * Locally typical sampling (Meister et al., 2023): prefer tokens whose surprise −log p_i is close to the
 * entropy H = −Σ_j p_j log p_j of the distribution.
 *
 * <p>Rank tokens by |−log p_i − H| ascending; with C_j the cumulative probability in that order and
 * c = #{j : C_j &lt; mass} (capped at V − 1), keep the tokens whose distance is at most the distance of rank c
 * (as Hugging Face, this includes the token that crosses the mass). The {@code minTokensToKeep}
 * most typical tokens always stay.
 */
public final class TypicalProcessor implements LogitsProcessor {
    private final float mass;
    private final int minTokensToKeep;

    public TypicalProcessor(double mass) {
        this(mass, 1);
    }

    public TypicalProcessor(double mass, int minTokensToKeep) {
        if (!(mass > 0 && mass < 1)) throw new IllegalArgumentException("typical mass must be in (0, 1), got " + mass);
        if (minTokensToKeep < 1) throw new IllegalArgumentException("min_tokens_to_keep must be >= 1");
        this.mass = (float) mass;
        this.minTokensToKeep = minTokensToKeep;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] logp = inferlab.prob.Softmax.logSoftmax(logits);
        float entropy = 0;
        for (float lp : logp) if (lp != Float.NEGATIVE_INFINITY) entropy -= lp * (float) Math.exp(lp);
        float[] distance = new float[logits.length];
        for (int i = 0; i < distance.length; i++) distance[i] = Math.abs(-logp[i] - entropy);
        int[] order = Ranking.ascending(distance);
        float[] p = Ranking.softmax(logits);
        int crossing = 0;
        float cumulative = 0;
        for (int j : order) {
            cumulative += p[j];
            if (cumulative < mass) crossing++;
        }
        float limit = distance[order[Math.min(crossing, order.length - 1)]];
        boolean[] remove = new boolean[logits.length];
        for (int j = minTokensToKeep; j < order.length; j++) remove[order[j]] = distance[order[j]] > limit;
        return Ranking.removeWhere(logits, remove);
    }
}
