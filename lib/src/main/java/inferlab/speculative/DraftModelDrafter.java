package inferlab.speculative;

import inferlab.decode.SamplingParams;
import inferlab.model.LanguageModel;
import inferlab.model.Session;

import inferlab.prob.TopK;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Drafts with a small language model sharing the target's vocabulary (Leviathan et al. 2023's M_q), one
 * token per forward pass.
 *
 * <p>Its session follows the accepted context between calls: the common prefix is kept, the rest is
 * truncated away (rejected drafts) and the new tokens are appended. The session is kept at least one token
 * behind the context so that the append returns the logits of the last context token.
 */
public final class DraftModelDrafter implements Drafter {
    private final Session session;

    public DraftModelDrafter(LanguageModel draft) {
        this.session = draft.newSession();
    }

    @Override
    public void start(int[] prompt) {
        if (prompt.length > 1) follow(Arrays.copyOf(prompt, prompt.length - 1));
    }

    /** Brings the session to {@code tokens}, re-reading at least the last one; the logits after the last. */
    private float[] follow(int[] tokens) {
        int keep = Math.min(session.commonPrefix(tokens), tokens.length - 1);
        session.truncate(keep);
        return session.appendLast(Arrays.copyOfRange(tokens, keep, tokens.length));
    }

    @Override
    public Draft propose(int[] context, int gamma, double temperature, RandomGenerator rng) {
        if (gamma == 0) return new Draft(new int[0], null);
        float[] logits = follow(context);
        int[] tokens = new int[gamma];
        float[][] q = SamplingParams.greedy(temperature) ? null : new float[gamma][];
        for (int i = 0; i < gamma; i++) {
            if (q == null) {
                tokens[i] = TopK.argmax(logits);
            } else {
                q[i] = Sampling.probabilities(logits, temperature);
                tokens[i] = Sampling.sample(q[i], rng);
            }
            if (i + 1 < gamma) logits = session.append(tokens[i])[0];
        }
        return new Draft(tokens, q);
    }

    @Override
    public void close() {
        session.close();
    }
}
