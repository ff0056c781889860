package inferlab.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The parts of a Hugging Face {@code config.json} that fix a decoder-only Transformer: sizes, norm epsilon,
 * rotary embedding, tied embeddings and special tokens.
 *
 * <p>GPT-2 spells its sizes {@code n_embd, n_layer, n_head, n_positions}; Llama, Mistral, Qwen2 and Qwen3 use
 * {@code hidden_size, num_hidden_layers, num_attention_heads, num_key_value_heads}. RoPE is read both from the older top-level
 * {@code rope_theta}/{@code rope_scaling} and from the newer {@code rope_parameters} object.
 *
 * <p>A key that changes transformers' computation is either modelled here or refused with a message naming it
 * (an unknown activation or RoPE type, sliding-window attention that can take effect within the context,
 * unscaled GPT-2 attention, quantized weights): a configuration this record accepts computes the logits
 * transformers computes.
 *
 * @param qkvBias query/key/value projections have biases (Qwen2; Llama and Qwen3 with {@code attention_bias})
 * @param outputBias the attention output projection has a bias (Llama and Qwen3 with {@code attention_bias})
 * @param mlpBias the MLP projections of a Llama-family model have biases (Llama with {@code mlp_bias}); GPT-2's
 *     always have them
 * @param attentionByInverseLayer attention scores of layer l (from 0) are divided by l + 1 on top of sqrt(d_h)
 *     (GPT-2 with {@code scale_attn_by_inverse_layer_idx})
 * @param headDim per-head width d_h: explicit {@code head_dim}, else hidden / heads (Qwen3 without the key: 128)
 * @param rope the rotary embedding; {@code null} for GPT-2, which learns absolute positions
 */
