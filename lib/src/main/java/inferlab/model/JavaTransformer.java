package inferlab.model;

import ai.djl.ndarray.NDArray;
import inferlab.model.HfConfig.Architecture;
import java.util.Map;

/**
 * The forward pass of {@link Transformer} in plain Java on float arrays: the engine of batch-1 and small-batch
 * decoding. The formulas are those of {@link Transformer} (see there); the differences are of engineering only.
 * <ul>
 *   <li>Weights are prepared once, at load: query/key/value projections fused into one [q + 2 kv, hidden]
 *       matrix and gate/up into one [2 inner, hidden] matrix (GPT-2's Conv1D weights transposed to the same
 *       [out, in] layout), so a layer makes four matrix products.
 *   <li>A step makes no calls into a native engine: at a few thousand multiply-adds per operation, DJL's
 *       roughly 10 microseconds per call, not arithmetic, is what a decode step of a small model costs.
 *   <li>Keys and values go into a {@link JavaKvCache} in place; activations live in a per-session
 *       {@link Scratch} that is reused from step to step.
 * </ul>
 * Results equal DJL's to float rounding (the sums run in a different order), which the parity tests bound by
 * 1e-4 on the logits.
 */
final class JavaTransformer {
    private final HfConfig c;
    private final boolean gpt2;
    private final int hidden;
    private final int qWidth;
    private final int kvWidth;
    private final int inner;
    private final int vocab;
    private final float[] embed;
    private final float[] positionEmbed;
    private final float[] finalNorm;
    private final float[] finalNormBias;
    private final VectorMath.Packed lmHead;
    private final Layer[] layers;
    private final double[] inverseFrequencies;
    /** cos and sin of p w_i, [positions, headDim / 2]; grown on demand and replaced, never changed in place. */
    private volatile float[][] rope = {new float[0], new float[0]};

    /**
     * One block. {@code qkv} is [q + 2 kv, hidden]; {@code mlpIn} is GPT-2's c_fc [inner, hidden] or Llama's
     * gate and up stacked [2 inner, hidden]; biases a family lacks are null, and so are the per-head query and key
     * gains [d_h] except in Qwen3.
     */
    private record Layer(float[] norm1, float[] norm1Bias, VectorMath.Packed qkv, float[] qkvBias,
                         float[] qNorm, float[] kNorm, VectorMath.Packed out, float[] outBias, float[] norm2,
                         float[] norm2Bias, VectorMath.Packed mlpIn, float[] mlpInBias, VectorMath.Packed down, float[] downBias) {}

