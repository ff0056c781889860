package inferlab.rerank;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.prob.Softmax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The candidate's log-probability under a language model, as a finished answer: with y_{T+1} = EOS,
 * <pre>
 *   sum:  s(x, y) = sum_{t=1}^{T+1} log p(y_t | x, y_{&lt;t})
 *   mean: s(x, y) = s_sum(x, y) / (T + 1)
 * </pre>
 * The sum is the sequence likelihood and favours short candidates (every token costs log-probability); the
 * mean is the per-token normalisation that removes most of that bias. Scored with the model that sampled
 * the candidates ("own" model) or a larger one. The prompt is prefilled once; the candidates are then
 * teacher-forced together, one token per candidate per step, as one batch ({@link LanguageModel#appendBatch}).
 * A candidate longer than the context leaves after the prompt is scored on the tokens that fit (so without
 * its EOS): a sample that ran to the end of the context.
 */
public record LogProbReranker(String name, LanguageModel model, boolean mean) implements Reranker {

    @Override
    public double[] scores(String prompt, List<String> candidates) {
        Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int eos = model.eosTokenId();
        int[] promptIds = tok.encode(prompt);
        if (promptIds.length == 0) throw new IllegalArgumentException("the prompt is empty: nothing to condition on");
        int fits = model.contextLength() - promptIds.length; // the candidate's tokens that fit after the prompt
        if (fits < 1) throw new IllegalArgumentException("the prompt fills the model's context of " + model.contextLength() + " tokens");
        int[][] ids = new int[candidates.size()][];
        for (int i = 0; i < ids.length; i++) {
            int[] c = tok.encode(candidates.get(i));
            ids[i] = eos < 0 ? c : Arrays.copyOf(c, c.length + 1);
            if (eos >= 0) ids[i][c.length] = eos;
            if (ids[i].length == 0) {
                throw new IllegalArgumentException("candidate " + i + " is empty and the model has no end-of-sequence token");
            }
            if (ids[i].length > fits) ids[i] = Arrays.copyOf(ids[i], fits);
        }
        double[] sum = new double[ids.length];
        List<Session> sessions = new ArrayList<>();
        try (Session root = model.newSession()) {
            float[][] prefill = root.append(promptIds);
            float[][] logits = new float[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                sessions.add(root.fork());
                logits[i] = prefill[prefill.length - 1];
            }
            for (int t = 0; ; t++) {
                List<Integer> live = new ArrayList<>();
                for (int i = 0; i < ids.length; i++) {
                    if (t < ids[i].length) {
                        sum[i] += Softmax.logSoftmax(logits[i], ids[i][t]);
                        if (t + 1 < ids[i].length) live.add(i); // the last token's successor is never needed
                    }
                }
                if (live.isEmpty()) break;
                int[] next = new int[live.size()];
                for (int k = 0; k < next.length; k++) next[k] = ids[live.get(k)][t];
                float[][] out = model.appendBatch(live.stream().map(sessions::get).toList(), next);
                for (int k = 0; k < live.size(); k++) logits[live.get(k)] = out[k];
            }
        } finally {
            sessions.forEach(Session::close);
        }
        if (mean) for (int i = 0; i < sum.length; i++) sum[i] /= ids[i].length;
        return sum;
    }
}
