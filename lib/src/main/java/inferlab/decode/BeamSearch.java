package inferlab.decode;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * <p>All running beams advance in one batched forward pass per step ({@link LanguageModel#appendBatch}).
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

    /** A running beam: its session (positioned after its last token), new tokens, score s_b, next logits. */
    private record Beam(Session session, int[] ids, float score, float[] logits) {}

    /** A scored continuation: beam {@code parent} extended by {@code token}, with total score s_b + log p. */
    private record Candidate(int parent, int token, float total) {}

    /** The best {@code numReturnSequences} hypotheses for {@code prompt}, best first. */
    public List<Hypothesis> run(LanguageModel model, int[] prompt, int maxNewTokens, int eosTokenId) {
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt needs at least one token");
        if (maxNewTokens < 1) throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
        List<Hypothesis> finished = new ArrayList<>();
        List<Beam> running = new ArrayList<>();
        Session root = model.newSession();
        try {
            float[][] prefill = root.append(prompt);
            running.add(new Beam(root, new int[0], 0f, prefill[prefill.length - 1]));
            for (int length = 1; ; length++) {
                List<Candidate> candidates = topContinuations(running, 2 * numBeams);
                boolean last = length == maxNewTokens;
                if (!(earlyStopping == EarlyStopping.TRUE && finished.size() == numBeams)) {
                    for (Candidate c : candidates.subList(0, Math.min(numBeams, candidates.size()))) {
                        if (c.token() == eosTokenId || last) {
                            int[] ids = append(running.get(c.parent()).ids(), c.token());
                            finished.add(new Hypothesis(ids, c.total() / (float) Math.pow(length, lengthPenalty)));
                        }
                    }
                    finished.sort(Comparator.comparingDouble(Hypothesis::score).reversed());
                    if (finished.size() > numBeams) finished.subList(numBeams, finished.size()).clear();
                }
                if (last) break;
                List<Candidate> next = candidates.stream().filter(c -> c.token() != eosTokenId).limit(numBeams).toList();
                if (finished.size() == numBeams && (earlyStopping == EarlyStopping.TRUE || !canImprove(next.get(0), length, maxNewTokens, finished))) break;
                running = advance(model, running, next);
            }
        } finally {
            for (Beam b : running) b.session().close();
        }
        return List.copyOf(finished.subList(0, Math.min(numReturnSequences, finished.size())));
    }

    /** Whether the best running beam could still beat the worst finished hypothesis (see class Javadoc). */
    private boolean canImprove(Candidate best, int length, int maxNewTokens, List<Hypothesis> finished) {
        int hypothetical = earlyStopping == EarlyStopping.NEVER && lengthPenalty > 0 ? maxNewTokens : length;
        double bestPossible = best.total() / (float) Math.pow(hypothetical, lengthPenalty);
        return bestPossible > finished.get(finished.size() - 1).score();
    }

    /** The {@code k} best continuations over all beams, best first. */
    private static List<Candidate> topContinuations(List<Beam> running, int k) {
        List<Candidate> all = new ArrayList<>();
        for (int b = 0; b < running.size(); b++) {
            Beam beam = running.get(b);
            float[] logp = Softmax.logSoftmax(beam.logits());
            for (int v : topIndices(logp, k)) all.add(new Candidate(b, v, beam.score() + logp[v]));
        }
        all.sort(Comparator.comparingDouble(Candidate::total).reversed());
        return all.subList(0, Math.min(k, all.size()));
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

    /**
     * Moves the beams to {@code next}: each child takes its parent's session if it is the parent's last
     * child and a fork otherwise; parents without children are closed; then one batched step.
     */
    private static List<Beam> advance(LanguageModel model, List<Beam> running, List<Candidate> next) {
        int[] children = new int[running.size()];
        for (Candidate c : next) children[c.parent()]++;
        List<Session> sessions = new ArrayList<>();
        int[] tokens = new int[next.size()];
        Map<Session, Boolean> used = new IdentityHashMap<>();
        for (int i = 0; i < next.size(); i++) {
            Candidate c = next.get(i);
            Session parent = running.get(c.parent()).session();
            Session s = --children[c.parent()] == 0 ? parent : parent.fork();
            used.put(s, true);
            sessions.add(s);
            tokens[i] = c.token();
        }
        for (Beam b : running) if (!used.containsKey(b.session())) b.session().close();
        float[][] logits = model.appendBatch(sessions, tokens);
        List<Beam> out = new ArrayList<>();
        for (int i = 0; i < next.size(); i++) {
            Candidate c = next.get(i);
            out.add(new Beam(sessions.get(i), append(running.get(c.parent()).ids(), c.token()), c.total(), logits[i]));
        }
        return out;
    }

    private static int[] append(int[] ids, int token) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = token;
        return out;
    }
}
