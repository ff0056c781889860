package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Diverse beam search (Vijayakumar et al., 2018) with Hugging Face's group beam search semantics
 * ({@code generate(num_beams=B, num_beam_groups=G, diversity_penalty=λ)}).
 *
 * <p>The B beams form G groups of B/G. A step handles the groups in order 1..G; group g scores each
 * continuation of its beam b as
 * <pre>  s_b + log p(v | beam b) − λ · c_v</pre>
 * where c_v counts how many beams of groups 1..g−1 chose token v at this step (the Hamming diversity
 * term), and then runs one step of ordinary beam search ({@link BeamSearch}) inside the group on these
 * scores: of the 2B/G best continuations, those among the best B/G that end in EOS (or reach
 * {@code maxNewTokens}) finish with score s / L^α, the best B/G others run on. Each group keeps its own
 * B/G finished hypotheses and stops by itself under the same {@code early_stopping} rule as
 * {@link BeamSearch}; the search ends when every group has stopped. The answer is all groups' finished
 * hypotheses, best score first.
 *
 * <p>As in Hugging Face, s_b accumulates the <em>penalised</em> scores, so the final ranking (and
 * {@link Hypothesis#score()}) includes the diversity penalties a beam paid; {@link Hypothesis#logProb()}
 * is the model's own Σ log p of the new tokens. Group 1 is never penalised: with G = 1 this is exactly
 * {@link BeamSearch}.
 *
 * <p>Each group's bookkeeping (finished set, length penalty, early stopping) is a {@link BeamHypotheses}, as in
 * {@link BeamSearch}, and the library's {@link StopRule} decides which continuations end. All running beams of all
 * groups advance in one batched forward pass per step ({@link LanguageModel#appendBatch}); a beam's session is
 * reused by its last child and forked for the others.
 */
public final class DiverseBeamSearch {

    /**
     * A finished sequence: new tokens (with EOS if it ended there), the length-penalised penalised score
     * the ranking uses, the unpenalised Σ log p of its tokens, and its group (0-based).
     */
    public record Hypothesis(int[] ids, double score, double logProb, int group) {}

    private final int numBeams;
    private final int numGroups;
    private final int groupSize;
    private final double diversityPenalty;
    private final int numReturnSequences;
    private final double lengthPenalty;
    private final BeamSearch.EarlyStopping earlyStopping;

    public DiverseBeamSearch(int numBeams, int numGroups, double diversityPenalty, int numReturnSequences,
            double lengthPenalty, BeamSearch.EarlyStopping earlyStopping) {
        if (numBeams < 1) throw new IllegalArgumentException("num_beams must be >= 1, got " + numBeams);
        if (numGroups < 1 || numBeams % numGroups != 0) {
            throw new IllegalArgumentException("num_beam_groups must be >= 1 and divide num_beams = " + numBeams
                    + ", got " + numGroups);
        }
        if (!(diversityPenalty >= 0) || Double.isInfinite(diversityPenalty)) {
            throw new IllegalArgumentException("diversity_penalty must be finite and >= 0, got " + diversityPenalty);
        }
        if (numReturnSequences < 1 || numReturnSequences > numBeams) {
            throw new IllegalArgumentException("num_return_sequences must be in [1, num_beams = " + numBeams
                    + "], got " + numReturnSequences);
        }
        if (!Double.isFinite(lengthPenalty)) throw new IllegalArgumentException("length_penalty must be finite");
        this.numBeams = numBeams;
        this.numGroups = numGroups;
        this.groupSize = numBeams / numGroups;
        this.diversityPenalty = diversityPenalty;
        this.numReturnSequences = numReturnSequences;
        this.lengthPenalty = lengthPenalty;
        this.earlyStopping = earlyStopping;
    }

    /** All B beams returned, length penalty 1, early stopping {@code TRUE}. */
    public DiverseBeamSearch(int numBeams, int numGroups, double diversityPenalty) {
        this(numBeams, numGroups, diversityPenalty, numBeams, 1.0, BeamSearch.EarlyStopping.TRUE);
    }

    /** The best {@code numReturnSequences} hypotheses over all groups, best score first. */
    public List<Hypothesis> run(LanguageModel model, int[] prompt, int maxNewTokens, int... eosTokenIds) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token");
        if (maxNewTokens < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        StopRule rule = new StopRule(eosTokenIds, List.of(), maxNewTokens, model.contextLength());
        List<BeamHypotheses> groups = new ArrayList<>();
        Session root = model.newSession();
        try {
            float[] logits = root.appendLast(prompt);
            for (int g = 0; g < numGroups; g++) {
                var first = new BeamHypotheses.Beam(g == 0 ? root : root.fork(), rule.start(null, prompt.length), 0f, 0f, logits);
                groups.add(new BeamHypotheses(groupSize, lengthPenalty, earlyStopping, first));
            }
            while (true) {
                int[] chosen = new int[logits.length];
                List<BeamHypotheses.Candidate> step = new ArrayList<>();
                for (BeamHypotheses group : groups) {
                    if (group.done()) continue;
                    List<BeamHypotheses.Candidate> next = group.step(group.continuations(chosen, diversityPenalty, 2 * groupSize));
                    // a group that stops here still counts as chosen for the groups after it
                    for (BeamHypotheses.Candidate c : next) chosen[c.token()]++;
                    if (!group.done()) step.addAll(next);
                }
                if (step.isEmpty()) break;
                BeamHypotheses.advance(model, groups, step);
            }
        } finally {
            groups.forEach(BeamHypotheses::close);
            if (groups.isEmpty()) root.close();
        }
        List<Hypothesis> all = new ArrayList<>();
        for (int g = 0; g < numGroups; g++) {
            for (BeamHypotheses.Finished f : groups.get(g).finished()) all.add(new Hypothesis(f.ids(), f.score(), f.logProb(), g));
        }
        all.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return List.copyOf(all.subList(0, Math.min(numReturnSequences, all.size())));
    }

    /** Beam {@code beam} extended by {@code token}, with its penalised total score. */
    public record Continuation(int beam, int token, float score) {}

    /**
     * The scoring and pruning of one group's step: the {@code k} best continuations (b, v) of beams with
     * scores {@code beamScores} under s_b + log p_b(v) − λ c_v, best first, where {@code logProbs[b]} is
     * beam b's log-probability row and {@code chosen[v]} = c_v counts token v among earlier groups' choices
     * at this step. Equal scores keep beam-then-token order.
     */
    public static List<Continuation> step(float[] beamScores, float[][] logProbs, int[] chosen, double lambda, int k) {
        List<Continuation> all = new ArrayList<>();
        for (int b = 0; b < beamScores.length; b++) {
            float[] penalised = logProbs[b].clone();
            for (int v = 0; v < penalised.length; v++) penalised[v] -= (float) (lambda * chosen[v]);
            // only a beam's own k best can be among the k best overall
            for (int v : BeamSearch.topIndices(penalised, k)) all.add(new Continuation(b, v, beamScores[b] + penalised[v]));
        }
        all.sort(Comparator.comparingDouble(Continuation::score).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
