package inferlab.decode;

/**
 * Top-p, nucleus sampling (Holtzman et al., 2020): keep the smallest set of most probable tokens whose
 * probability mass reaches p.
 *
 * <p>Computed as Hugging Face does: sort the probabilities ascending, take cumulative sums C_j, and remove
 * every token with C_j ≤ 1 − p (the low tail holding at most 1 − p of the mass); the
 * {@code minTokensToKeep} most probable tokens always stay. Tied logits are ordered as {@code torch.sort}
 * orders them ({@link TorchSort}), so the same tied tokens fall on each side of the cut as in Hugging Face.
 */
public final class TopPProcessor implements LogitsProcessor {
    private final float topP;
    private final int minTokensToKeep;

    public TopPProcessor(double topP) {
        this(topP, 1);
    }

    public TopPProcessor(double topP, int minTokensToKeep) {
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (minTokensToKeep < 1) throw new IllegalArgumentException("min_tokens_to_keep must be >= 1");
        this.topP = (float) topP;
        this.minTokensToKeep = minTokensToKeep;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        int[] order = TorchSort.ascending(logits);
        float[] p = Ranking.softmax(logits);
        boolean[] remove = new boolean[logits.length];
        float cumulative = 0;
        int keepFrom = logits.length - minTokensToKeep;
        for (int j = 0; j < order.length; j++) {
            cumulative += p[order[j]];
            remove[order[j]] = j < keepFrom && cumulative <= 1 - topP;
        }
        return Ranking.removeWhere(logits, remove);
    }
}
