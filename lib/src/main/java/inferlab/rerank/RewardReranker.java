package inferlab.rerank;

import inferlab.system.BestOfN;
import java.util.List;

/**
 * A scalar reward model r(x, y) as a reranker, s(x, y) = r(x, y): best-of-N's verifier
 * ({@link inferlab.reward.RewardModel} or any {@link BestOfN.Scorer}).
 */
public record RewardReranker(String name, BestOfN.Scorer scorer) implements Reranker {

    @Override
    public double[] scores(String prompt, List<String> candidates) {
        return candidates.stream().mapToDouble(c -> scorer.score(prompt, c)).toArray();
    }
}
