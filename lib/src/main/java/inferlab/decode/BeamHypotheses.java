package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bookkeeping of one beam search over B beams (Hugging Face's {@code BeamHypotheses}): the running beams, the B
 * best finished hypotheses, and the {@code early_stopping} test. {@link BeamSearch} keeps one; {@link
 * DiverseBeamSearch} keeps one per group of B/G beams.
 *
 * <p>A step ({@link #step}) takes the 2B best continuations, best first. Each continuation carries a copy of its
 * parent's {@link Stepper} fed its token, so the library's {@link StopRule} decides which ones end (EOS, the token
 * budget, the context). Of the best B, those that end become finished hypotheses with score s / L^α, where L counts
 * the new tokens including EOS and α is the length penalty; the B best finished ones are kept. The best B that do
 * not end run on. The search is done when none run on, or when B hypotheses are finished and, with early stopping
 * {@code TRUE}, at once; with {@code FALSE}, when the best running beam scored at its current length cannot beat
 * the worst finished one; with {@code NEVER}, the same test scored at the longest length it could reach when
 * α &gt; 0 (exact).
 */
final class BeamHypotheses {

    /** A running beam: session (after its last token), new tokens, score s_b, unpenalised Σ log p, next logits. */
    record Beam(Session session, Stepper stepper, float score, float logProb, float[] logits) {}

    /** {@code parent} of {@code group} extended by {@code token}: total score, Σ log p, the child's stepper. */
    record Candidate(BeamHypotheses group, Beam parent, int token, float total, float logProb, Stepper stepper) {}

    /** A finished sequence: new tokens (with EOS if it ended there), length-penalised score, Σ log p. */
    record Finished(int[] ids, double score, double logProb) {}

    private final int size;
    private final double lengthPenalty;
    private final BeamSearch.EarlyStopping earlyStopping;
    private List<Beam> running = new ArrayList<>();
    private final List<Finished> finished = new ArrayList<>();
    private boolean done;

    BeamHypotheses(int size, double lengthPenalty, BeamSearch.EarlyStopping earlyStopping, Beam first) {
        this.size = size;
        this.lengthPenalty = lengthPenalty;
        this.earlyStopping = earlyStopping;
        running.add(first);
        done = first.stepper().stop() != null;
    }

    boolean done() {
        return done;
    }

    /** The finished hypotheses, best first. */
    List<Finished> finished() {
        return finished;
    }

    /**
     * The {@code k} best continuations of the running beams under s_b + log p_b(v) − λ c_v, best first
     * ({@link DiverseBeamSearch#step}; plain beam search has λ = 0).
     */
    List<Candidate> continuations(int[] chosen, double lambda, int k) {
        float[] scores = new float[running.size()];
        float[][] logProbs = new float[running.size()][];
        for (int b = 0; b < scores.length; b++) {
            scores[b] = running.get(b).score();
            logProbs[b] = Softmax.logSoftmax(running.get(b).logits());
        }
        List<Candidate> out = new ArrayList<>();
        for (DiverseBeamSearch.Continuation c : DiverseBeamSearch.step(scores, logProbs, chosen, lambda, k)) {
            Beam beam = running.get(c.beam());
            Stepper child = beam.stepper().copy();
            child.add(c.token());
            out.add(new Candidate(this, beam, c.token(), c.score(), beam.logProb() + logProbs[c.beam()][c.token()], child));
        }
        return out;
    }

    /** One step on {@code candidates} (see the class Javadoc); returns the best B that run on. */
    List<Candidate> step(List<Candidate> candidates) {
        if (!(earlyStopping == BeamSearch.EarlyStopping.TRUE && finished.size() == size)) {
            for (Candidate c : candidates.subList(0, Math.min(size, candidates.size()))) {
                if (c.stepper().stop() != null) {
                    float norm = (float) Math.pow(c.stepper().generated(), lengthPenalty);
                    finished.add(new Finished(c.stepper().ids(), c.total() / norm, c.logProb()));
                }
            }
            finished.sort(Comparator.comparingDouble(Finished::score).reversed());
            if (finished.size() > size) finished.subList(size, finished.size()).clear();
        }
        List<Candidate> next = candidates.stream().filter(c -> c.stepper().stop() == null).limit(size).toList();
        done = next.isEmpty() || finished.size() == size
                && (earlyStopping == BeamSearch.EarlyStopping.TRUE || !canImprove(next.get(0)));
        return next;
    }

    /** Whether the best running beam could still beat the worst finished hypothesis. */
    private boolean canImprove(Candidate best) {
        int length = best.stepper().generated();
        int hypothetical = earlyStopping == BeamSearch.EarlyStopping.NEVER && lengthPenalty > 0
                ? length + best.stepper().room() : length;
        double bestPossible = best.total() / (float) Math.pow(hypothetical, lengthPenalty);
        return bestPossible > finished.get(finished.size() - 1).score();
    }

    /**
     * Moves {@code groups} to the continuations {@code step} in one batched forward pass: a child takes its parent's
     * session if it is the parent's last child and a fork otherwise; beams without children are closed.
     */
    static void advance(LanguageModel model, List<BeamHypotheses> groups, List<Candidate> step) {
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
        for (BeamHypotheses g : groups) {
            for (Beam b : g.running) if (!children.containsKey(b)) b.session().close();
            g.running = new ArrayList<>();
        }
        float[][] logits = model.appendBatch(sessions, tokens);
        for (int i = 0; i < step.size(); i++) {
            Candidate c = step.get(i);
            c.group().running.add(new Beam(sessions.get(i), c.stepper(), c.total(), c.logProb(), logits[i]));
        }
    }

    /** Closes the running beams' sessions. */
    void close() {
        for (Beam b : running) b.session().close();
        running = List.of();
    }
}
