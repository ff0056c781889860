package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>All running beams of all groups advance in one batched forward pass per step
 * ({@link LanguageModel#appendBatch}); a beam's session is reused by its last child and forked for the others.
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

    /** A running beam: session (after its last token), new tokens, penalised score s_b, Σ log p, next logits. */
    private record Beam(Session session, int[] ids, float score, float logProb, float[] logits) {}

    /** Beam {@code parent} of group {@code group} extended by {@code token}: penalised total, unpenalised Σ log p. */
    private record Candidate(int group, Beam parent, int token, float total, float logProb) {}

    /** One group's running beams, finished hypotheses and whether it has stopped. */
    private static final class Group {
        List<Beam> running = new ArrayList<>();
        final List<Hypothesis> finished = new ArrayList<>();
        boolean done;
    }

    /** The best {@code numReturnSequences} hypotheses over all groups, best score first. */
    public List<Hypothesis> run(LanguageModel model, int[] prompt, int maxNewTokens, int eosTokenId) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token");
        if (maxNewTokens < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        List<Group> groups = new ArrayList<>();
        Session root = model.newSession();
        try {
            float[][] prefill = root.append(prompt);
            float[] logits = prefill[prefill.length - 1];
            for (int g = 0; g < numGroups; g++) {
                Group group = new Group();
                group.running.add(new Beam(g == 0 ? root : root.fork(), new int[0], 0f, 0f, logits));
                groups.add(group);
            }
            for (int length = 1; ; length++) {
                boolean last = length == maxNewTokens;
                int[] chosen = new int[logits.length];
                List<Candidate> step = new ArrayList<>();
                for (int g = 0; g < numGroups; g++) {
                    Group group = groups.get(g);
                    if (group.done) continue;
                    List<Candidate> next = groupStep(group, g, chosen, length, last, eosTokenId);
                    for (Candidate c : next) chosen[c.token()]++;
                    boolean full = group.finished.size() == groupSize;
                    if (last || full && (earlyStopping == BeamSearch.EarlyStopping.TRUE
                            || !canImprove(next.get(0), length, maxNewTokens, group.finished))) {
                        group.done = true;
                    } else {
                        step.addAll(next);
                    }
                }
                if (step.isEmpty()) break;
                advance(model, groups, step);
            }
        } finally {
            for (Group g : groups) for (Beam b : g.running) b.session().close();
            if (groups.isEmpty()) root.close();
        }
        List<Hypothesis> all = new ArrayList<>();
        for (Group g : groups) all.addAll(g.finished);
        all.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
        return List.copyOf(all.subList(0, Math.min(numReturnSequences, all.size())));
    }

    /**
     * One beam-search step inside group {@code g} on the penalised scores: records its finished hypotheses
     * and returns the B/G best continuations not ending in EOS.
     */
    private List<Candidate> groupStep(Group group, int g, int[] chosen, int length, boolean last, int eos) {
        List<Candidate> candidates = topContinuations(g, group.running, chosen, 2 * groupSize);
        if (!(earlyStopping == BeamSearch.EarlyStopping.TRUE && group.finished.size() == groupSize)) {
            for (Candidate c : candidates.subList(0, Math.min(groupSize, candidates.size()))) {
                if (c.token() == eos || last) {
                    double norm = Math.pow(length, lengthPenalty);
                    group.finished.add(new Hypothesis(append(c.parent().ids(), c.token()),
                            c.total() / (float) norm, c.logProb(), g));
                }
            }
            group.finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
            if (group.finished.size() > groupSize) group.finished.subList(groupSize, group.finished.size()).clear();
        }
        return candidates.stream().filter(c -> c.token() != eos).limit(groupSize).toList();
    }

    /** Whether the best running beam could still beat the group's worst finished hypothesis. */
    private boolean canImprove(Candidate best, int length, int maxNewTokens, List<Hypothesis> finished) {
        int hypothetical = earlyStopping == BeamSearch.EarlyStopping.NEVER && lengthPenalty > 0 ? maxNewTokens : length;
        double bestPossible = best.total() / (float) Math.pow(hypothetical, lengthPenalty);
        return bestPossible > finished.get(finished.size() - 1).score();
    }

    /** The {@code k} best continuations of group {@code g}'s beams on the penalised scores, best first. */
    private List<Candidate> topContinuations(int g, List<Beam> running, int[] chosen, int k) {
        float[] scores = new float[running.size()];
        float[][] logProbs = new float[running.size()][];
        for (int b = 0; b < scores.length; b++) {
            scores[b] = running.get(b).score();
            logProbs[b] = Softmax.logSoftmax(running.get(b).logits());
        }
        List<Candidate> out = new ArrayList<>();
        for (Continuation c : step(scores, logProbs, chosen, diversityPenalty, k)) {
            Beam beam = running.get(c.beam());
            out.add(new Candidate(g, beam, c.token(), c.score(), beam.logProb() + logProbs[c.beam()][c.token()]));
        }
        return out;
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

    /**
     * Moves every group to its chosen continuations (the others' beams are closed) in one batched step:
     * a child takes its parent's session if it is the parent's last child, a fork otherwise.
     */
    private static void advance(LanguageModel model, List<Group> groups, List<Candidate> step) {
        Map<Beam, Integer> children = new IdentityHashMap<>();
        for (Candidate c : step) children.merge(c.parent(), 1, Integer::sum);
        List<Session> sessions = new ArrayList<>();
        int[] tokens = new int[step.size()];
        for (int i = 0; i < step.size(); i++) {
            Candidate c = step.get(i);
            Session parent = c.parent().session();
            sessions.add(children.merge(c.parent(), -1, Integer::sum) == 0 ? parent : parent.fork());
            tokens[i] = c.token();
        }
        for (Group g : groups) {
            for (Beam b : g.running) if (!children.containsKey(b)) b.session().close();
            g.running = new ArrayList<>();
        }
        float[][] logits = model.appendBatch(sessions, tokens);
        for (int i = 0; i < step.size(); i++) {
            Candidate c = step.get(i);
            Beam child = new Beam(sessions.get(i), append(c.parent().ids(), c.token()), c.total(), c.logProb(), logits[i]);
            groups.get(c.group()).running.add(child);
        }
    }

    private static int[] append(int[] ids, int token) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = token;
        return out;
    }
}
