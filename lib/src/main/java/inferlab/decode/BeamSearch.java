package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import java.util.List;
import java.util.Locale;

/**
 * Beam search with Hugging Face's semantics ({@code generate(num_beams=B)}, the vectorised beam search of
 * transformers ≥ 4.50).
 *
 * <p>Each running beam b carries the sum of its new tokens' log-probabilities s_b. A step scores every
 * continuation s_b + log p(v | beam b), keeps the 2B best over all beams and vocabulary, and then:
 * <ul>
 * <li>a continuation among the best B that ends in EOS, or that reaches {@code maxNewTokens}, becomes a
 * finished hypothesis with score s / L^α, where L counts the new tokens including EOS and α is the
 * {@code length_penalty} (α &gt; 0 favours longer sequences, α &lt; 0 shorter ones, α = 0 is the plain sum);
 * the B best finished hypotheses are kept;</li>
 * <li>the B best continuations not ending in EOS run on.</li>
 * </ul>
 * Stopping ({@code early_stopping}): with {@code TRUE}, as soon as B hypotheses are finished; with
 * {@code FALSE}, when the best running beam, scored at its current length, s_best / L^α, cannot beat the
 * worst finished one (a heuristic: with α &gt; 0 a longer beam could still win); with {@code NEVER}, the same
 * test but scored at the maximum length when α &gt; 0, so it is exact. {@code sequences_scores} are the
 * finished scores, best first.
 *
 * <p>Which continuations end is the library's {@link StopRule} (EOS, the budget, the model's context); the
 * finished set, length penalty and early stopping are {@link BeamHypotheses}, shared with {@link DiverseBeamSearch}.
 * All running beams advance in one batched forward pass per step ({@link LanguageModel#appendBatch}).
 * A beam's session is reused by its last surviving child and forked for the others, so the prompt is
 * prefilled once and no prefix is recomputed.
 */
public final class BeamSearch {

    public enum EarlyStopping {
        TRUE, FALSE, NEVER;

        /** "true", "false" or "never", as Hugging Face's {@code early_stopping}. */
        public static EarlyStopping parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "true" -> TRUE;
                case "false" -> FALSE;
                case "never" -> NEVER;
                default -> throw new IllegalArgumentException("early stopping must be true, false or never, got " + s);
            };
        }
    }

    /** A finished sequence: its new tokens (with EOS if it ended there) and its length-penalised score. */
    public record Hypothesis(int[] ids, double score) {}

    private final int numBeams;
    private final int numReturnSequences;
    private final double lengthPenalty;
    private final EarlyStopping earlyStopping;

    public BeamSearch(int numBeams, int numReturnSequences, double lengthPenalty, EarlyStopping earlyStopping) {
        if (numBeams < 1) throw new IllegalArgumentException("num_beams must be >= 1, got " + numBeams);
        if (numReturnSequences < 1 || numReturnSequences > numBeams) {
            throw new IllegalArgumentException("num_return_sequences must be in [1, num_beams = " + numBeams
                    + "], got " + numReturnSequences);
        }
        if (!Double.isFinite(lengthPenalty)) throw new IllegalArgumentException("length_penalty must be finite");
        this.numBeams = numBeams;
        this.numReturnSequences = numReturnSequences;
        this.lengthPenalty = lengthPenalty;
        this.earlyStopping = earlyStopping;
    }

    /** The best {@code numReturnSequences} hypotheses for {@code prompt}, best first. */
    public List<Hypothesis> run(LanguageModel model, int[] prompt, int maxNewTokens, int... eosTokenIds) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token");
        if (maxNewTokens < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        StopRule rule = new StopRule(eosTokenIds, List.of(), maxNewTokens, model.contextLength());
        Session root = model.newSession();
        BeamHypotheses beams;
        try {
            beams = new BeamHypotheses(numBeams, lengthPenalty, earlyStopping,
                    new BeamHypotheses.Beam(root, rule.start(null, prompt.length), 0f, 0f, root.appendLast(prompt)));
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        try {
            int[] noPenalty = new int[model.vocabSize()];
            while (!beams.done()) {
                List<BeamHypotheses.Candidate> next = beams.step(beams.continuations(noPenalty, 0, 2 * numBeams));
                if (!beams.done()) BeamHypotheses.advance(model, List.of(beams), next);
            }
        } finally {
            beams.close();
        }
        return beams.finished().stream().limit(numReturnSequences).map(f -> new Hypothesis(f.ids(), f.score())).toList();
    }

    /** Indices of the {@code k} largest entries of {@code x}, by insertion into a short sorted list. */
    static int[] topIndices(float[] x, int k) {
        k = Math.min(k, x.length);
        int[] idx = new int[k];
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (n == k && x[i] <= x[idx[k - 1]]) continue;
            int j = n < k ? n++ : k - 1;
            while (j > 0 && x[idx[j - 1]] < x[i]) {
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = i;
        }
        return idx;
    }
}
