package inferlab.hardware;

import inferlab.model.HfConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * The sizes of a decoder-only transformer: everything its parameter count, FLOPs and KV-cache bytes depend on.
 *
 * <p>Two block designs cover the models of the course: GPT-2 (LayerNorm, learned position embeddings, a GELU
 * MLP with two matrices d x f and f x d) and Llama/Qwen2 (RMSNorm, rotary positions without parameters, a
 * SwiGLU MLP with three matrices gate, up: d x f and down: f x d). Attention has query heads {@code heads} and
 * key/value heads {@code kvHeads} of width {@code headDim} (grouped-query attention when kvHeads &lt; heads).
 *
 * @param vocab          V, rows of the token embedding (and of the LM head)
 * @param hidden         d, the residual stream width
 * @param layers         L, transformer blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads
 * @param headDim        width of one head; d_attn = heads * headDim
 * @param intermediate   f, the MLP hidden width
 * @param tiedEmbeddings the LM head reuses the token embedding matrix (no separate V x d matrix)
 * @param biases         which layers carry additive biases
 * @param norm           normalization: LayerNorm has a gain and (with {@link Biases#ALL}) a bias; RMSNorm a gain
 * @param mlp            MLP design
 * @param positions      learned position table (maxPositions x d) or rotary (no parameters)
 * @param maxPositions   longest context the model was trained for
 */
public record ModelShape(String name, int vocab, int hidden, int layers, int heads, int kvHeads, int headDim,
                         int intermediate, boolean tiedEmbeddings, Biases biases, Norm norm, Mlp mlp,
                         Positions positions, int maxPositions) {

    /** Which linear layers (and norms) carry biases. */
    public enum Biases {
        /** No biases anywhere (Llama). */
        NONE,
        /** Only the query, key and value projections (Qwen2). */
        QKV,
        /** Query, key, value and output projections (Llama with {@code attention_bias}). */
        ATTENTION,
        /** Every linear layer and every LayerNorm (GPT-2). */
        ALL
    }

    public enum Norm { LAYER_NORM, RMS_NORM }

    /** GELU: up d x f, down f x d. SWIGLU: gate and up d x f, down f x d. */
    public enum Mlp { GELU, SWIGLU }

    public enum Positions { LEARNED, ROTARY }

    public ModelShape {
        if (vocab <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || headDim <= 0
                || intermediate <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("model sizes must be positive: " + name);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads are not a multiple of " + kvHeads + " kv heads");
        }
    }

    /** A GPT-2 style shape: MHA with head width d / heads, f = 4d, tied embeddings, biases everywhere. */
    public static ModelShape gpt2(String name, int vocab, int hidden, int layers, int heads, int maxPositions) {
        return new ModelShape(name, vocab, hidden, layers, heads, heads, hidden / heads, 4 * hidden, true,
                Biases.ALL, Norm.LAYER_NORM, Mlp.GELU, Positions.LEARNED, maxPositions);
    }

    /** A Llama style shape: head width d / heads, RMSNorm, SwiGLU, rotary positions, no biases. */
    public static ModelShape llama(String name, int vocab, int hidden, int layers, int heads, int kvHeads,
                                   int intermediate, boolean tied, int maxPositions) {
        return new ModelShape(name, vocab, hidden, layers, heads, kvHeads, hidden / heads, intermediate, tied,
                Biases.NONE, Norm.RMS_NORM, Mlp.SWIGLU, Positions.ROTARY, maxPositions);
    }

    /**
     * The shape of a model read from its Hugging Face configuration; {@code name} labels tables and plots.
     * GPT-2 configurations get LayerNorm, GELU, learned positions and biases everywhere; Llama, Mistral, Qwen2 and
     * Qwen3 get RMSNorm, SwiGLU and rotary positions, with the biases the configuration declares (Qwen3's query and
     * key norm gains, 2 d_h a layer, are not counted, as in the presets below).
     */
    public static ModelShape of(String name, HfConfig c) {
        if (c.architecture() == HfConfig.Architecture.GPT2) {
            return new ModelShape(name, c.vocabSize(), c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                    c.headDim(), c.intermediateSize(), c.tieWordEmbeddings(), Biases.ALL, Norm.LAYER_NORM, Mlp.GELU,
                    Positions.LEARNED, c.maxPositions());
        }
        Biases b = c.outputBias() ? Biases.ATTENTION : c.qkvBias() ? Biases.QKV : Biases.NONE;
        return new ModelShape(name, c.vocabSize(), c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(),
                c.headDim(), c.intermediateSize(), c.tieWordEmbeddings(), b, Norm.RMS_NORM, Mlp.SWIGLU,
                Positions.ROTARY, c.maxPositions());
    }

    /** The shape of the Hugging Face model directory {@code dir} (its config.json), named after the directory. */
    public static ModelShape read(Path dir) {
        return of(dir.getFileName().toString(), HfConfig.read(dir.resolve("config.json")));
    }

    /** GPT-2 small (openai-community/gpt2 config.json). */
    public static final ModelShape GPT2_SMALL = gpt2("GPT-2 small", 50257, 768, 12, 12, 1024);
    /** Llama-2-7B (meta-llama/Llama-2-7b-hf config.json). */
    public static final ModelShape LLAMA2_7B = llama("Llama-2-7B", 32000, 4096, 32, 32, 32, 11008, false, 4096);
    /** Llama-2-13B (meta-llama/Llama-2-13b-hf config.json). */
    public static final ModelShape LLAMA2_13B = llama("Llama-2-13B", 32000, 5120, 40, 40, 40, 13824, false, 4096);
    /** Llama-2-70B (meta-llama/Llama-2-70b-hf config.json): grouped-query attention with 8 kv heads. */
    public static final ModelShape LLAMA2_70B = llama("Llama-2-70B", 32000, 8192, 80, 64, 8, 28672, false, 4096);
    /** Llama-3-8B (meta-llama/Meta-Llama-3-8B config.json). */
    public static final ModelShape LLAMA3_8B = llama("Llama-3-8B", 128256, 4096, 32, 32, 8, 14336, false, 8192);
    /** Llama-3-70B (meta-llama/Meta-Llama-3-70B config.json). */
    public static final ModelShape LLAMA3_70B = llama("Llama-3-70B", 128256, 8192, 80, 64, 8, 28672, false, 8192);
    /** Qwen2.5-0.5B (Qwen/Qwen2.5-0.5B config.json): tied embeddings, biases on q, k, v. */
    public static final ModelShape QWEN25_0_5B = new ModelShape("Qwen2.5-0.5B", 151936, 896, 24, 14, 2, 64, 4864,
            true, Biases.QKV, Norm.RMS_NORM, Mlp.SWIGLU, Positions.ROTARY, 32768);

    /** The published configurations above, smallest first. */
    public static List<ModelShape> presets() {
        return List.of(GPT2_SMALL, QWEN25_0_5B, LLAMA2_7B, LLAMA3_8B, LLAMA2_13B, LLAMA2_70B, LLAMA3_70B);
    }

    /*
     * The Qwen3 dense family, the course's presets (its HW3 asks for their KV caches at 32k tokens and for
     * Qwen3-14B on an L40S). Sizes from each model's config.json on the Hugging Face Hub (Qwen/Qwen3-0.6B ...
     * Qwen/Qwen3-32B, 2025): vocabulary 151,936, 8 key/value heads of width 128 (head_dim is set explicitly and
     * is not hidden / heads for 0.6B, 4B and 32B), no biases, max_position_embeddings 40,960; the three
     * smallest tie the LM head to the embedding. Each layer's RMSNorm on q and k (2 x 128 gains) is not counted:
     * under 0.001% of the parameters.
     */
    /** Qwen3-0.6B: 28 layers, d = 1024, 16 query heads, f = 3072, tied. */
    public static final ModelShape QWEN3_0_6B = qwen3("Qwen3-0.6B", 1024, 28, 16, 3072, true);
    /** Qwen3-1.7B: 28 layers, d = 2048, 16 query heads, f = 6144, tied. */
    public static final ModelShape QWEN3_1_7B = qwen3("Qwen3-1.7B", 2048, 28, 16, 6144, true);
    /** Qwen3-4B: 36 layers, d = 2560, 32 query heads, f = 9728, tied. */
    public static final ModelShape QWEN3_4B = qwen3("Qwen3-4B", 2560, 36, 32, 9728, true);
    /** Qwen3-8B: 36 layers, d = 4096, 32 query heads, f = 12288. */
    public static final ModelShape QWEN3_8B = qwen3("Qwen3-8B", 4096, 36, 32, 12288, false);
    /** Qwen3-14B: 40 layers, d = 5120, 40 query heads, f = 17408. */
    public static final ModelShape QWEN3_14B = qwen3("Qwen3-14B", 5120, 40, 40, 17408, false);
    /** Qwen3-32B: 64 layers, d = 5120, 64 query heads, f = 25600. */
    public static final ModelShape QWEN3_32B = qwen3("Qwen3-32B", 5120, 64, 64, 25600, false);

    private static ModelShape qwen3(String name, int hidden, int layers, int heads, int intermediate, boolean tied) {
        return new ModelShape(name, 151936, hidden, layers, heads, 8, 128, intermediate, tied, Biases.NONE,
                Norm.RMS_NORM, Mlp.SWIGLU, Positions.ROTARY, 40960);
    }

    /** The course's Qwen3 presets, smallest first. */
    public static List<ModelShape> qwen3Family() {
        return List.of(QWEN3_0_6B, QWEN3_1_7B, QWEN3_4B, QWEN3_8B, QWEN3_14B, QWEN3_32B);
    }

    /** The same shape with or without biases (GPT-2 "without biases" as in nanoGPT's {@code bias=False}). */
    public ModelShape withBiases(Biases b) {
        return new ModelShape(name, vocab, hidden, layers, heads, kvHeads, headDim, intermediate, tiedEmbeddings, b,
                norm, mlp, positions, maxPositions);
    }

    /** d_attn = heads * headDim, the width of the concatenated query heads. */
    public int attentionWidth() {
        return heads * headDim;
    }

    /** kvHeads * headDim, the width of the key (and of the value) projection. */
    public int kvWidth() {
        return kvHeads * headDim;
    }

    /** The exact parameter count, by component. */
    public ParameterCount parameters() {
        long d = hidden, v = vocab, f = intermediate, qw = attentionWidth(), kw = kvWidth();
        long attention = d * qw + 2 * d * kw + qw * d;
        if (biases != Biases.NONE) attention += qw + 2 * kw;
        if (biases == Biases.ALL || biases == Biases.ATTENTION) attention += d;
        long mlpParams = (mlp == Mlp.SWIGLU ? 3 : 2) * d * f;
        if (biases == Biases.ALL) mlpParams += f + d;
        long oneNorm = (norm == Norm.LAYER_NORM && biases == Biases.ALL) ? 2 * d : d;
        return new ParameterCount(
                v * d,
                positions == Positions.LEARNED ? (long) maxPositions * d : 0,
                layers * attention,
                layers * mlpParams,
                (2L * layers + 1) * oneNorm,
                tiedEmbeddings ? 0 : v * d);
    }

    /**
     * Bytes of K and V cached per token: 2 (K and V) * layers * kvHeads * headDim * bytesPerValue.
     * Grouped-query attention shrinks it by heads / kvHeads against multi-head attention.
     */
    public long kvBytesPerToken(double bytesPerValue) {
        return (long) Math.ceil(2.0 * layers * kvHeads * headDim * bytesPerValue);
    }

    /**
     * Parameters a token is multiplied with: every weight matrix of attention and MLP, plus the LM head (V x d,
     * computed even when it is tied to the embedding). Embedding and position lookups, norms and biases are not
     * matrix multiplications and are left out (they are below 0.1% of the FLOPs of real models).
     */
    public long matmulParameters() {
        long d = hidden, f = intermediate, qw = attentionWidth(), kw = kvWidth();
        long perLayer = d * qw + 2 * d * kw + qw * d + (mlp == Mlp.SWIGLU ? 3 : 2) * d * f;
        return layers * perLayer + (long) vocab * d;
    }

    /**
     * Forward FLOPs of one token that attends to {@code context} positions (itself included):
     * 2 N_matmul (one multiply and one add per weight) + 2 * 2 * L * context * d_attn (the scores Q K^T and the
     * weighted sum A V, each 2 * context * d_attn per layer). Softmax, norms and activations are left out.
     */
    public double flopsPerToken(long context) {
        return 2.0 * matmulParameters() + 4.0 * layers * context * attentionWidth();
    }

    /**
     * Forward FLOPs of a causal prefill of {@code tokens} tokens: sum over t = 1..T of flopsPerToken(t)
     * = 2 N_matmul T + 4 L d_attn T (T + 1) / 2 (token t attends to t positions).
     */
    public double prefillFlops(long tokens) {
        return 2.0 * matmulParameters() * tokens + 4.0 * layers * attentionWidth() * (tokens * (tokens + 1) / 2.0);
    }

    /** FLOPs of one decode step of one sequence whose cache already holds {@code context} tokens. */
    public double decodeFlops(long context) {
        return flopsPerToken(context + 1);
    }

    /** Bytes of all weights at {@code bytesPerParam} (2 for fp16/bf16, 4 for fp32). */
    public double weightBytes(double bytesPerParam) {
        return parameters().total() * bytesPerParam;
    }

    @Override
    public String toString() {
        return name;
    }
}
