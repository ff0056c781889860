package inferlab.decode;

/**
 * Eta sampling (Hewitt et al., 2022), Hugging Face's {@code EtaLogitsWarper}: an entropy-dependent floor
 * η = min(ε, √ε · exp(−H)) with H = −Σ_j p_j ln p_j; tokens with p_i &lt; η are removed. Flat distributions
 * (large H) get a low floor, peaked ones the full ε. The {@code minTokensToKeep} most probable tokens
 * always stay.
 */
public final class EtaProcessor implements LogitsProcessor {
    private final float epsilon;
    private final int minTokensToKeep;

    public EtaProcessor(double epsilon) {
        this(epsilon, 1);
    }

    public EtaProcessor(double epsilon, int minTokensToKeep) {
        if (!(epsilon > 0 && epsilon < 1)) throw new IllegalArgumentException("eta must be in (0, 1), got " + epsilon);
        if (minTokensToKeep < 1) throw new IllegalArgumentException("min_tokens_to_keep must be >= 1");
        this.epsilon = (float) epsilon;
        this.minTokensToKeep = minTokensToKeep;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] logp = inferlab.prob.Softmax.logSoftmax(logits);
        double entropy = 0;
        for (float lp : logp) if (lp != Float.NEGATIVE_INFINITY) entropy -= lp * Math.exp(lp);
        float eta = (float) Math.min(epsilon, Math.sqrt(epsilon) * Math.exp(-entropy));
        return EpsilonProcessor.removeBelow(logits, Ranking.softmax(logits), eta, minTokensToKeep);
    }
}
