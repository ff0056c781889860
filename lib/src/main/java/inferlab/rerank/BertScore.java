package inferlab.rerank;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A BERTScore-style utility (Zhang et al., 2020) over token vectors: every token of the hypothesis h is
 * matched to its most similar token of the reference r by cosine, and the other way round,
 * <pre>
 *   S_ij = h_i · r_j   (unit rows),
 *   P(h, r) = (1/|h|) sum_i max_j S_ij,     R(h, r) = (1/|r|) sum_j max_i S_ij,     F1 = 2PR / (P + R).
 * </pre>
 * The similarity matrix of (r, h) is the transpose of that of (h, r), so P(h, r) = R(r, h) and F1 is
 * symmetric: MBR with it needs each unordered pair once ({@link MbrReranker} with {@code symmetric}), half of
 * the N(N−1) comparisons. The second saving is in the encoder: a candidate's token vectors do not depend on
 * the pair, so they are computed once per distinct text (memoized here) — N encoder passes, not N(N−1).
 *
 * <p>BERTScore uses a BERT model's contextual vectors (and optionally idf weights and a rescaling baseline);
 * here any per-token encoder is accepted, e.g. the target model's static token embeddings
 * ({@link TokenEmbedding#tokens}). An empty side scores 0; F1 is 0 when P + R ≤ 0.
 */
public final class BertScore implements MbrReranker.Utility {

    private final Function<String, double[][]> encoder;
    private final Map<String, double[][]> memo = new ConcurrentHashMap<>();
    private final AtomicLong encodings = new AtomicLong(), comparisons = new AtomicLong();

    /** @param encoder unit-length vectors, one per token of a text */
    public BertScore(Function<String, double[][]> encoder) {
        this.encoder = encoder;
    }

    /** Precision, recall and F1 of one (hypothesis, reference) pair. */
    public record Score(double precision, double recall, double f1) {}

    /**
     * The three scores of h against r from one similarity matrix. Row i of S is built for all j at once over
     * r transposed, so the loop over j vectorizes; each S_ij is still summed over k in order, the same bits as
     * a dot product per pair (and so P(h, r) = R(r, h) exactly).
     */
    public static Score score(double[][] h, double[][] r) {
        if (h.length == 0 || r.length == 0) return new Score(0, 0, 0);
        int d = r[0].length;
        double[][] rT = new double[d][r.length];
        for (int j = 0; j < r.length; j++) for (int k = 0; k < d; k++) rT[k][j] = r[j][k];
        double[] bestForH = new double[h.length], bestForR = new double[r.length], row = new double[r.length];
        java.util.Arrays.fill(bestForR, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < h.length; i++) {
            java.util.Arrays.fill(row, 0);
            for (int k = 0; k < d; k++) {
                double hik = h[i][k];
                double[] column = rT[k];
                for (int j = 0; j < row.length; j++) row[j] += hik * column[j];
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < row.length; j++) {
                best = Math.max(best, row[j]);
                bestForR[j] = Math.max(bestForR[j], row[j]);
            }
            bestForH[i] = best;
        }
        double p = mean(bestForH), rec = mean(bestForR);
        return new Score(p, rec, p + rec > 0 ? 2 * p * rec / (p + rec) : 0);
    }

    /** The pair's scores; each text is encoded at most once over this object's life. */
    public Score score(String hypothesis, String reference) {
        comparisons.incrementAndGet();
        return score(encode(hypothesis), encode(reference));
    }

    /** F1(h, r), symmetric in its arguments. */
    @Override
    public double utility(String hypothesis, String reference) {
        return score(hypothesis, reference).f1();
    }

    /** Distinct texts encoded so far (the encoder's forward passes). */
    public long encodings() {
        return encodings.get();
    }

    /** Pairs compared so far (similarity matrices built). */
    public long comparisons() {
        return comparisons.get();
    }

    private double[][] encode(String text) {
        return memo.computeIfAbsent(text, t -> {
            encodings.incrementAndGet();
            return encoder.apply(t);
        });
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }
}
