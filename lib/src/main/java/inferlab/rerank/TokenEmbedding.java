package inferlab.rerank;

import ai.djl.ndarray.NDArray;
import inferlab.model.HfConfig;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;

/**
 * A text embedding from a model's input token-embedding matrix E (V x d): the mean of the text's token rows,
 * centred by the mean row of the vocabulary and scaled to unit length,
 * <pre>
 *   e(y) = v / |v|,   v = (1/T) sum_t E[y_t] − (1/V) sum_w E[w].
 * </pre>
 * Centring removes the direction every embedding shares, which would otherwise make all cosines large.
 * Static and context-free (a bag of learned token vectors), so it costs no forward pass. An empty text
 * embeds to the zero vector (cosine 0 with everything).
 */
public final class TokenEmbedding {

    private final Tokenizer tokenizer;
    private final float[][] rows;
    private final double[] centre;

    public TokenEmbedding(Transformer model) {
        this.tokenizer = model.tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        String name = model.config().architecture() == HfConfig.Architecture.GPT2
                ? "transformer.wte.weight" : "model.embed_tokens.weight";
        NDArray e = model.parameters().get(name);
        int v = (int) e.getShape().get(0), d = (int) e.getShape().get(1);
        float[] flat = e.toFloatArray();
        rows = new float[v][d];
        centre = new double[d];
        for (int w = 0; w < v; w++) {
            System.arraycopy(flat, w * d, rows[w], 0, d);
            for (int k = 0; k < d; k++) centre[k] += rows[w][k] / (double) v;
        }
    }

    public int dimension() {
        return centre.length;
    }

    /**
     * One centred, unit-length row per token of {@code text} (E[y_t] − mean row, normalised; a zero row stays
     * zero): the token vectors a BERTScore-style utility matches ({@link BertScore}). An empty text has none.
     */
    public double[][] tokens(String text) {
        int[] ids = tokenizer.encode(text);
        double[][] out = new double[ids.length][];
        for (int t = 0; t < ids.length; t++) {
            double[] v = new double[centre.length];
            double norm = 0;
            for (int k = 0; k < v.length; k++) {
                v[k] = rows[ids[t]][k] - centre[k];
                norm += v[k] * v[k];
            }
            norm = Math.sqrt(norm);
            if (norm > 0) for (int k = 0; k < v.length; k++) v[k] /= norm;
            out[t] = v;
        }
        return out;
    }

    /** e(text), unit length (or zero for an empty text). */
    public double[] embed(String text) {
        int[] ids = tokenizer.encode(text);
        double[] v = new double[centre.length];
        if (ids.length == 0) return v;
        for (int id : ids) for (int k = 0; k < v.length; k++) v[k] += rows[id][k] / ids.length;
        double norm = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] -= centre[k];
            norm += v[k] * v[k];
        }
        norm = Math.sqrt(norm);
        if (norm == 0) return v;
        for (int k = 0; k < v.length; k++) v[k] /= norm;
        return v;
    }
}
