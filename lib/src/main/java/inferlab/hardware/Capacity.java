package inferlab.hardware;

import java.util.ArrayList;
import java.util.List;

/**
 * Does it fit? Memory questions of the course: the largest model for a GPU, the longest sequence for a model,
 * the KV cache of a family of models.
 *
 * <p>Assumptions of the forward-pass footprint of {@code batch} sequences of {@code tokens} tokens, all at
 * {@code bytesPerValue} bytes per value:
 * <ul>
 *   <li>weights: every parameter, once;</li>
 *   <li>KV cache: batch * tokens * kvBytesPerToken;</li>
 *   <li>activations: only one layer's are alive at a time in inference (nothing is kept for a backward pass);
 *       its largest moment is the MLP, holding the residual stream and its normalized copy (2d) and the MLP
 *       hidden state (2f for SwiGLU's gate and up, f for GELU) per token; attention scores are never
 *       materialized (FlashAttention); logits are computed for the last position only (V per sequence).</li>
 * </ul>
 * Framework workspace, fragmentation and the CUDA context (often 1-2 GB) are not counted.
 */
public final class Capacity {
    private Capacity() {}

    /** Bytes of a forward pass, by component. */
    public record Footprint(double weights, double kvCache, double activations) {
        public double total() {
            return weights + kvCache + activations;
        }
    }

    /** One row of a KV-cache table: a model, a batch and the bytes its cache holds at {@code tokens} tokens. */
    public record KvCacheRow(ModelShape model, int batch, long tokens, double bytes, double weightBytes) {}

    public static Footprint forward(ModelShape m, int batch, long tokens, double bytesPerValue) {
        double mlpHidden = m.mlp() == ModelShape.Mlp.SWIGLU ? 2.0 * m.intermediate() : m.intermediate();
        double activations = (double) batch * tokens * (2.0 * m.hidden() + mlpHidden) + (double) batch * m.vocab();
        return new Footprint(m.weightBytes(bytesPerValue),
                (double) batch * tokens * m.kvBytesPerToken(bytesPerValue),
                activations * bytesPerValue);
    }

    public static boolean fits(ModelShape m, int batch, long tokens, Hardware gpu) {
        return forward(m, batch, tokens, gpu.bytesPerValue()).total() <= gpu.memoryBytes();
    }

    /**
     * The longest sequence (tokens per sequence) whose forward pass for {@code batch} sequences fits in the GPU's
     * memory, by bisection (the footprint grows with the length); 0 when not even the weights fit. The model's
     * trained context, {@link ModelShape#maxPositions()}, is a separate limit this ignores.
     */
    public static long longestSequence(ModelShape m, int batch, Hardware gpu) {
        if (!fits(m, batch, 1, gpu)) return 0;
        long lo = 1, hi = 2;
        while (fits(m, batch, hi, gpu)) {
            lo = hi;
            hi *= 2;
        }
        while (hi - lo > 1) { // fits(lo), !fits(hi)
            long mid = lo + (hi - lo) / 2;
            if (fits(m, batch, mid, gpu)) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /**
     * The longest sequence whose KV cache for {@code batch} sequences fits beside the weights when nothing else
     * is counted (no activations, no framework; the course's accounting for its L40S question):
     * floor((M - weights) / (batch * kvBytesPerToken)), 0 when the weights alone fill the memory.
     */
    public static long longestGeneration(ModelShape m, int batch, Hardware gpu) {
        double free = gpu.memoryBytes() - m.weightBytes(gpu.bytesPerValue());
        if (free <= 0) return 0;
        return (long) Math.floor(free / ((double) batch * m.kvBytesPerToken(gpu.bytesPerValue())));
    }

    /**
     * A Llama-2-proportioned model with {@code layers} blocks: head width 128, d = 128 L (as Llama-2-7B and 13B),
     * multi-head attention, f = 8d/3 rounded up to a multiple of 256, vocabulary 32,000, untied.
     */
    public static ModelShape llamaFamily(int layers) {
        int d = 128 * layers;
        int f = (int) (Math.ceil(8.0 * d / 3 / 256) * 256);
        return ModelShape.llama("Llama-like L=" + layers, 32000, d, layers, layers, layers, f, false, 4096);
    }

    /**
     * The largest model of {@link #llamaFamily} whose forward pass for {@code batch} sequences of {@code tokens}
     * tokens fits in the GPU's memory; null when none does.
     */
    public static ModelShape largestModel(Hardware gpu, int batch, long tokens) {
        ModelShape best = null;
        for (int layers = 1; fits(llamaFamily(layers), batch, tokens, gpu); layers++) best = llamaFamily(layers);
        return best;
    }

    /** KV-cache bytes of each model at {@code tokens} tokens for each batch size, rows model-major. */
    public static List<KvCacheRow> kvCacheTable(List<ModelShape> models, long tokens, int[] batches,
                                                double bytesPerValue) {
        List<KvCacheRow> rows = new ArrayList<>();
        for (ModelShape m : models) {
            for (int b : batches) {
                rows.add(new KvCacheRow(m, b, tokens, (double) b * tokens * m.kvBytesPerToken(bytesPerValue),
                        m.weightBytes(bytesPerValue)));
            }
        }
        return rows;
    }
}
