package inferlab.speculative;

import inferlab.decode.Generation;
import inferlab.decode.SamplingParams;
import inferlab.decode.Stepper;
import inferlab.decode.StopRule;
import inferlab.model.LanguageModel;
import inferlab.model.Session;

import inferlab.prob.TopK;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Speculative decoding (Leviathan, Kalman and Matias 2023; Chen et al. 2023): a drafter proposes gamma tokens,
 * the target scores all of them in one forward pass, and a modified rejection sampler keeps a prefix so that
 * the output has exactly the target's distribution.
 *
 * <p>For draft token x with target probability p(x) and draft probability q(x): accept with probability
 * min(1, p(x) / q(x)); at the first rejection, emit a token from normalize(max(0, p - q)) and drop the rest;
 * when all are accepted, emit a bonus token from the target's next distribution. At temperature 0 both
 * distributions are point masses on their argmax, so a draft is accepted iff it is the target's greedy choice
 * and the output equals plain greedy decoding of the target.
 *
 * <p>The target session always holds the context minus its last token; each round appends that token and the
 * drafts in one call, whose rows are exactly the target distributions the drafts are checked against (row
 * gamma is the bonus distribution). Rejected drafts are rolled back with {@link Session#truncate}.
 */
public final class SpeculativeDecoder {
    private final LanguageModel target;
    private final Drafter drafter;
    private final int gamma;

    /**
     * Result of one generation: the new tokens (prompt excluded; EOS kept), their text (EOS left out, cut before a
     * stop string; null without a tokenizer), why it stopped, and the run's statistics.
     */
    public record Result(int[] tokens, String text, Generation.Stop stop, AcceptanceStats stats) {}

    public SpeculativeDecoder(LanguageModel target, Drafter drafter, int gamma) {
        if (gamma < 1) throw new IllegalArgumentException("lookahead gamma must be at least 1, got " + gamma);
        this.target = target;
        this.drafter = drafter;
        this.gamma = gamma;
    }

    /**
     * Generates up to {@code maxNewTokens} tokens after {@code prompt}, stopping after the target's EOS token or
     * when the target's context is full. Temperature 0 is greedy; otherwise tokens follow softmax(logits /
     * temperature) of the target.
     */
    public Result generate(int[] prompt, int maxNewTokens, double temperature, RandomGenerator rng) {
        return generate(prompt, StopRule.of(target, maxNewTokens), temperature, rng);
    }

    /**
     * Generates after {@code prompt} until {@code rule} stops it (stop strings are decoded with the target's
     * tokenizer). Accepted drafts are fed to the rule one at a time, so a round that completes a stop string or
     * EOS mid-draft ends there, and a round never drafts past the remaining budget or context.
     */
    public Result generate(int[] prompt, StopRule rule, double temperature, RandomGenerator rng) {
        if (prompt.length == 0) throw new IllegalArgumentException("speculative decoding needs a non-empty prompt");
        Stepper stepper = rule.within(target.contextLength()).start(target.tokenizer().orElse(null), prompt.length);
        int[] context = Arrays.copyOf(prompt, prompt.length + stepper.room() + gamma + 1);
        int length = prompt.length;
        long steps = 0, accepted = 0, rejected = 0, drafted = 0, targetNanos = 0, decodeNanos;
        try (Session session = target.newSession()) {
            if (prompt.length > 1) session.append(Arrays.copyOf(prompt, prompt.length - 1));
            drafter.start(prompt);
            long decodeStart = System.nanoTime();
            while (stepper.stop() == null) {
                // the round emits up to k + 1 tokens: its drafts and one token of the target's
                Draft draft = drafter.propose(Arrays.copyOf(context, length), Math.min(gamma, stepper.room() - 1),
                        temperature, rng);
                long t0 = System.nanoTime();
                int k = draft.size();
                drafted += k;
                int[] verify = new int[k + 1];
                verify[0] = context[length - 1];
                System.arraycopy(draft.tokens(), 0, verify, 1, k);
                int base = session.length();
                float[][] rows = session.append(verify);
                steps++;

                int i = 0, next = -1;
                for (; i < k; i++) {
                    int x = draft.tokens()[i];
                    if (SamplingParams.greedy(temperature)) {
                        int best = TopK.argmax(rows[i]);
                        if (best != x) {
                            next = best;
                            break;
                        }
                    } else {
                        float[] p = Sampling.probabilities(rows[i], temperature);
                        double q = draft.q(i, x);
                        if (rng.nextDouble() * q >= p[x]) { // reject with probability 1 - min(1, p / q)
                            next = Sampling.sample(residual(p, draft, i), rng);
                            break;
                        }
                    }
                    context[length++] = x;
                    accepted++;
                    if (stepper.add(x) != null) break;
                }
                boolean done = stepper.stop() != null;
                if (!done) {
                    if (next < 0) next = Sampling.next(rows[k], temperature, rng); // every draft accepted: bonus token
                    else rejected++;
                }
                // verification: the target's pass over the drafts and the acceptance test on its rows
                targetNanos += System.nanoTime() - t0;
                if (done) break;
                session.truncate(base + 1 + i);
                context[length++] = next;
                stepper.add(next);
            }
            decodeNanos = System.nanoTime() - decodeStart;
        }
        var stats = new AcceptanceStats(gamma, steps, accepted, rejected, drafted, stepper.generated(), targetNanos,
                decodeNanos);
        return new Result(stepper.ids(), stepper.text(), stepper.stop(), stats);
    }

    /** normalize(max(0, p - q_i)): the distribution of what the draft under-proposed. */
    private static float[] residual(float[] p, Draft draft, int i) {
        float[] r = new float[p.length];
        double total = 0;
        for (int v = 0; v < p.length; v++) {
            r[v] = (float) Math.max(0, p[v] - draft.q(i, v));
            total += r[v];
        }
        if (total <= 0) return p; // p == q up to rounding: any draw from p is exact
        return r;
    }
}
