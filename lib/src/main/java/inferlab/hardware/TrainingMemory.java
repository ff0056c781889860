package inferlab.hardware;

/**
 * What training holds in accelerator memory, to set beside what generation holds ({@link Capacity#forward}).
 *
 * <p>Mixed-precision training with AdamW (Micikevicius et al. 2018; the accounting of ZeRO, Rajbhandari et al.
 * 2020, section 3.1) keeps, per parameter: the bf16 weights (2 bytes) used by the forward and backward passes,
 * their bf16 gradients (2 bytes), and the fp32 optimizer state (12 bytes: a master copy of the weights, Adam's
 * first moment m and second moment v). That is 16 bytes per parameter before a single activation: 8 times
 * the 2 bytes generation needs.
 *
 * <p>Activations: the backward pass needs, for every layer and every token, the inputs of each matrix product
 * and of each nonlinearity of the forward pass. Counting the tensors a Llama/Qwen block saves, with
 * FlashAttention (the T x T scores are recomputed in the backward pass, only a log-sum-exp per head and token
 * is kept, in fp32) and without dropout:
 * <ul>
 *   <li>attention: the norm's input and output (2d), Q, K, V (d_attn + 2 d_kv), the attention output that
 *       enters the O projection (d_attn), the log-sum-exp (heads, fp32);</li>
 *   <li>MLP: the norm's input and output (2d) and, for SwiGLU, gate, up, SiLU(gate) and their product that
 *       enters the down projection (4f); for GELU the input and output of the GELU (2f).</li>
 * </ul>
 * For GPT-2 (d_attn = d_kv = d, f = 4d) this is 16d values, 32 bytes at 2 bytes each: Korthikanti et al. 2022's
 * 34 s b h bytes per layer minus the two bytes of dropout masks, and without their 5 a s^2 b of attention
 * scores. After the last layer the final norm (2d) and the logits for the loss (V per token, fp32) are kept.
 * With full activation recomputation (Chen et al. 2016, one checkpoint per layer) only each layer's input (d
 * per token) is kept, plus one layer's full set while that layer's backward pass runs.
 *
 * <p>Not counted: temporary buffers of the backward pass, the CUDA context and framework workspace,
 * fragmentation. A generation footprint, by contrast, is the weights, the KV cache (whose size depends on how
 * long the outputs turn out to be: the uncertain part) and one layer's activations.
 *
 * @param weights     bytes of the working (bf16) weights
 * @param gradients   bytes of the gradients
 * @param optimizer   bytes of the fp32 master weights and Adam's m and v
 * @param activations bytes kept for the backward pass
 */
public record TrainingMemory(double weights, double gradients, double optimizer, double activations) {
    /** Bytes per parameter of mixed-precision AdamW: 2 weights + 2 gradients + 12 optimizer. */
    public static final double ADAMW_BYTES_PER_PARAMETER = 16;

    public double total() {
        return weights + gradients + optimizer + activations;
    }

    /**
     * Memory of one training step of {@code batch} sequences of {@code tokens} tokens with mixed-precision
     * AdamW and bf16 activations; {@code recompute} keeps only each layer's input (activation checkpointing).
     */
    public static TrainingMemory adamW(ModelShape m, int batch, long tokens, boolean recompute) {
        double n = m.parameters().total();
        double perToken = recompute ? m.layers() * m.hidden() + layerActivations(m) : m.layers() * layerActivations(m);
        perToken += 2.0 * m.hidden() + 2.0 * m.vocab(); // final norm in bf16, logits in fp32 (2 bf16 slots)
        return new TrainingMemory(2 * n, 2 * n, 12 * n, 2.0 * batch * tokens * perToken);
    }

    /** Values (2 bytes each) one layer keeps per token for the backward pass, as listed above. */
    public static double layerActivations(ModelShape m) {
        double attention = 2.0 * m.hidden() + 2.0 * m.attentionWidth() + 2.0 * m.kvWidth() + 2.0 * m.heads();
        double mlp = 2.0 * m.hidden() + (m.mlp() == ModelShape.Mlp.SWIGLU ? 4.0 : 2.0) * m.intermediate();
        return attention + mlp;
    }
}
