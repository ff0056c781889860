package inferlab.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * The weights of one Transformer block, one record per family, taken from the parameters under their HF names
 * (the arrays are the parameters themselves, so a trainer's in-place updates reach the forward pass).
 */
sealed interface Layer {

    /**
     * A GPT-2 block: LayerNorms with biases, the fused query/key/value Conv1D {@code qkv} [h, 3h], the output
     * projection and the GELU MLP ({@code up} [h, inner], {@code down} [inner, h]); Conv1D weights are [in, out].
     */
    record Gpt2(NDArray norm1, NDArray norm1Bias, NDArray qkv, NDArray qkvBias, NDArray out, NDArray outBias,
                NDArray norm2, NDArray norm2Bias, NDArray up, NDArray upBias, NDArray down, NDArray downBias)
            implements Layer {

        static Gpt2 of(Map<String, NDArray> p, int layer) {
            String n = "transformer.h." + layer + ".";
            return new Gpt2(p.get(n + "ln_1.weight"), p.get(n + "ln_1.bias"), p.get(n + "attn.c_attn.weight"),
                    p.get(n + "attn.c_attn.bias"), p.get(n + "attn.c_proj.weight"), p.get(n + "attn.c_proj.bias"),
                    p.get(n + "ln_2.weight"), p.get(n + "ln_2.bias"), p.get(n + "mlp.c_fc.weight"),
                    p.get(n + "mlp.c_fc.bias"), p.get(n + "mlp.c_proj.weight"), p.get(n + "mlp.c_proj.bias"));
        }
    }

    /**
     * A Llama block: RMSNorm gains, separate query/key/value/output projections [out, in] and the SwiGLU MLP
     * ({@code gate}, {@code up} [inner, h], {@code down} [h, inner]). Qwen2 is this block with biases on the
     * query/key/value projections, and Llama with {@code attention_bias} also has one on the output projection
     * and with {@code mlp_bias} on the three MLP projections; a bias the configuration lacks
     * ({@link HfConfig#qkvBias}, {@link HfConfig#outputBias}, {@link HfConfig#mlpBias}) is {@code null}. Qwen3
     * adds the per-head gains {@code qNorm} and {@code kNorm} [d_h] ({@link HfConfig#qkNorm}), else {@code null}.
     */
    record Llama(NDArray norm1, NDArray q, NDArray qBias, NDArray k, NDArray kBias, NDArray v, NDArray vBias,
                 NDArray out, NDArray outBias, NDArray qNorm, NDArray kNorm, NDArray norm2, NDArray gate,
                 NDArray gateBias, NDArray up, NDArray upBias, NDArray down, NDArray downBias)
            implements Layer {

        static Llama of(Map<String, NDArray> p, int layer) {
            String n = "model.layers." + layer + ".";
            String a = n + "self_attn.";
            return new Llama(p.get(n + "input_layernorm.weight"), p.get(a + "q_proj.weight"), p.get(a + "q_proj.bias"),
                    p.get(a + "k_proj.weight"), p.get(a + "k_proj.bias"), p.get(a + "v_proj.weight"),
                    p.get(a + "v_proj.bias"), p.get(a + "o_proj.weight"), p.get(a + "o_proj.bias"),
                    p.get(a + "q_norm.weight"), p.get(a + "k_norm.weight"),
                    p.get(n + "post_attention_layernorm.weight"), p.get(n + "mlp.gate_proj.weight"),
                    p.get(n + "mlp.gate_proj.bias"), p.get(n + "mlp.up_proj.weight"), p.get(n + "mlp.up_proj.bias"),
                    p.get(n + "mlp.down_proj.weight"), p.get(n + "mlp.down_proj.bias"));
        }
    }
}