    /** Whether this engine can run here: it needs the Vector API module in the boot layer. */
    static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Copies and rearranges the weights of {@code config} named as in {@link Checkpoint#parameterShapes}. */
    JavaTransformer(HfConfig config, Map<String, NDArray> p) {
        this.c = config;
        this.gpt2 = config.architecture() == Architecture.GPT2;
        this.hidden = config.hiddenSize();
        this.qWidth = config.numHeads() * config.headDim();
        this.kvWidth = config.numKvHeads() * config.headDim();
        this.inner = config.intermediateSize();
        this.vocab = config.vocabSize();
        String pre = gpt2 ? "transformer." : "model.";
        this.embed = f(p, pre + (gpt2 ? "wte.weight" : "embed_tokens.weight"));
        this.positionEmbed = gpt2 ? f(p, pre + "wpe.weight") : null;
        this.finalNorm = f(p, pre + (gpt2 ? "ln_f.weight" : "norm.weight"));
        this.finalNormBias = gpt2 ? f(p, pre + "ln_f.bias") : null;
        this.lmHead = VectorMath.Packed.of(config.tieWordEmbeddings() ? embed : f(p, "lm_head.weight"), vocab, hidden);
        this.layers = new Layer[config.numLayers()];
        for (int i = 0; i < layers.length; i++) {
            if (gpt2) {
                String l = pre + "h." + i + ".";
                // Conv1D weights are [in, out]: transposed to [out, in] before packing
                layers[i] = new Layer(f(p, l + "ln_1.weight"), f(p, l + "ln_1.bias"),
                        pack(transpose(f(p, l + "attn.c_attn.weight"), hidden, 3 * hidden), 3 * hidden, hidden),
                        f(p, l + "attn.c_attn.bias"), null, null,
                        pack(transpose(f(p, l + "attn.c_proj.weight"), hidden, hidden), hidden, hidden),
                        f(p, l + "attn.c_proj.bias"), f(p, l + "ln_2.weight"), f(p, l + "ln_2.bias"),
                        pack(transpose(f(p, l + "mlp.c_fc.weight"), hidden, inner), inner, hidden),
                        f(p, l + "mlp.c_fc.bias"),
                        pack(transpose(f(p, l + "mlp.c_proj.weight"), inner, hidden), hidden, inner),
                        f(p, l + "mlp.c_proj.bias"));
            } else {
                String l = pre + "layers." + i + ".";
                String a = l + "self_attn.";
                float[] qkvBias = config.qkvBias()
                        ? concat(f(p, a + "q_proj.bias"), f(p, a + "k_proj.bias"), f(p, a + "v_proj.bias")) : null;
                layers[i] = new Layer(f(p, l + "input_layernorm.weight"), null,
                        pack(concat(f(p, a + "q_proj.weight"), f(p, a + "k_proj.weight"), f(p, a + "v_proj.weight")),
                                qWidth + 2 * kvWidth, hidden),
                        qkvBias, config.qkNorm() ? f(p, a + "q_norm.weight") : null,
                        config.qkNorm() ? f(p, a + "k_norm.weight") : null,
                        pack(f(p, a + "o_proj.weight"), hidden, qWidth),
                        config.outputBias() ? f(p, a + "o_proj.bias") : null,
                        f(p, l + "post_attention_layernorm.weight"), null,
                        pack(concat(f(p, l + "mlp.gate_proj.weight"), f(p, l + "mlp.up_proj.weight")), 2 * inner, hidden),
                        config.mlpBias() ? concat(f(p, l + "mlp.gate_proj.bias"), f(p, l + "mlp.up_proj.bias")) : null,
                        pack(f(p, l + "mlp.down_proj.weight"), hidden, inner),
                        config.mlpBias() ? f(p, l + "mlp.down_proj.bias") : null);
            }
        }
        this.inverseFrequencies = config.rope() == null ? null : config.rope().inverseFrequencies(config.headDim());
    }

    private static float[] f(Map<String, NDArray> p, String name) {
        NDArray a = p.get(name);
        if (a == null) throw new IllegalStateException("no parameter " + name);
        return a.toFloatArray();
    }

    private static VectorMath.Packed pack(float[] w, int out, int in) {
        return VectorMath.Packed.of(w, out, in);
    }

    /** [rows, cols] -> [cols, rows]. */
    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < cols; k++) t[k * rows + r] = a[r * cols + k];
        }
        return t;
    }

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] part : parts) n += part.length;
        float[] out = new float[n];
        int at = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** Activations of one step of up to {@code rows} positions, kept by a session and reused. */
    static final class Scratch {
        int rows;
        float[] x;
        float[] h;
        float[] qkv;
        float[] attention;
        float[] mlp;
        /** Attention weights of one row and head, one array per part of a split attention loop. */
        float[][] scores = new float[0][];

        void ensure(JavaTransformer m, int t, int positions, int parts) {
            if (t > rows) {
                rows = t;
                x = new float[t * m.hidden];
                h = new float[t * m.hidden];
                qkv = new float[t * (m.qWidth + 2 * m.kvWidth)];
                attention = new float[t * m.qWidth];
                mlp = new float[t * (m.gpt2 ? m.inner : 2 * m.inner)];
            }
            if (scores.length < parts) scores = java.util.Arrays.copyOf(scores, parts);
            for (int k = 0; k < parts; k++) {
                if (scores[k] == null || scores[k].length < positions) {
                    scores[k] = new float[VectorMath.roundUpToLanes(Math.max(positions, 2 * (scores[k] == null ? 32 : scores[k].length)))];
                }
            }
        }
    }

    /**
     * Feeds token {@code ids[i]} at position {@code positions[i]} of {@code caches[i]} and returns the logits of
     * each row: the next-token distribution after it. Rows may belong to one session (consecutive positions:
     * prefill, speculative verification) or to several (a batched decode step); a row attends to its cache's
     * positions up to its own, including rows written earlier in the same call. The caller commits the caches.
     */
    float[][] forward(JavaKvCache[] caches, int[] positions, Scratch s, int[] ids) {
        int t = ids.length;
        int longest = 0;
        for (int i = 0; i < t; i++) {
            caches[i].reserve(positions[i] + 1);
            longest = Math.max(longest, positions[i] + 1);
        }
        // a row's attention reads its whole cache: heads x positions x head_dim, once for scores and once for values
        int attentionParts = WorkerPool.parts(t, 2L * c.numHeads() * longest * c.headDim());
        s.ensure(this, t, longest, attentionParts);
        if (inverseFrequencies != null) growRope(longest);
        for (int i = 0; i < t; i++) {
            System.arraycopy(embed, ids[i] * hidden, s.x, i * hidden, hidden);
            if (gpt2) VectorMath.axpy(1f, positionEmbed, positions[i] * hidden, s.x, i * hidden, hidden);
        }
        for (int l = 0; l < layers.length; l++) block(layers[l], l, caches, positions, s, t, attentionParts);
        norm(s.x, s.h, t, finalNorm, finalNormBias);
        float[] logits = new float[t * vocab];
        WorkerPool.matmul(s.h, t, lmHead, logits);
        if (t == 1) return new float[][] {logits};
        float[][] rows = new float[t][];
        for (int i = 0; i < t; i++) rows[i] = java.util.Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab);
        return rows;
    }

    private void block(Layer w, int layer, JavaKvCache[] caches, int[] positions, Scratch s, int t, int attentionParts) {
        int qkvWidth = qWidth + 2 * kvWidth;
        norm(s.x, s.h, t, w.norm1, w.norm1Bias);
        WorkerPool.matmul(s.h, t, w.qkv, s.qkv);
        addBias(s.qkv, t, w.qkvBias);
        for (int i = 0; i < t; i++) {
            int row = i * qkvWidth;
            if (w.qNorm != null) { // Qwen3: each query and key head RMS-normalised before RoPE
                int d = c.headDim();
                for (int h = 0; h < c.numHeads(); h++) rmsNorm(s.qkv, row + h * d, s.qkv, d, w.qNorm);
                for (int h = 0; h < c.numKvHeads(); h++) rmsNorm(s.qkv, row + qWidth + h * d, s.qkv, d, w.kNorm);
            }
            if (inverseFrequencies != null) {
                rotate(s.qkv, row, c.numHeads(), positions[i]);
                rotate(s.qkv, row + qWidth, c.numKvHeads(), positions[i]);
            }
            caches[i].write(layer, positions[i], s.qkv, row + qWidth, s.qkv, row + qWidth + kvWidth);
        }
        java.util.Arrays.fill(s.attention, 0, t * qWidth, 0f);
        // rows are independent once every row's keys and values are in its cache: batched rows split over threads
        WorkerPool.run(attentionParts, t, (from, to, part) -> {
            for (int i = from; i < to; i++) attend(caches[i], layer, s, s.scores[part], i, positions[i] + 1);
        });
        WorkerPool.matmul(s.attention, t, w.out, s.h);
        addBias(s.h, t, w.outBias);
        VectorMath.axpy(1f, s.h, 0, s.x, 0, t * hidden);

        norm(s.x, s.h, t, w.norm2, w.norm2Bias);
        if (gpt2) {
            WorkerPool.matmul(s.h, t, w.mlpIn, s.mlp);
            addBias(s.mlp, t, w.mlpInBias);
            VectorMath.gelu(s.mlp, t * inner);
        } else {
            WorkerPool.matmul(s.h, t, w.mlpIn, s.mlp);
            addBias(s.mlp, t, w.mlpInBias);
            // row i holds [gate | up]; silu(gate) * up goes into the gate half
            for (int i = 0; i < t; i++) VectorMath.swiglu(s.mlp, i * 2 * inner, inner);
            compactGateHalves(s.mlp, t);
        }
        WorkerPool.matmul(s.mlp, t, w.down, s.h);
        addBias(s.h, t, w.downBias);
        VectorMath.axpy(1f, s.h, 0, s.x, 0, t * hidden);
    }

    /** Moves row i's first {@code inner} floats (of 2 inner) to offset i inner, making [t, inner] rows. */
    private void compactGateHalves(float[] mlp, int t) {
        for (int i = 1; i < t; i++) System.arraycopy(mlp, i * 2 * inner, mlp, i * inner, inner);
    }

    /**
     * Causal attention of row i over the first {@code seen} positions of its cache: query head h reads key/value
     * head h / (heads / kvHeads); softmax(q k {@link HfConfig#attentionScale}) weights the values.
     */
    private void attend(JavaKvCache cache, int layer, Scratch s, float[] scores, int i, int seen) {
        int d = c.headDim();
        int group = c.numHeads() / c.numKvHeads();
        float scale = (float) c.attentionScale(layer);
        float[] keys = cache.keys(layer);
        int capacity = cache.capacity();
        int qkvWidth = qWidth + 2 * kvWidth;
        for (int head = 0; head < c.numHeads(); head++) {
            int kv = (head / group) * d;
            VectorMath.columnDots(s.qkv, i * qkvWidth + head * d, d, keys, kv * capacity, capacity, seen, scale, scores);
            VectorMath.softmax(scores, seen);
            VectorMath.weightedRows(scores, seen, cache.values(layer), kv, kvWidth, s.attention, i * qWidth + head * d, d);
        }
    }

    /** RoPE on {@code heads} heads at a[off..]: x_i cos - x_{i+d/2} sin, x_{i+d/2} cos + x_i sin. */
    private void rotate(float[] a, int off, int heads, int position) {
        int d = c.headDim();
        int half = d / 2;
        float[][] table = rope;
        float[] cos = table[0];
        float[] sin = table[1];
        int r = position * half;
        for (int h = 0; h < heads; h++) {
            int base = off + h * d;
            for (int i = 0; i < half; i++) {
                float x1 = a[base + i];
                float x2 = a[base + i + half];
                a[base + i] = x1 * cos[r + i] - x2 * sin[r + i];
                a[base + i + half] = x2 * cos[r + i] + x1 * sin[r + i];
            }
        }
    }

    /**
     * Fills cos/sin tables up to {@code positions} (angles p w_i in fp32, as the reference computes them), times
     * the rotary embedding's attention factor.
     */
    private synchronized void growRope(int positions) {
        int half = c.headDim() / 2;
        if (rope[0].length >= positions * half) return;
        int n = Math.min(c.maxPositions(), Math.max(positions, 2 * rope[0].length / half));
        float[] cos = new float[n * half];
        float[] sin = new float[n * half];
        float scale = (float) c.rope().attentionFactor();
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < half; i++) {
                float angle = (float) p * (float) inverseFrequencies[i];
                cos[p * half + i] = (float) Math.cos(angle) * scale;
                sin[p * half + i] = (float) Math.sin(angle) * scale;
            }
        }
        rope = new float[][] {cos, sin};
    }

    /** LayerNorm (GPT-2, when {@code bias} is set) or RMSNorm of each row of x into y. */
    private void norm(float[] x, float[] y, int t, float[] gain, float[] bias) {
        float eps = (float) c.normEps();
        for (int i = 0; i < t; i++) {
            int o = i * hidden;
            if (gpt2) {
                float mean = 0;
                for (int j = 0; j < hidden; j++) mean += x[o + j];
                mean /= hidden;
                float var = 0;
                for (int j = 0; j < hidden; j++) var += (x[o + j] - mean) * (x[o + j] - mean);
                float inv = (float) (1 / Math.sqrt(var / hidden + eps));
                for (int j = 0; j < hidden; j++) y[o + j] = (x[o + j] - mean) * inv * gain[j] + bias[j];
            } else {
                rmsNorm(x, o, y, hidden, gain);
            }
        }
    }

    /** y[o + j] = x[o + j] / sqrt(mean(x[o..o+n)^2) + eps) * gain[j] for j < n (y may be x). */
    private void rmsNorm(float[] x, int o, float[] y, int n, float[] gain) {
        float inv = (float) (1 / Math.sqrt(VectorMath.dot(x, o, x, o, n) / n + (float) c.normEps()));
        for (int j = 0; j < n; j++) y[o + j] = x[o + j] * inv * gain[j];
    }

    private static void addBias(float[] y, int t, float[] bias) {
        if (bias == null) return;
        for (int i = 0; i < t; i++) VectorMath.axpy(1f, bias, 0, y, i * bias.length, bias.length);
    }
}
