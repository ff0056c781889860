package inferlab.decode;

/**
 * Keeps the tokens of odd rank: with the logits sorted in descending order, z_(1) ≥ z_(2) ≥ …, the tokens at
 * ranks 1, 3, 5, … survive and ranks 2, 4, 6, … are removed. Ties are ranked by token id. Not a method
 * from the literature: HW2's custom-processor exercise, and its reference answer. Sampling after it draws
 * x with probability p_x / Σ_{odd r} p_(r) on odd ranks and 0 elsewhere.
 */
public final class OddRankProcessor implements LogitsProcessor {

    @Override
    public float[] apply(int[] history, float[] logits) {
        int[] order = Ranking.descending(logits);
        boolean[] remove = new boolean[logits.length];
        for (int r = 1; r < order.length; r += 2) remove[order[r]] = true; // 0-based r = 1 is rank 2
        return Ranking.removeWhere(logits, remove);
    }
}
