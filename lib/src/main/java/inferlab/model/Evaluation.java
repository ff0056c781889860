package inferlab.model;

import inferlab.prob.Divergence;
import inferlab.prob.Entropy;
import inferlab.prob.Interval;
import inferlab.prob.Softmax;
import inferlab.prob.TopK;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Measuring language models on token sequences.
 *
 * <p>Per-token cross-entropy of a model q on a sequence x_1..x_T, in nats:
 * H = -1/(T-1) sum_{t=2..T} log q(x_t | x_{&lt;t}); perplexity = exp(H). The first token is context only.
 * A model with a context limit W scores a long sequence with a sliding window: windows of W tokens start every
 * {@code stride} tokens and each token is scored once, in the first window where it is not among the leading
 * W - stride context tokens, so every scored token (after the first window) sees at least W - stride tokens
 * of context. stride = W - 1 is fastest; smaller strides give more context per token.
 */
public final class Evaluation {
    private Evaluation() {}

    /** log q(x_t | window context) for t = 2..T (element t-2), scored with a sliding window. */
    public static float[] logProbs(LanguageModel model, int[] tokens, int window, int stride) {
        checkWindow(tokens, window, stride);
        float[] out = new float[tokens.length - 1];
        int scored = 1; // positions before this one already have a score
        for (int start = 0; scored < tokens.length; start += stride) {
            int end = Math.min(start + window, tokens.length);
            float[] lp = model.score(Arrays.copyOfRange(tokens, start, end));
            // lp[j] = log q(tokens[start + j + 1] | tokens[start .. start + j])
            for (int pos = scored; pos < end; pos++) out[pos - 1] = lp[pos - start - 1];
            scored = end;
        }
        return out;
    }

    private static void checkWindow(int[] tokens, int window, int stride) {
        if (tokens.length < 2) throw new IllegalArgumentException("need at least two tokens");
        if (window < 2) throw new IllegalArgumentException("window must be >= 2, got " + window);
        if (stride < 1 || stride > window - 1) {
            throw new IllegalArgumentException("stride must be in [1, window - 1], got " + stride);
        }
    }

