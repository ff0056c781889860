package inferlab.decode;

/**
 * Top-k (Fan et al., 2018): keep the tokens whose logit is at least the k-th largest logit z_(k), remove the
 * rest. As in Hugging Face, every token tied with z_(k) is kept, so more than k tokens may survive;
 * k is raised to {@code minTokensToKeep} and capped at the vocabulary size.
 */
public final class TopKProcessor implements LogitsProcessor {
    private final int k;

    public TopKProcessor(int k) {
        this(k, 1);
    }

    public TopKProcessor(int k, int minTokensToKeep) {
        if (k < 1) throw new IllegalArgumentException("top-k must be >= 1, got " + k);
        if (minTokensToKeep < 1) throw new IllegalArgumentException("min_tokens_to_keep must be >= 1");
        this.k = Math.max(k, minTokensToKeep);
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        float threshold = Ranking.kthLargest(logits, Math.min(k, logits.length));
        boolean[] remove = new boolean[logits.length];
        for (int i = 0; i < logits.length; i++) remove[i] = logits[i] < threshold;
        return Ranking.removeWhere(logits, remove);
    }
}
