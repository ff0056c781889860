package inferlab.rerank;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores N candidate completions of one prompt, higher is better; reranking returns
 * {@code argmax_i s(x, y_i)}. Some rerankers score each candidate on its own (log-probability, a reward
 * model); others need the whole list (pairwise wins, MBR).
 */
public interface Reranker {

    String name();

    /**
     * One score per candidate, in the candidates' order; a function of its arguments, since studies score several
     * prompts at once on the engine's threads.
     */
    double[] scores(String prompt, List<String> candidates);

    /** Index of the highest score; the first one on ties. */
    default int pick(String prompt, List<String> candidates) {
        return RankMetrics.argmax(scores(prompt, candidates));
    }

    /**
     * Memoizes a pointwise reranker, one whose score of a candidate does not depend on the other candidates:
     * each (prompt, candidate) is scored once, however many lists it appears in. Missing candidates of a list
     * are scored together, so batching inside {@code r} still applies. Wrong for list-dependent rerankers.
     */
    static Reranker cached(Reranker r) {
        Map<List<String>, Double> memo = new ConcurrentHashMap<>();
        return new Reranker() {
            @Override
            public String name() {
                return r.name();
            }

            @Override
            public double[] scores(String prompt, List<String> candidates) {
                List<String> missing = new ArrayList<>();
                for (String c : candidates) {
                    if (!memo.containsKey(List.of(prompt, c)) && !missing.contains(c)) missing.add(c);
                }
                if (!missing.isEmpty()) {
                    double[] s = r.scores(prompt, missing);
                    for (int i = 0; i < s.length; i++) memo.put(List.of(prompt, missing.get(i)), s[i]);
                }
                return candidates.stream().mapToDouble(c -> memo.get(List.of(prompt, c))).toArray();
            }
        };
    }
}
