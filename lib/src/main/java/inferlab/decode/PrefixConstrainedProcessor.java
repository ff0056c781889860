package inferlab.decode;

import java.util.Arrays;
import java.util.List;

/**
 * Constrained decoding to a fixed set of outputs: Hugging Face's {@code PrefixConstrainedLogitsProcessor} with a
 * {@code prefix_allowed_tokens_fn} that walks the allowed token sequences s_1..s_K. With y the tokens generated
 * after the prompt, token v keeps its logit only if y v is a prefix of some s_k; once y equals a whole s_k,
 * only end-of-sequence does. Every other token gets −∞.
 *
 * <p>So the output is always one of the sequences. Greedy decoding under the constraint takes the most likely
 * branch token by token, which need not be the sequence of highest total probability (scoring every sequence
 * finds that one, as {@link inferlab.model.Evaluation#continuationLogProbs} does).
 */
public final class PrefixConstrainedProcessor implements LogitsProcessor {
    private final int promptLength;
    private final List<int[]> sequences;
    private final int eos;

    /**
     * @param promptLength the tokens of history before the constrained output begins
     * @param sequences    the allowed outputs, as tokens
     * @param eos          the end-of-sequence token, the only one allowed after a whole sequence
     */
    public PrefixConstrainedProcessor(int promptLength, List<int[]> sequences, int eos) {
        if (sequences.isEmpty()) throw new IllegalArgumentException("need at least one allowed sequence");
        this.promptLength = promptLength;
        this.sequences = sequences.stream().map(int[]::clone).toList();
        this.eos = eos;
    }

    @Override
    public float[] apply(int[] history, float[] logits) {
        int generated = history.length - promptLength;
        if (generated < 0) throw new IllegalArgumentException("history is shorter than the prompt");
        float[] out = new float[logits.length];
        Arrays.fill(out, Float.NEGATIVE_INFINITY);
        boolean any = false;
        for (int[] s : sequences) {
            if (s.length < generated || !Arrays.equals(history, promptLength, history.length, s, 0, generated)) continue;
            int next = s.length == generated ? eos : s[generated];
            out[next] = logits[next];
            any = true;
        }
        if (!any) throw new IllegalStateException("the output has left every allowed sequence");
        return out;
    }
}
