package inferlab.decode;

import inferlab.prob.TopK;

/**
 * Min-p (Nguyen et al., 2024): remove every token with p_i &lt; p_min · max_j p_j, a threshold that scales
 * with the model's confidence. The {@code minTokensToKeep} most probable tokens always stay.
 */
public final class MinPProcessor implements LogitsProcessor {
    private final float minP;
    private final int minTokensToKeep;

    public MinPProcessor(double minP) {
        this(minP, 1);
    }

    public MinPProcessor(double minP, int minTokensToKeep) {
        if (!(minP >= 0 && minP <= 1)) throw new IllegalArgumentException("min-p must be in [0, 1], got " + minP);
        if (minTokensToKeep < 1) throw new IllegalArgumentException("min_tokens_to_keep must be >= 1");
        this.minP = (float) minP;
        this.minTokensToKeep = minTokensToKeep;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float[] p = Ranking.softmax(logits);
        float threshold = minP * p[TopK.argmax(p)];
        int[] order = Ranking.descending(logits);
        boolean[] remove = new boolean[logits.length];
        for (int j = minTokensToKeep; j < order.length; j++) remove[order[j]] = p[order[j]] < threshold;
        return Ranking.removeWhere(logits, remove);
    }
}
