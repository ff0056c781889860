package inferlab.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * An n-gram language model over token ids: p(x_t | x_{<t}) depends only on the last n-1 tokens h.
 *
 * <p><b>Add-k</b> (Laplace for k = 1): p(w | h) = (c(h w) + k) / (c(h) + k V), using only n-grams; an unseen
 * context, including a history shorter than n-1 tokens at the start of a sequence, gives the uniform
 * distribution (as does k = 0 with c(h) = 0).
 *
 * <p><b>Interpolated Kneser–Ney</b> (Chen and Goodman 1999). For the order-k model, with h' = h minus its
 * oldest token:
 * <pre>
 *   p_k(w | h) = max(c_k(h w) - D_k(c_k(h w)), 0) / c_k(h) + gamma_k(h) p_{k-1}(w | h')
 *   gamma_k(h) = (D_k(1) N_1(h) + D_k(2) N_2(h) + D_k(3+) N_3+(h)) / c_k(h)
 *   p_0(w)     = 1 / V
 * </pre>
 * where N_j(h) counts words w with c_k(h w) = j (3+: at least 3) and c_k(h) = sum_w c_k(h w); an unseen
 * context h skips to p_{k-1}. The highest order uses raw counts; every lower order uses continuation counts
 * c_k(h w) = |{u : c(u h w) &gt; 0}|, the number of distinct words preceding h w, because a lower order only
 * matters when the longer context was not seen ("Francisco" is frequent but follows only "San").
 * Discounts come from the count-of-counts n_j of each order, with Y = n_1 / (n_1 + 2 n_2):
 * <i>modified</i> KN uses D(1) = 1 - 2Y n_2/n_1, D(2) = 2 - 3Y n_3/n_2, D(3+) = 3 - 4Y n_4/n_3;
 * <i>plain</i> KN uses D = Y for every count. Every p_k sums to 1 because the discounted mass is exactly
 * what gamma hands down; discounts are clipped to [0.1, c], so every probability is positive.
 *
 * <p>With Kneser–Ney, a history shorter than n-1 (the start of a sequence) uses the order that fits (no
 * padding tokens), so the first positions are scored by lower orders.
 *
 * <p>Storage: per order, the distinct contexts (packed into a long, newest token in the low bits) sorted for
 * binary search, and per context its continuations sorted by token id with their counts. Training sorts
 * packed longs, so ~3M tokens take seconds. The model is immutable; sessions only hold their tokens.
 */
public final class NGramModel implements LanguageModel {

    /** How probability mass is given to unseen n-grams. */
    public sealed interface Smoothing {
        /** Add-k: pretend every n-gram was seen k more times. */
        record AddK(double k) implements Smoothing {}

        /** Interpolated Kneser–Ney, modified (three discounts per order) or plain (one). */
        record KneserNey(boolean modified) implements Smoothing {}
    }

    private final int order;
    private final int vocabSize;
    private final int bits;
    private final Smoothing smoothing;
    private final Level[] levels; // levels[k - 1] holds the k-grams
    private final Tokenizer tokenizer;
    private final int eos;

    private NGramModel(int order, int vocabSize, int bits, Smoothing smoothing, Level[] levels, Tokenizer tokenizer, int eos) {
        this.order = order;
        this.vocabSize = vocabSize;
        this.bits = bits;
        this.smoothing = smoothing;
        this.levels = levels;
        this.tokenizer = tokenizer;
        this.eos = eos;
    }

    /** Counts n-grams of {@code tokens} (ids in [0, vocabSize)) for an order-n model, 1 &lt;= n &lt;= 5. */
    public static NGramModel train(int[] tokens, int vocabSize, int order, Smoothing smoothing) {
        if (order < 1 || order > 5) throw new IllegalArgumentException("order must be 1..5, got " + order);
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be positive");
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, vocabSize - 1));
        if (bits * (order - 1) > 64) {
            throw new IllegalArgumentException("contexts of " + (order - 1) + " tokens from a vocabulary of "
                    + vocabSize + " do not fit in 64 bits");
        }
        for (int t : tokens) {
            if (t < 0 || t >= vocabSize) throw new IllegalArgumentException("token " + t + " outside [0, " + vocabSize + ")");
        }
        if (smoothing instanceof Smoothing.AddK a && !(a.k() >= 0)) {
            throw new IllegalArgumentException("k must be >= 0, got " + a.k());
        }
        boolean kn = smoothing instanceof Smoothing.KneserNey;
        boolean modified = kn && ((Smoothing.KneserNey) smoothing).modified();
        Level[] levels = new Level[order];
        // highest order: raw counts of every position that has a full context
        int items = Math.max(0, tokens.length - order + 1);
        long[] ctx = new long[items];
        int[] next = new int[items];
        for (int i = 0; i < items; i++) {
            int end = i + order - 1; // position of the predicted token
            ctx[i] = pack(tokens, end - order + 1, end, bits);
            next[i] = tokens[end];
        }
        levels[order - 1] = Level.count(ctx, next, kn, modified);
        if (kn) {
            // lower orders: continuation counts, one item per distinct (k+1)-gram, context minus oldest token
            for (int k = order - 1; k >= 1; k--) {
                Level up = levels[k];
                int n = up.next.length;
                long[] c = new long[n];
                int[] w = new int[n];
                long mask = mask(bits * (k - 1));
                for (int id = 0; id < up.contexts.length; id++) {
                    for (int j = up.start[id]; j < up.start[id + 1]; j++) {
                        c[j] = up.contexts[id] & mask;
                        w[j] = up.next[j];
                    }
                }
                levels[k - 1] = Level.count(c, w, true, modified);
            }
        }
        return new NGramModel(order, vocabSize, bits, smoothing, levels, null, -1);
    }

    /** The same counts with a tokenizer and end-of-sequence id attached, so text decoders can use it. */
    public NGramModel withTokenizer(Tokenizer tokenizer, int eosTokenId) {
        return new NGramModel(order, vocabSize, bits, smoothing, levels, tokenizer, eosTokenId);
    }

    public int order() {
        return order;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    @Override
    public int eosTokenId() {
        return eos;
    }

    /** p(w | history), using the last n-1 tokens of {@code history[0..end)}. */
    public double probability(int[] history, int end, int w) {
        int k = Math.min(order, end + 1);
        long key = pack(history, end - k + 1, end, bits);
        if (smoothing instanceof Smoothing.AddK a) {
            if (k < order) return 1.0 / vocabSize; // add-k has only n-grams: a short history is an unseen context
            Level top = levels[order - 1];
            int id = top.find(key);
            double c = id < 0 ? 0 : top.count(id, w), total = id < 0 ? 0 : top.total[id];
            if (total + a.k() == 0) return 1.0 / vocabSize; // no counts and no pseudo-counts: uniform
            return (c + a.k()) / (total + a.k() * vocabSize);
        }
        double p = 1.0 / vocabSize;
        for (int j = 1; j <= k; j++) {
            Level level = levels[j - 1];
            int id = level.find(key & mask(bits * (j - 1)));
            if (id < 0) continue;
            int c = level.count(id, w);
            p = (Math.max(c - level.discount(c), 0) + level.gammaMass[id] * p) / level.total[id];
        }
        return p;
    }

    /** The full next-token distribution after {@code history[0..end)}; sums to 1. */
    public double[] distribution(int[] history, int end) {
        int k = Math.min(order, end + 1);
        long key = pack(history, end - k + 1, end, bits);
        double[] p = new double[vocabSize];
        if (smoothing instanceof Smoothing.AddK a) {
            Level top = levels[order - 1];
            int id = k < order ? -1 : top.find(key);
            double total = id < 0 ? 0 : top.total[id];
            if (total + a.k() == 0) {
                Arrays.fill(p, 1.0 / vocabSize);
                return p;
            }
            Arrays.fill(p, a.k() / (total + a.k() * vocabSize));
            if (id >= 0) {
                for (int j = top.start[id]; j < top.start[id + 1]; j++) {
                    p[top.next[j]] = (top.counts[j] + a.k()) / (total + a.k() * vocabSize);
                }
            }
            return p;
        }
        Arrays.fill(p, 1.0 / vocabSize);
        for (int j = 1; j <= k; j++) {
            Level level = levels[j - 1];
            int id = level.find(key & mask(bits * (j - 1)));
            if (id < 0) continue;
            double scale = level.gammaMass[id] / level.total[id];
            for (int w = 0; w < vocabSize; w++) p[w] *= scale;
            for (int i = level.start[id]; i < level.start[id + 1]; i++) {
                int c = level.counts[i];
                p[level.next[i]] += Math.max(c - level.discount(c), 0) / level.total[id];
            }
        }
        return p;
    }

    /** Teacher-forced log-probabilities by direct lookup: O(n log C) per token, no full distributions. */
    @Override
    public float[] score(int[] tokens) {
        if (tokens.length < 2) throw new IllegalArgumentException("scoring needs at least two tokens, got " + tokens.length);
        float[] out = new float[tokens.length - 1];
        for (int t = 1; t < tokens.length; t++) out[t - 1] = (float) Math.log(probability(tokens, t, tokens[t]));
        return out;
    }

    @Override
    public Session newSession() {
        return new HistorySession((history, length) -> {
            double[] p = distribution(history, length);
            float[] logits = new float[vocabSize];
            for (int w = 0; w < vocabSize; w++) logits[w] = (float) Math.log(p[w]);
            return logits;
        }, vocabSize);
    }

    /** Packs tokens[from..to) (from clipped at 0), newest token in the lowest bits. */
    private static long pack(int[] tokens, int from, int to, int bits) {
        long key = 0;
        for (int i = Math.max(0, from), shift = bits * (to - 1 - Math.max(0, from)); i < to; i++, shift -= bits) {
            key |= (long) tokens[i] << shift;
        }
        return key;
    }

    private static long mask(int nBits) {
        return nBits >= 64 ? -1L : (1L << nBits) - 1;
    }

    /** The k-grams of one order: contexts sorted, continuations per context sorted, with counts. */
    private static final class Level {
        final long[] contexts;
        final int[] start; // continuations of context id are next[start[id] .. start[id + 1])
        final int[] next;
        final int[] counts;
        final long[] total; // c(h)
        final double[] gammaMass; // sum_w D(c(h w)): the mass handed to the lower order
        final double[] discount; // D(1), D(2), D(3+); zeros for add-k

        private Level(long[] contexts, int[] start, int[] next, int[] counts, double[] discount) {
            this.contexts = contexts;
            this.start = start;
            this.next = next;
            this.counts = counts;
            this.discount = discount;
            this.total = new long[contexts.length];
            this.gammaMass = new double[contexts.length];
            for (int id = 0; id < contexts.length; id++) {
                for (int j = start[id]; j < start[id + 1]; j++) {
                    total[id] += counts[j];
                    gammaMass[id] += discount(counts[j]);
                }
            }
        }

        double discount(int c) {
            return c == 0 ? 0 : discount[Math.min(c, 3) - 1];
        }

        int find(long context) {
            int id = Arrays.binarySearch(contexts, context);
            return id < 0 ? -1 : id;
        }

        int count(int id, int w) {
            int j = Arrays.binarySearch(next, start[id], start[id + 1], w);
            return j < 0 ? 0 : counts[j];
        }

        /** Counts the (context, next) items; discounts from the count-of-counts when {@code kn}. */
        static Level count(long[] ctx, int[] next, boolean kn, boolean modified) {
            long[] distinct = ctx.clone();
            Arrays.sort(distinct);
            int nCtx = 0;
            for (int i = 0; i < distinct.length; i++) if (i == 0 || distinct[i] != distinct[i - 1]) distinct[nCtx++] = distinct[i];
            long[] contexts = Arrays.copyOf(distinct, nCtx);
            // (context id, token) packed so that one primitive sort groups and orders everything
            long[] pairs = new long[ctx.length];
            for (int i = 0; i < ctx.length; i++) pairs[i] = (long) Arrays.binarySearch(contexts, ctx[i]) << 32 | next[i];
            Arrays.sort(pairs);
            int nPairs = 0;
            for (int i = 0; i < pairs.length; i++) if (i == 0 || pairs[i] != pairs[i - 1]) nPairs++;
            int[] start = new int[nCtx + 1];
            int[] tok = new int[nPairs];
            int[] cnt = new int[nPairs];
            int p = -1;
            for (int i = 0; i < pairs.length; i++) {
                if (i == 0 || pairs[i] != pairs[i - 1]) {
                    p++;
                    tok[p] = (int) pairs[i];
                    start[(int) (pairs[i] >>> 32) + 1]++;
                }
                cnt[p]++;
            }
            for (int id = 0; id < nCtx; id++) start[id + 1] += start[id];
            return new Level(contexts, start, tok, cnt, kn ? discounts(cnt, modified) : new double[3]);
        }

        /**
         * Chen and Goodman's estimates from count-of-counts, clipped to [0.1, c]: at most c so no probability
         * goes negative, at least 0.1 so every seen context hands some mass down and no token gets probability 0
         * (small samples can make the raw D(2) or D(3+) negative).
         */
        static double[] discounts(int[] counts, boolean modified) {
            long[] n = new long[5];
            for (int c : counts) if (c <= 4) n[c]++;
            double y = n[1] + 2 * n[2] == 0 ? 0.5 : (double) n[1] / (n[1] + 2 * n[2]);
            if (n[1] == 0 || n[2] == 0) y = 0.5; // too little data for the estimate: a middle value
            if (!modified || n[3] == 0 || n[4] == 0) return new double[] {y, y, y};
            double d1 = 1 - 2 * y * n[2] / n[1];
            double d2 = 2 - 3 * y * n[3] / n[2];
            double d3 = 3 - 4 * y * n[4] / n[3];
            return new double[] {clip(d1, 1), clip(d2, 2), clip(d3, 3)};
        }

        private static double clip(double d, double max) {
            return Math.max(0.1, Math.min(max, d));
        }
    }
}