    /** Documents encoded and joined into one token stream, each followed by {@code eos} when eos &gt;= 0. */
    public static int[] encode(Tokenizer tokenizer, List<String> documents, int eos) {
        List<int[]> parts = new ArrayList<>();
        int total = 0;
        for (String doc : documents) {
            int[] ids = tokenizer.encode(doc);
            parts.add(ids);
            total += ids.length + (eos >= 0 ? 1 : 0);
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] ids : parts) {
            System.arraycopy(ids, 0, out, at, ids.length);
            at += ids.length;
            if (eos >= 0) out[at++] = eos;
        }
        return out;
    }

    /** Per-token cross-entropy in nats with a sliding window. */
    public static double crossEntropy(LanguageModel model, int[] tokens, int window, int stride) {
        return -Entropy.mean(logProbs(model, tokens, window, stride));
    }

    /** Per-token cross-entropy in nats with the whole sequence as context (models without a context limit). */
    public static double crossEntropy(LanguageModel model, int[] tokens) {
        return -Entropy.mean(model.score(tokens));
    }

    /** Entropy (nats) of the next-token distribution after each token: element t is H(q(. | x_1..x_{t+1})). */
    public static double[] entropies(LanguageModel model, int[] tokens) {
        try (Session s = model.newSession()) {
            float[][] logits = s.append(tokens);
            double[] h = new double[tokens.length];
            for (int t = 0; t < tokens.length; t++) h[t] = Entropy.ofLogits(logits[t]);
            return h;
        }
    }

    /**
     * Mean over positions t of KL(p(. | x_{&lt;=t}) || q(. | x_{&lt;=t})) in nats, for two models over the same
     * vocabulary, along {@code tokens} (positions 1..T-1 after the first token). When the tokens are sampled
     * from p, its expectation is the excess cross-entropy H(p, q) - H(p) per token.
     */
    public static double meanKl(LanguageModel p, LanguageModel q, int[] tokens) {
        if (p.vocabSize() != q.vocabSize()) throw new IllegalArgumentException("vocabularies differ: " + p.vocabSize() + " vs " + q.vocabSize());
        try (Session sp = p.newSession(); Session sq = q.newSession()) {
            float[][] a = sp.append(tokens), b = sq.append(tokens);
            double sum = 0;
            for (int t = 0; t + 1 < tokens.length; t++) sum += Divergence.klOfLogits(a[t], b[t]);
            return sum / (tokens.length - 1);
        }
    }

    /** Next-token predictions of a model along a sequence: logits before each of x_2..x_T, and those tokens. */
    public record Predictions(float[][] logits, int[] labels) {
        /** The share of rows whose highest logit is at the label (first index on ties), with Wilson's 95% interval. */
        public Interval accuracy() {
            int right = 0;
            for (int n = 0; n < labels.length; n++) if (TopK.argmax(logits[n]) == labels[n]) right++;
            return Interval.wilson(right, labels.length);
        }
    }

    public static Predictions predictions(LanguageModel model, int[] tokens) {
        try (Session s = model.newSession()) {
            float[][] all = s.append(tokens);
            return new Predictions(Arrays.copyOf(all, tokens.length - 1), Arrays.copyOfRange(tokens, 1, tokens.length));
        }
    }

    /** The same with a sliding window (as {@link #logProbs}), for models with a context limit. */
    public static Predictions predictions(LanguageModel model, int[] tokens, int window, int stride) {
        checkWindow(tokens, window, stride);
        float[][] logits = new float[tokens.length - 1][];
        int scored = 1;
        for (int start = 0; scored < tokens.length; start += stride) {
            int end = Math.min(start + window, tokens.length);
            try (Session s = model.newSession()) {
                float[][] rows = s.append(Arrays.copyOfRange(tokens, start, end)); // rows[j] predicts tokens[start + j + 1]
                for (int pos = scored; pos < end; pos++) logits[pos - 1] = rows[pos - start - 1];
            }
            scored = end;
        }
        return new Predictions(logits, Arrays.copyOfRange(tokens, 1, tokens.length));
    }

    /**
     * Log-probability of each continuation c_k after {@code prompt} x: log q(c_k | x) = Σ_t log q(y_t | y_{&lt;t})
     * over the tokens y of x + c_k after the longest prefix every option shares with the encoding of x alone
     * (exactly the tokens of c_k when the tokenizer does not merge across the boundary, as byte-level BPE does
     * not before a space). The shared prefix is prefilled once and each option appended to a fork of it in one
     * call, so an item costs one forward pass per option, not per token.
     */
    public static float[] continuationLogProbs(LanguageModel model, String prompt, List<String> continuations) {
        Tokenizer tok = model.tokenizer().orElseThrow(() -> new IllegalArgumentException("scoring text needs a model with a tokenizer"));
        if (continuations.isEmpty()) throw new IllegalArgumentException("need at least one continuation");
        int[] x = tok.encode(prompt);
        int[][] full = new int[continuations.size()][];
        int shared = x.length;
        for (int k = 0; k < full.length; k++) {
            full[k] = tok.encode(prompt + continuations.get(k));
            int l = 0;
            while (l < Math.min(shared, full[k].length) && full[k][l] == x[l]) l++;
            shared = l;
        }
        if (shared == 0) throw new IllegalArgumentException("the prompt has no token all options share");
        float[] out = new float[full.length];
        try (Session s = model.newSession()) {
            float[][] prefill = s.append(Arrays.copyOf(x, shared));
            float[] first = Softmax.logSoftmax(prefill[shared - 1]);
            for (int k = 0; k < full.length; k++) {
                int[] y = Arrays.copyOfRange(full[k], shared, full[k].length);
                if (y.length == 0) throw new IllegalArgumentException("continuation " + k + " adds no token: \"" + continuations.get(k) + "\"");
                double lp = first[y[0]];
                if (y.length > 1) {
                    try (Session fork = s.fork()) {
                        float[][] rows = fork.append(Arrays.copyOf(y, y.length - 1)); // rows[j] predicts y[j + 1]
                        for (int j = 0; j + 1 < y.length; j++) lp += Softmax.logSoftmax(rows[j], y[j + 1]);
                    }
                }
                out[k] = (float) lp;
            }
        }
        return out;
    }

    /** A candidate next token: id, its text (or "#id" without a tokenizer) and its probability. */
    public record Candidate(int id, String text, double probability) {}

    /** The k most probable next tokens after {@code prompt}, most probable first. */
    public static List<Candidate> topNext(LanguageModel model, int[] prompt, int k) {
        float[] p = Softmax.softmax(nextLogits(model, prompt));
        List<Candidate> out = new ArrayList<>();
        for (int id : TopK.indices(p, k)) {
            String text = model.tokenizer().map(t -> t.decode(new int[] {id})).orElse("#" + id);
            out.add(new Candidate(id, text, p[id]));
        }
        return out;
    }

    /** The logits z of the token after {@code prompt} (the last row of a fresh session's prefill). */
    public static float[] nextLogits(LanguageModel model, int[] prompt) {
        try (Session s = model.newSession()) {
            return s.appendLast(prompt);
        }
    }

    /** Held-out cross-entropy (nats) of n-gram models of orders 1..maxOrder trained on {@code train}. */
    public static double[] ngramCrossEntropies(int[] train, int[] heldOut, int vocabSize, int maxOrder,
            NGramModel.Smoothing smoothing) {
        double[] h = new double[maxOrder];
        for (int n = 1; n <= maxOrder; n++) h[n - 1] = crossEntropy(NGramModel.train(train, vocabSize, n, smoothing), heldOut);
        return h;
    }

    /** One point of a learning curve: an order-n model trained on {@code trainTokens} symbols. */
    public record CurvePoint(int order, int trainTokens, double crossEntropy) {}

    /**
     * Cross-entropy of Kneser–Ney n-gram models on a fresh sample of the source as the training sample grows
     * (nested prefixes of one long sample). In expectation it stays above the source's entropy rate and
     * approaches it from above as data and order grow, up to what n-1 tokens of context can know.
     */
    public static List<CurvePoint> learningCurve(KnownSource source, int[] orders, int[] trainSizes, int testLength,
            RandomGenerator rng) {
        int[] test = source.sample(testLength, rng);
        int[] train = source.sample(Arrays.stream(trainSizes).max().orElseThrow(), rng);
        List<CurvePoint> points = new ArrayList<>();
        for (int n : orders) {
            for (int size : trainSizes) {
                NGramModel m = NGramModel.train(Arrays.copyOf(train, size), source.vocabSize(), n,
                        new NGramModel.Smoothing.KneserNey(true));
                points.add(new CurvePoint(n, size, crossEntropy(m, test)));
            }
        }
        return points;
    }
}