public record HfConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        double normEps,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        boolean attentionByInverseLayer,
        int[] bosTokenIds,
        int[] eosTokenIds,
        Rope rope) {

    /** The model families this project runs. */
    public enum Architecture {
        GPT2("gpt2", "GPT2LMHeadModel"),
        LLAMA("llama", "LlamaForCausalLM"),
        /** Llama's computation without its bias options, plus sliding-window attention (refused where it acts). */
        MISTRAL("mistral", "MistralForCausalLM"),
        QWEN2("qwen2", "Qwen2ForCausalLM"),
        /** Llama's computation with an RMSNorm on each query and key head before RoPE (see {@link #qkNorm}). */
        QWEN3("qwen3", "Qwen3ForCausalLM");

        public final String modelType;
        public final String hfClass;

        Architecture(String modelType, String hfClass) {
            this.modelType = modelType;
            this.hfClass = hfClass;
        }
    }

    /**
     * Rotary position embedding. {@code type} is "default" (plain inverse frequencies), "linear" (position
     * interpolation: every frequency divided by {@code factor}), "dynamic" (dynamic NTK scaling, which raises
     * theta only for sequences longer than the model's positions, so never within the lengths this project runs:
     * plain frequencies here), "llama3" (Llama 3.1 frequency rescaling) or "yarn" (YaRN, Peng et al. 2023). {@code low} and {@code high} bound the band of frequencies that is blended
     * between rescaled and kept: llama3's {@code low_freq_factor, high_freq_factor}, YaRN's {@code beta_slow,
     * beta_fast} (alpha and beta of the paper); {@code originalMaxPositions} is the context L the model was
     * pretrained with. {@code attentionFactor} multiplies cos and sin (so q k by its square): YaRN's
     * mscale, 1 for the others. {@code truncate} rounds YaRN's band to whole dimensions.
     */
    public record Rope(String type, double theta, double factor, double low, double high, int originalMaxPositions,
                       double attentionFactor, boolean truncate) {

        public static Rope plain(double theta) {
            return new Rope("default", theta, 1, 0, 0, 0, 1, false);
        }

        /**
         * Inverse frequencies for a head of width {@code d}: w_i = theta^(-2i/d), i = 0..d/2-1. For "linear",
         * w_i / factor, which rotates position p as plain RoPE rotates p / factor. For "llama3",
         * with wavelength lambda_i = 2 pi / w_i, lo = L / low, hi = L / high: w_i / factor where lambda_i > lo;
         * w_i where lambda_i < hi; in between (1 - s) w_i / factor + s w_i with s = (L / lambda_i - low) / (high
         * - low). For "yarn", r w_i / factor + (1 - r) w_i with the ramp r = clamp((i - a) / (b - a), 0, 1), where
         * dimension pair k(n) = d ln(L / (2 pi n)) / (2 ln theta) turns n times over L and a = k(high), b = k(low)
         * (a floored and b ceiled when {@code truncate}; then clamped to [0, d - 1]).
         */
        public double[] inverseFrequencies(int d) {
            double[] w = new double[d / 2];
            for (int i = 0; i < w.length; i++) {
                w[i] = 1.0 / Math.pow(theta, (2.0 * i) / d);
                if (type.equals("linear")) w[i] /= factor;
            }
            if (type.equals("llama3")) {
                double lo = originalMaxPositions / low;
                double hi = originalMaxPositions / high;
                for (int i = 0; i < w.length; i++) {
                    double lambda = 2 * Math.PI / w[i];
                    if (lambda > lo) {
                        w[i] = w[i] / factor;
                    } else if (lambda >= hi) {
                        double s = (originalMaxPositions / lambda - low) / (high - low);
                        w[i] = (1 - s) * w[i] / factor + s * w[i];
                    }
                }
            } else if (type.equals("yarn")) {
                double a = yarnDimension(high, d);
                double b = yarnDimension(low, d);
                if (truncate) {
                    a = Math.floor(a);
                    b = Math.ceil(b);
                }
                a = Math.max(a, 0);
                b = Math.min(b, d - 1);
                if (a == b) b += 0.001; // as the reference does, against division by zero
                for (int i = 0; i < w.length; i++) {
                    double r = Math.min(1, Math.max(0, (i - a) / (b - a)));
                    w[i] = r * w[i] / factor + (1 - r) * w[i];
                }
            }
            return w;
        }

        /** The (fractional) dimension index whose frequency turns {@code rotations} times over L. */
        private double yarnDimension(double rotations, int d) {
            return d * Math.log(originalMaxPositions / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
        }
    }

    public HfConfig {
        require(vocabSize > 0 && hiddenSize > 0 && numLayers > 0 && numHeads > 0 && numKvHeads > 0
                        && headDim > 0 && intermediateSize > 0 && maxPositions > 0,
                "sizes must be positive");
        require(numHeads % numKvHeads == 0, "num_attention_heads " + numHeads
                + " is not a multiple of num_key_value_heads " + numKvHeads);
        require(rope == null || headDim % 2 == 0, "head_dim " + headDim + " must be even for rotary embeddings");
        require(architecture != Architecture.GPT2 || numHeads * headDim == hiddenSize,
                "n_embd " + hiddenSize + " is not divisible by n_head " + numHeads);
    }

    /** A Llama-architecture configuration for models trained from scratch (RoPE theta 10000, eps 1e-5). */
    public static HfConfig llama(int vocabSize, int hiddenSize, int numLayers, int numHeads, int numKvHeads,
                                 int intermediateSize, int maxPositions, boolean tieWordEmbeddings,
                                 int bosTokenId, int eosTokenId) {
        require(hiddenSize % numHeads == 0, "hidden_size " + hiddenSize + " is not divisible by heads " + numHeads);
        return new HfConfig(Architecture.LLAMA, vocabSize, hiddenSize, numLayers, numHeads, numKvHeads,
                hiddenSize / numHeads, intermediateSize, maxPositions, 1e-5, tieWordEmbeddings, false, false, false,
                false, new int[] {bosTokenId}, new int[] {eosTokenId}, Rope.plain(10000));
    }

    /** A GPT-2-architecture configuration (MLP width 4 x hidden, eps 1e-5). */
    public static HfConfig gpt2(int vocabSize, int hiddenSize, int numLayers, int numHeads, int maxPositions) {
        require(hiddenSize % numHeads == 0, "n_embd " + hiddenSize + " is not divisible by n_head " + numHeads);
        return new HfConfig(Architecture.GPT2, vocabSize, hiddenSize, numLayers, numHeads, numHeads,
                hiddenSize / numHeads, 4 * hiddenSize, maxPositions, 1e-5, true, true, true, true, false,
                new int[] {vocabSize - 1}, new int[] {vocabSize - 1}, null);
    }

    /** The factor on q k in layer {@code layer}: 1 / sqrt(d_h), and 1 / (layer + 1) more if {@link #attentionByInverseLayer}. */
    public double attentionScale(int layer) {
        return 1 / Math.sqrt(headDim) / (attentionByInverseLayer ? layer + 1 : 1);
    }

    /**
     * Whether each query and key head is RMS-normalised over its d_h values, with gains {@code q_norm} and
     * {@code k_norm} of width d_h, before RoPE (Qwen3): q_h = g_q * q_h / sqrt(mean(q_h^2) + eps), likewise k_h.
     */
    public boolean qkNorm() {
        return architecture == Architecture.QWEN3;
    }

    /** First end-of-sequence id, or -1. */
    public int eosTokenId() {
        return eosTokenIds.length == 0 ? -1 : eosTokenIds[0];
    }

    public static HfConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model config " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static HfConfig parse(String json) {
        JsonObject o;
        try {
            o = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed config JSON: " + inferlab.Errors.reason(e), e);
        }
        Architecture arch = architectureOf(o);
        // quantized weights (GPTQ, AWQ, bitsandbytes, FP8...) are other tensors with another computation
        JsonElement quant = o.get("quantization_config");
        supported(quant == null || quant.isJsonNull(), "quantization_config (quant_method "
                + (quant != null && quant.isJsonObject() ? str(quant.getAsJsonObject(), "quant_method", "?") : quant)
                + ")");
        int[] bos = ids(o.get("bos_token_id"));
        int[] eos = ids(o.get("eos_token_id"));
        if (arch == Architecture.GPT2) {
            int hidden = integer(o, "n_embd", null);
            int heads = integer(o, "n_head", null);
            require(hidden % heads == 0, "n_embd " + hidden + " is not divisible by n_head " + heads);
            // one function under four names: u/2 (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3))) (gelu_fast writes it
            // u/2 (1 + tanh(0.7978845608 u (1 + 0.044715 u^2))), gelu_pytorch_tanh is torch's kernel of it)
            String act = str(o, "activation_function", "gelu_new");
            supported(List.of("gelu_new", "gelu_pytorch_tanh", "gelu_fast", "gelu_accurate").contains(act),
                    "activation_function " + act + " (the tanh approximation of gelu only: gelu_new, gelu_pytorch_tanh,"
                            + " gelu_fast, gelu_accurate)");
            supported(bool(o, "scale_attn_weights", true), "scale_attn_weights false (attention without the 1 / sqrt(d_h)"
                    + " scale)");
            int inner = o.has("n_inner") && !o.get("n_inner").isJsonNull() ? o.get("n_inner").getAsInt() : 4 * hidden;
            return new HfConfig(arch, integer(o, "vocab_size", null), hidden, integer(o, "n_layer", null), heads, heads,
                    hidden / heads, inner, integer(o, "n_positions", null), dbl(o, "layer_norm_epsilon", 1e-5),
                    bool(o, "tie_word_embeddings", true), true, true, true,
                    bool(o, "scale_attn_by_inverse_layer_idx", false), bos, eos, null);
        }
        int hidden = integer(o, "hidden_size", null);
        int heads = integer(o, "num_attention_heads", null);
        int headDim;
        if (o.has("head_dim") && !o.get("head_dim").isJsonNull()) {
            headDim = o.get("head_dim").getAsInt();
        } else if (arch == Architecture.QWEN3 && !o.has("head_dim")) {
            headDim = 128; // Qwen3Config's default, whatever hidden / heads is (Qwen3-0.6B: 1024 / 16 = 64)
        } else {
            require(hidden % heads == 0, "hidden_size " + hidden + " is not divisible by num_attention_heads " + heads);
            headDim = hidden / heads;
        }
        supported(str(o, "hidden_act", "silu").equals("silu"), "hidden_act " + str(o, "hidden_act", "") + " (silu only)");
        int maxPositions = integer(o, "max_position_embeddings", null);
        requireNoSlidingWindow(o, arch, maxPositions);
        // Llama and Qwen3 read attention_bias; Mistral and Qwen2 fix their biases by architecture
        boolean attnBias = (arch == Architecture.LLAMA || arch == Architecture.QWEN3)
                && bool(o, "attention_bias", false);
        return new HfConfig(arch, integer(o, "vocab_size", null), hidden, integer(o, "num_hidden_layers", null), heads,
                kvHeads(o, arch, heads), headDim, integer(o, "intermediate_size", null),
                maxPositions, dbl(o, "rms_norm_eps", 1e-6),
                bool(o, "tie_word_embeddings", false),
                arch == Architecture.QWEN2 || attnBias, attnBias, arch == Architecture.LLAMA && bool(o, "mlp_bias", false),
                false, bos, eos, rope(o, maxPositions));
    }

    /**
     * Refuses sliding-window attention that can act within the model's context. transformers lets a query at
     * position i attend to keys j with i - W < j <= i; with W >= max_position_embeddings that is every earlier
     * position, plain causal attention. The window is {@code sliding_window} (4096 when the key is absent);
     * Qwen2 and Qwen3 use it only with {@code use_sliding_window} and only on the layers {@code layer_types} marks
     * "sliding_attention" (by default those from {@code max_window_layers} on).
     */
    private static void requireNoSlidingWindow(JsonObject o, Architecture arch, int maxPositions) {
        if (arch == Architecture.LLAMA) return; // Llama has no sliding window whatever the config holds
        JsonElement w = o.get("sliding_window");
        if (w != null && w.isJsonNull()) return; // an explicit null turns the window off
        int window = integer(o, "sliding_window", 4096); // the default of all three families
        if (window < 0 || window >= maxPositions) return;
        if (arch == Architecture.QWEN2 || arch == Architecture.QWEN3) {
            if (!bool(o, "use_sliding_window", false)) return;
            int layers = integer(o, "num_hidden_layers", null);
            boolean anySliding;
            if (o.has("layer_types") && o.get("layer_types").isJsonArray()) {
                anySliding = o.getAsJsonArray("layer_types").asList().stream()
                        .anyMatch(t -> t.getAsString().equals("sliding_attention"));
            } else {
                anySliding = integer(o, "max_window_layers", 28) < layers;
            }
            if (!anySliding) return;
        }
        throw unsupported("sliding-window attention (sliding_window " + window + " < max_position_embeddings "
                + maxPositions + ")");
    }

    /**
     * {@code num_key_value_heads}: an explicit null means one per query head; an absent key means the family's
     * default in transformers (Llama: one per query head; Mistral 8; Qwen2 and Qwen3 32).
     */
    private static int kvHeads(JsonObject o, Architecture arch, int heads) {
        if (o.has("num_key_value_heads")) return integer(o, "num_key_value_heads", heads);
        return switch (arch) {
            case MISTRAL -> 8;
            case QWEN2, QWEN3 -> 32;
            default -> heads;
        };
    }

    private static Architecture architectureOf(JsonObject o) {
        String type = str(o, "model_type", null);
        String cls = o.has("architectures") && o.get("architectures").isJsonArray()
                        && o.getAsJsonArray("architectures").size() > 0
                ? o.getAsJsonArray("architectures").get(0).getAsString() : null;
        for (Architecture a : Architecture.values()) {
            if (a.modelType.equals(type) || (type == null && a.hfClass.equals(cls))) {
                require(cls == null || cls.equals(a.hfClass), "architecture " + cls + " is not a causal LM of model_type "
                        + type + " (expected " + a.hfClass + ")");
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture: model_type " + type + ", architectures " + cls
                + " (supported: " + Arrays.stream(Architecture.values()).map(a -> a.modelType)
                        .collect(Collectors.joining(", ")) + ")");
    }

    /**
     * RoPE from {@code rope_parameters} (newer) or top-level {@code rope_theta} + {@code rope_scaling} (older).
     * A non-empty {@code rope_scaling} wins over {@code rope_parameters}, as in transformers (4 never reads
     * {@code rope_parameters}; 5 takes {@code rope_scaling or rope_parameters}): adding YaRN as {@code rope_scaling}
     * to a config saved by transformers 5 replaces its {@code rope_parameters} whole, rope_theta included, which
     * then comes from {@code rope_scaling}, else the top level, else 10000. Like transformers, llama3 and yarn
     * take {@code original_max_position_embeddings} from the top level first, then from the RoPE parameters,
     * else {@code max_position_embeddings}; YaRN's attention factor, when not
     * given, is mscale(factor) = 0.1 ln(factor) + 1 (1 for factor <= 1), or mscale(factor, mscale) /
     * mscale(factor, mscale_all_dim) when both are set. Types whose frequencies depend on the sequence length
     * beyond the original context in ways that can act within the model's positions (longrope) are refused.
     */
    private static Rope rope(JsonObject o, int maxPositions) {
        JsonObject p = o.has("rope_parameters") && o.get("rope_parameters").isJsonObject()
                ? o.getAsJsonObject("rope_parameters") : null;
        JsonObject s = o.has("rope_scaling") && o.get("rope_scaling").isJsonObject()
                ? o.getAsJsonObject("rope_scaling") : null;
        JsonObject params = s != null && !s.isEmpty() ? s : p != null ? p : new JsonObject();
        // transformers 5 nests rope_parameters by layer type ({"full_attention": {...}, ...}) for models whose
        // layers rotate differently; read flat, such a config would silently get the default RoPE
        for (Map.Entry<String, JsonElement> e : params.entrySet()) {
            supported(!e.getValue().isJsonObject(), "rope_parameters per layer type (\"" + e.getKey() + "\")");
        }
        double theta = dbl(params, "rope_theta", dbl(o, "rope_theta", 10000));
        double partial = dbl(params, "partial_rotary_factor", dbl(o, "partial_rotary_factor", 1));
        supported(partial == 1, "partial_rotary_factor " + partial + " (rotary on the whole head only)");
        String type = str(params, "rope_type", str(params, "type", "default"));
        switch (type) {
            case "default":
                return Rope.plain(theta);
            case "linear", "dynamic":
                return new Rope(type, theta, positive(params, "factor"), 0, 0, 0, 1, false);
            case "llama3":
                return new Rope("llama3", theta, positive(params, "factor"), positive(params, "low_freq_factor"),
                        positive(params, "high_freq_factor"), originalMax(o, params, maxPositions), 1, false);
            case "yarn": {
                int original = originalMax(o, params, maxPositions);
                double factor = params.has("factor") && !params.get("factor").isJsonNull()
                        ? positive(params, "factor") : (double) maxPositions / original;
                double attention = dbl(params, "attention_factor", Double.NaN);
                if (Double.isNaN(attention)) {
                    double mscale = dbl(params, "mscale", 0);
                    double mscaleAllDim = dbl(params, "mscale_all_dim", 0);
                    attention = mscale != 0 && mscaleAllDim != 0
                            ? yarnMscale(factor, mscale) / yarnMscale(factor, mscaleAllDim) : yarnMscale(factor, 1);
                }
                // the reference treats 0 like an absent key here
                double betaSlow = dbl(params, "beta_slow", 0);
                double betaFast = dbl(params, "beta_fast", 0);
                return new Rope("yarn", theta, factor, betaSlow == 0 ? 1 : betaSlow, betaFast == 0 ? 32 : betaFast,
                        original, attention, bool(params, "truncate", true));
            }
            default:
                throw new IllegalArgumentException("unsupported rope type \"" + type
                        + "\" (supported: default, linear, dynamic, llama3, yarn)");
        }
    }

    private static int originalMax(JsonObject o, JsonObject params, int maxPositions) {
        return integer(o, "original_max_position_embeddings",
                integer(params, "original_max_position_embeddings", maxPositions));
    }

    /** YaRN's mscale: 0.1 m ln(s) + 1 for a scale s > 1, else 1. */
    private static double yarnMscale(double scale, double m) {
        return scale <= 1 ? 1 : 0.1 * m * Math.log(scale) + 1;
    }

    /** This configuration as HF {@code config.json} text, readable by {@link #parse} and by transformers. */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", new String[] {architecture.hfClass});
        m.put("model_type", architecture.modelType);
        m.put("vocab_size", vocabSize);
        m.put("bos_token_id", bosTokenIds.length == 1 ? bosTokenIds[0] : bosTokenIds);
        m.put("eos_token_id", eosTokenIds.length == 1 ? eosTokenIds[0] : eosTokenIds);
        m.put("tie_word_embeddings", tieWordEmbeddings);
        m.put("dtype", "float32"); // the weights this project writes and computes with, whatever it read
        if (architecture == Architecture.GPT2) {
            m.put("n_embd", hiddenSize);
            m.put("n_layer", numLayers);
            m.put("n_head", numHeads);
            m.put("n_inner", intermediateSize);
            m.put("n_positions", maxPositions);
            m.put("layer_norm_epsilon", normEps);
            m.put("activation_function", "gelu_new");
            m.put("scale_attn_by_inverse_layer_idx", attentionByInverseLayer);
        } else {
            m.put("hidden_size", hiddenSize);
            m.put("num_hidden_layers", numLayers);
            m.put("num_attention_heads", numHeads);
            m.put("num_key_value_heads", numKvHeads);
            m.put("head_dim", headDim);
            m.put("intermediate_size", intermediateSize);
            m.put("max_position_embeddings", maxPositions);
            m.put("rms_norm_eps", normEps);
            m.put("hidden_act", "silu");
            if (architecture == Architecture.LLAMA) {
                m.put("attention_bias", qkvBias);
                m.put("mlp_bias", mlpBias);
            }
            if (architecture == Architecture.QWEN3) m.put("attention_bias", qkvBias);
            if (architecture == Architecture.MISTRAL) m.put("sliding_window", null); // absent would mean 4096
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rope_type", rope.type);
            r.put("rope_theta", rope.theta);
            if (!rope.type.equals("default")) r.put("factor", rope.factor);
            if (rope.type.equals("llama3")) {
                r.put("low_freq_factor", rope.low);
                r.put("high_freq_factor", rope.high);
                r.put("original_max_position_embeddings", rope.originalMaxPositions);
            } else if (rope.type.equals("yarn")) {
                r.put("beta_slow", rope.low);
                r.put("beta_fast", rope.high);
                r.put("original_max_position_embeddings", rope.originalMaxPositions);
                r.put("attention_factor", rope.attentionFactor);
                r.put("truncate", rope.truncate);
            }
            m.put("rope_theta", rope.theta);
            m.put("rope_parameters", r);
        }
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
        return gson.toJson(m);
    }

    /** Every field equal, the token id arrays by content (a record's own equals compares arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof HfConfig c && architecture == c.architecture && vocabSize == c.vocabSize
                && hiddenSize == c.hiddenSize && numLayers == c.numLayers && numHeads == c.numHeads
                && numKvHeads == c.numKvHeads && headDim == c.headDim && intermediateSize == c.intermediateSize
                && maxPositions == c.maxPositions && Double.compare(normEps, c.normEps) == 0
                && tieWordEmbeddings == c.tieWordEmbeddings && qkvBias == c.qkvBias && outputBias == c.outputBias
                && mlpBias == c.mlpBias && attentionByInverseLayer == c.attentionByInverseLayer
                && Arrays.equals(bosTokenIds, c.bosTokenIds) && Arrays.equals(eosTokenIds, c.eosTokenIds)
                && Objects.equals(rope, c.rope);
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, headDim,
                intermediateSize, maxPositions, normEps, tieWordEmbeddings, qkvBias, outputBias, mlpBias, attentionByInverseLayer,
                Arrays.hashCode(bosTokenIds), Arrays.hashCode(eosTokenIds), rope);
    }

    @Override
    public String toString() {
        return architecture.modelType + "(vocab " + vocabSize + ", hidden " + hiddenSize + ", layers " + numLayers
                + ", heads " + numHeads + "/" + numKvHeads + ", head_dim " + headDim + ", bos "
                + Arrays.toString(bosTokenIds) + ", eos " + Arrays.toString(eosTokenIds) + ")";
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("inconsistent config: " + message);
    }

    /** Refuses a setting that would change transformers' computation in a way this project does not model. */
    private static void supported(boolean ok, String setting) {
        if (!ok) throw unsupported(setting);
    }

    private static IllegalArgumentException unsupported(String setting) {
        return new IllegalArgumentException("unsupported config: " + setting + " is not implemented");
    }

    static int[] ids(JsonElement e) {
        if (e == null || e.isJsonNull()) return new int[0];
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) out[i] = a.get(i).getAsInt();
            return out;
        }
        return new int[] {e.getAsInt()};
    }

    private static int integer(JsonObject o, String key, Integer fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (fallback == null) throw new IllegalArgumentException("config has no \"" + key + "\"");
            return fallback;
        }
        try {
            return e.getAsInt();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("config \"" + key + "\" is not an integer: " + e);
        }
    }

    /** Gson reads NaN and Infinity; no config value is either, and one would turn every logit into NaN. */
    private static double dbl(JsonObject o, String key, double fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return fallback;
        double x;
        try {
            x = e.getAsDouble();
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("config \"" + key + "\" is not a number: " + e);
        }
        if (!Double.isFinite(x)) throw new IllegalArgumentException("config \"" + key + "\" must be a finite number, got " + x);
        return x;
    }

    private static double positive(JsonObject o, String key) {
        double x = dbl(o, key, Double.NaN);
        if (!(x > 0)) throw new IllegalArgumentException("RoPE parameter \"" + key + "\" must be a positive number, got " + o.get(key));
        return x;
    }

    private static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }

    private static String str(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsString();
    }
}
