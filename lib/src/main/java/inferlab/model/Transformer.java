package inferlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import inferlab.cache.DynamicCache;
import inferlab.cache.KvCache;
import inferlab.model.HfConfig.Architecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * A decoder-only Transformer with Hugging Face weights: GPT-2, Llama, Mistral, Qwen2 and Qwen3, computed in fp32
 * on DJL's PyTorch engine.
 *
 * <p>Each layer is x := x + Attn(Norm(x)); x := x + MLP(Norm(x)), then logits = Norm(x) W_out^T.
 * <ul>
 *   <li>GPT-2: x_0 = E[token] + P[position] (learned positions), LayerNorm, MLP = W_2 gelu_tanh(W_1 h + b_1) + b_2
 *       with gelu_tanh(u) = u/2 (1 + tanh(sqrt(2/pi) (u + 0.044715 u^3))).
 *   <li>Llama: RMSNorm(x) = x / sqrt(mean(x^2) + eps) * g; SwiGLU MLP = W_down (silu(W_gate h) * W_up h);
 *       rotary embedding on queries and keys, RoPE(x)_p = x cos(p w) + rotate_half(x) sin(p w) with
 *       rotate_half([x_1, x_2]) = [-x_2, x_1]; grouped-query attention (query head h reads key/value head
 *       h / (heads / kvHeads)).
 *   <li>Llama with {@code attention_bias} has biases on the query/key/value/output projections, with
 *       {@code mlp_bias} on the gate/up/down projections; Mistral is Llama without these options.
 *   <li>Qwen2: Llama plus biases on the query/key/value projections.
 *   <li>Qwen3: Llama (with {@code attention_bias} as Llama reads it, on all four attention projections) plus an
 *       RMSNorm of each query and key head over its d_h values, with gains g_q and g_k, before RoPE.
 * </ul>
 * Attention is softmax(q K^T / sqrt(d_h) + mask) V with a causal mask (GPT-2 with
 * {@code scale_attn_by_inverse_layer_idx} also divides layer l's scores by l + 1).
 *
 * <p>{@link #parameters()} holds the weights under their HF names and layouts (GPT-2's Conv1D weights are
 * [in, out], the others [out, in]); the forward pass uses them as they are, so a trainer updating them in place
 * changes the model. {@link Checkpoint} reads them from a checkpoint directory and names them; {@code Layer} groups
 * one block's of them by family; {@code Initialization} draws them for a model trained from scratch.
 */
public final class Transformer implements LanguageModel {
    private static final float MASKED = Float.NEGATIVE_INFINITY;
    /** The cache of sessions when the caller names none; only such sessions may run on the Java engine. */
    private static final KvCache.Factory DEFAULT_CACHE = DynamicCache::new;

    /**
     * Which engine runs a session. {@code AUTO} is the rule {@link #newSession()} follows: the Java engine
     * ({@link JavaTransformer}) whenever it may serve, else DJL. It may serve when the Vector API module is
     * present, the session uses the default cache (a caller naming a {@link KvCache} wants that cache), and no
     * parameter requires a gradient (a model being trained changes its weights in place, and the Java engine
     * works on a copy). Measured with {@code bench decode}, the Java engine decodes faster at batch 1 on every
     * model this course runs, from the 2.4M embedded models (DJL's per-call cost dominates) to GPT-2 small (it
     * streams the weights at a larger share of memory bandwidth); DJL stays the engine of training and of
     * explicitly chosen caches.
     */
    public enum Engine { AUTO, DJL, JAVA }

    private final HfConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final KvCache.Factory cacheFactory;
    private final HfTokenizer tokenizer;
    private final GenerationConfig generationConfig;
    /** As transformers' {@code generate}: the generation config's end tokens where it lists any, else the config's. */
    private final int[] eosTokenIds;
    private final Layer[] layers;
    private final NDArray embed;
    private final NDArray positionEmbed;
    private final NDArray finalNorm;
    private final NDArray finalNormBias;
    private final NDArray lmHead;
    /** cos(p w_i) and sign-folded sin(p w_i) per position, [positions, headDim]; grown on demand. */
    private NDArray ropeCos;
    private NDArray ropeSin;
    /**
     * Arrays the native engine has made for session steps of any model, about one per native (JNI) call: the
     * per-operation overhead that bounds a decode step of a small model. The Java engine makes none.
     */
    private static final java.util.concurrent.atomic.LongAdder NATIVE_OPERATIONS = new java.util.concurrent.atomic.LongAdder();
    /**
     * The numbers the forward pass multiplies by, as arrays that live as long as the model. DJL's {@code a.mul(2f)}
     * wraps the number in an array over a Java buffer and closes that array at once, but autograd keeps it for the
     * backward pass, which then reads memory the garbage collector may have freed.
     */
    private final java.util.concurrent.ConcurrentHashMap<Float, NDArray> constants = new java.util.concurrent.ConcurrentHashMap<>();
    /** The weights copied for the Java engine, made when a session first needs them. */
    private volatile JavaTransformer javaEngine;

    /** Returns the full keys/values [B, kvHeads, S, headDim] a layer attends to, given its new ones. */
    @FunctionalInterface
    private interface KeyValues {
        NDArray[] extend(int layer, NDArray keys, NDArray values);
    }

    Transformer(HfConfig config, NDManager manager, Map<String, NDArray> parameters,
                        KvCache.Factory cacheFactory, HfTokenizer tokenizer, GenerationConfig generationConfig) {
        this.config = config;
        this.generationConfig = generationConfig;
        this.eosTokenIds = generationConfig.eosTokenIds().isEmpty() ? config.eosTokenIds().clone()
                : generationConfig.eosTokenIds().stream().mapToInt(Integer::intValue).toArray();
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.cacheFactory = cacheFactory;
        this.tokenizer = tokenizer;
        boolean gpt2 = config.architecture() == Architecture.GPT2;
        String pre = gpt2 ? "transformer." : "model.";
        this.embed = parameters.get(pre + (gpt2 ? "wte.weight" : "embed_tokens.weight"));
        this.positionEmbed = gpt2 ? parameters.get(pre + "wpe.weight") : null;
        this.finalNorm = parameters.get(pre + (gpt2 ? "ln_f.weight" : "norm.weight"));
        this.finalNormBias = parameters.get(pre + "ln_f.bias");
        this.lmHead = config.tieWordEmbeddings() ? embed : parameters.get("lm_head.weight");
        this.layers = new Layer[config.numLayers()];
        for (int i = 0; i < layers.length; i++) layers[i] = gpt2 ? Layer.Gpt2.of(parameters, i) : Layer.Llama.of(parameters, i);
        if (config.rope() != null) growRope(Math.min(config.maxPositions(), 1024));
    }

    // ---------------------------------------------------------------- construction

    /** Loads an HF model directory with the default {@link DynamicCache}. */
    public static Transformer load(Path dir) {
        return load(dir, DEFAULT_CACHE);
    }

    /**
     * Loads {@code config.json}, {@code model.safetensors} (or the shards listed in
     * {@code model.safetensors.index.json}) and, where present, {@code tokenizer.json} and
     * {@code generation_config.json} from {@code dir} ({@link Checkpoint}).
     * Sessions of the model use caches made by {@code cacheFactory}.
     */
    public static Transformer load(Path dir, KvCache.Factory cacheFactory) {
        return Checkpoint.load(dir, cacheFactory);
    }

    /**
     * A randomly initialised model (for training from scratch and for benchmarks): weight matrices and
     * embeddings ~ N(0, 0.02^2), norm gains 1, biases 0, drawn from {@code rng} in a fixed order.
     */
    public static Transformer random(HfConfig config, RandomGenerator rng) {
        return random(config, rng, DEFAULT_CACHE);
    }

    public static Transformer random(HfConfig config, RandomGenerator rng, KvCache.Factory cacheFactory) {
        return Initialization.random(config, rng, cacheFactory);
    }

    // ---------------------------------------------------------------- LanguageModel

    @Override
    public GenerationConfig generationConfig() {
        return generationConfig;
    }

    public HfConfig config() {
        return config;
    }

    /** The weights by HF name (live arrays: a trainer may set gradients on them and update them in place). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Number of scalar parameters (tied embeddings counted once). */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public Optional<Tokenizer> tokenizer() {
        return Optional.ofNullable(tokenizer);
    }

    @Override
    public int eosTokenId() {
        return eosTokenIds.length == 0 ? -1 : eosTokenIds[0];
    }

    @Override
    public int[] eosTokenIds() {
        return eosTokenIds.clone();
    }

    /** The positions the model has ({@code max_position_embeddings}). */
    @Override
    public int contextLength() {
        return config.maxPositions();
    }

    @Override
    public Session newSession() {
        return newSession(Engine.AUTO);
    }

    /** A session on {@code engine}; {@code JAVA} fails where the Java engine may not serve (see {@link Engine}). */
    public Session newSession(Engine engine) {
        boolean javaMay = cacheFactory == DEFAULT_CACHE && JavaTransformer.available() && !training();
        if (engine == Engine.JAVA && !javaMay) {
            throw new IllegalStateException("the Java engine cannot run this model here: it needs the default cache,"
                    + " no parameter requiring a gradient, and --add-modules jdk.incubator.vector");
        }
        if (engine == Engine.DJL || !javaMay) return newSession(cacheFactory);
        JavaTransformer j = javaEngine;
        if (j == null) {
            synchronized (this) {
                if (javaEngine == null) javaEngine = new JavaTransformer(config, parameters);
                j = javaEngine;
            }
        }
        return new JavaSession(this, j);
    }

    /** Native (DJL) operations of all session steps so far, in this JVM; see {@link #NATIVE_OPERATIONS}. */
    public static long nativeOperations() {
        return NATIVE_OPERATIONS.sum();
    }

    /**
     * Threads of the Java engine's large matrix products from now on (it starts from {@code INFERLAB_THREADS},
     * default 1). Torch's threads are fixed when its engine starts ({@code -Dai.djl.pytorch.num_threads}, which
     * {@code bin/inferlab} also sets from {@code INFERLAB_THREADS}). For benchmarks that compare shapes at
     * different thread counts in one run.
     */
    public static void setJavaEngineThreads(int n) {
        WorkerPool.setThreads(n);
    }

    /** Torch's intra-op threads in this JVM, as its engine was started. */
    public static int djlThreads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    /** The engine {@link #newSession()} picks for this model now. */
    public Engine engine() {
        return cacheFactory == DEFAULT_CACHE && JavaTransformer.available() && !training() ? Engine.JAVA : Engine.DJL;
    }

    /** This model with every session on {@code engine}: for comparing the engines on the same weights. */
    public LanguageModel on(Engine engine) {
        return new ForwardingModel(this) {
            @Override
            public Session newSession() {
                return Transformer.this.newSession(engine);
            }

            @Override
            public float[][] appendBatch(List<? extends Session> sessions, int[] tokens) {
                return Transformer.this.appendBatch(sessions, tokens);
            }
        };
    }

    /** Whether a trainer has the weights: any of them requires a gradient. */
    private boolean training() {
        for (NDArray p : parameters.values()) if (p.hasGradient()) return true;
        return false;
    }

    /** A session whose cache is made by {@code factory} instead of the model's default. */
    public Session newSession(KvCache.Factory factory) {
        KvCache.Spec spec = new KvCache.Spec(config.numLayers(), config.numKvHeads(), config.headDim(),
                config.maxPositions());
        return new TransformerSession(this, factory.create(manager, spec));
    }

    /**
     * One batched forward step: each session advances by one token. Sessions may hold different lengths: their
     * cached keys are padded to the longest and the padding is masked out.
     */
    @Override
    public float[][] appendBatch(List<? extends Session> sessions, int[] tokens) {
        if (sessions.size() != tokens.length) {
            throw new IllegalArgumentException(sessions.size() + " sessions but " + tokens.length + " tokens");
        }
        List<TransformerSession> own = new ArrayList<>();
        List<JavaSession> javaSessions = new ArrayList<>();
        Set<Session> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Session s : sessions) {
            if (!seen.add(s)) throw new IllegalArgumentException("a session appears twice in one batch");
            if (s instanceof JavaSession j && j.engine() == javaEngine) {
                javaSessions.add(j);
                continue;
            }
            if (!(s instanceof TransformerSession t) || t.model() != this || t.cache().length() != t.length()) {
                return LanguageModel.super.appendBatch(sessions, tokens); // not batchable here
            }
            own.add(t);
        }
        if (!javaSessions.isEmpty()) {
            if (!own.isEmpty()) return LanguageModel.super.appendBatch(sessions, tokens); // engines mixed
            return JavaSession.appendBatch(javaSessions, tokens);
        }
        validate(tokens);
        int b = tokens.length;
        int[] lengths = new int[b];
        int maxLength = 0;
        for (int i = 0; i < b; i++) {
            lengths[i] = own.get(i).length();
            maxLength = Math.max(maxLength, lengths[i]);
        }
        checkPositions(maxLength + 1);
        final int longest = maxLength;
        float[][] out;
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(tokens, new Shape(b, 1));
            NDArray positions = step.create(lengths, new Shape(b, 1));
            NDArray mask = null;
            if (java.util.Arrays.stream(lengths).anyMatch(l -> l != longest)) {
                // session i's keys are [its L_i past | new | padding]: it may attend to s <= L_i
                float[] m = new float[b * (longest + 1)];
                for (int i = 0; i < b; i++) {
                    for (int s = lengths[i] + 1; s <= longest; s++) m[i * (longest + 1) + s] = MASKED;
                }
                mask = step.create(m, new Shape(b, 1, 1, 1, longest + 1));
            }
            KeyValues kv = (layer, k, v) -> {
                NDList keys = new NDList(b);
                NDList values = new NDList(b);
                for (int i = 0; i < b; i++) {
                    NDArray[] full = own.get(i).cache().update(layer, k.get(i), v.get(i));
                    keys.add(padTo(borrow(full[0], step), longest + 1, step));
                    values.add(padTo(borrow(full[1], step), longest + 1, step));
                }
                return new NDArray[] {NDArrays.stack(keys), NDArrays.stack(values)};
            };
            NDArray logits = forward(ids, positions, mask, kv);
            for (TransformerSession t : own) t.cache().commit(1);
            out = rows(logits, b);
            NATIVE_OPERATIONS.add(step.getManagedArrays().size());
        }
        for (int i = 0; i < b; i++) own.get(i).committed(tokens[i]);
        return out;
    }

    /** Zero-pads a [kvHeads, S, headDim] array along S to {@code length}. */
    private NDArray padTo(NDArray a, int length, NDManager step) {
        long s = a.getShape().get(1);
        if (s == length) return a;
        return a.concat(step.zeros(new Shape(a.getShape().get(0), length - s, a.getShape().get(2))), 1);
    }

    /** Lets {@code step} own the results of ops on a cache-owned array; the array returns to the cache after. */
    private static NDArray borrow(NDArray a, NDManager step) {
        if (a.getManager() != step) a.tempAttach(step);
        return a;
    }

    /** Runs {@code feed} through the model on top of {@code cache}; logits of every fed position. */
    float[][] step(KvCache cache, int[] feed) {
        int past = cache.length();
        int t = feed.length;
        checkPositions(past + t);
        try (NDManager step = manager.newSubManager()) {
            NDArray ids = step.create(feed, new Shape(1, t));
            int[] pos = new int[t];
            for (int i = 0; i < t; i++) pos[i] = past + i;
            NDArray positions = step.create(pos, new Shape(1, t));
            NDArray mask = t == 1 ? null : causalMask(step, past, t);
            KeyValues kv = (layer, k, v) -> {
                NDArray[] full = cache.update(layer, k.get(0), v.get(0));
                return new NDArray[] {borrow(full[0], step).expandDims(0), borrow(full[1], step).expandDims(0)};
            };
            NDArray logits = forward(ids, positions, mask, kv);
            cache.commit(t);
            float[][] rows = rows(logits, t);
            NATIVE_OPERATIONS.add(step.getManagedArrays().size());
            return rows;
        }
    }

    /**
     * Logits [B, T, V] for token ids [B, T] (int) starting at position 0, without a cache: the training forward
     * pass. Differentiable under a {@code GradientCollector}; intermediates live in {@code ids}' manager.
     */
    public NDArray logits(NDArray ids) {
        NDManager m = ids.getManager();
        int t = Math.toIntExact(ids.getShape().get(1));
        checkPositions(t);
        int[] pos = new int[t];
        for (int i = 0; i < t; i++) pos[i] = i;
        NDArray positions = m.create(pos, new Shape(1, t));
        NDArray mask = t == 1 ? null : causalMask(m, 0, t);
        return forward(ids, positions, mask, (layer, k, v) -> new NDArray[] {k, v});
    }

    /** Additive mask [1,1,1,T,P+T]: new position i (absolute P+i) sees key s iff s <= P+i. */
    private static NDArray causalMask(NDManager m, int past, int t) {
        int s = past + t;
        float[] mask = new float[t * s];
        for (int i = 0; i < t; i++) {
            for (int j = past + i + 1; j < s; j++) mask[i * s + j] = MASKED;
        }
        return m.create(mask, new Shape(1, 1, 1, t, s));
    }

    private static float[][] rows(NDArray logits, int n) {
        float[] flat = logits.toFloatArray();
        int v = flat.length / n;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        return out;
    }

    void validate(int[] ids) {
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
                        + config.vocabSize() + ")");
            }
        }
    }

    void checkLength(int length) {
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence length " + length + " exceeds the model's maximum of "
                    + config.maxPositions() + " positions");
        }
    }

    private void checkPositions(int length) {
        checkLength(length);
        if (config.rope() != null && length > ropeCos.getShape().get(0)) {
            growRope(Math.min(config.maxPositions(), Math.max(length, 2 * (int) ropeCos.getShape().get(0))));
        }
    }

    // ---------------------------------------------------------------- the forward pass

    /** Logits [B, T, V] for ids [B, T] at positions [B or 1, T]. */
    private NDArray forward(NDArray ids, NDArray positions, NDArray mask, KeyValues kv) {
        NDManager m = ids.getManager();
        NDArray x = gather(embed, ids, m);
        NDArray cos = null;
        NDArray sin = null;
        if (config.architecture() == Architecture.GPT2) {
            x = x.add(gather(positionEmbed, positions, m));
        } else {
            cos = gather(ropeCos, positions, m).expandDims(1); // [B|1, 1, T, d_h]
            sin = gather(ropeSin, positions, m).expandDims(1);
        }
        for (int l = 0; l < layers.length; l++) {
            x = layers[l] instanceof Layer.Gpt2 g ? gpt2Block(x, g, l, mask, kv)
                    : llamaBlock(x, (Layer.Llama) layers[l], l, cos, sin, mask, kv);
        }
        x = config.architecture() == Architecture.GPT2 ? layerNorm(x, finalNorm, finalNormBias) : rmsNorm(x, finalNorm);
        return Linear.linear(x, lmHead).singletonOrThrow();
    }

    private static NDArray gather(NDArray table, NDArray index, NDManager m) {
        // torch's index kernel wants int64 indices
        NDArray rows = table.get(index.getDataType() == DataType.INT64 ? index : index.toType(DataType.INT64, false));
        rows.attach(m);
        return rows;
    }

    private NDArray gpt2Block(NDArray x, Layer.Gpt2 w, int layer, NDArray mask, KeyValues kv) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray h = layerNorm(x, w.norm1(), w.norm1Bias());
        NDList qkv = h.matMul(w.qkv()).add(w.qkvBias()).split(3, 2);
        NDArray q = heads(qkv.get(0), b, t, config.numHeads());
        NDArray k = heads(qkv.get(1), b, t, config.numHeads());
        NDArray v = heads(qkv.get(2), b, t, config.numHeads());
        NDArray[] full = kv.extend(layer, k, v);
        x = x.add(attend(q, full[0], full[1], mask, layer).matMul(w.out()).add(w.outBias()));
        h = layerNorm(x, w.norm2(), w.norm2Bias());
        NDArray u = h.matMul(w.up()).add(w.upBias());
        NDArray gelu = u.pow(constant(3)).mul(constant(0.044715f)).add(u).mul(constant((float) Math.sqrt(2 / Math.PI)))
                .tanh().add(1f).mul(u).mul(constant(0.5f));
        return x.add(gelu.matMul(w.down()).add(w.downBias()));
    }

    private NDArray llamaBlock(NDArray x, Layer.Llama w, int layer, NDArray cos, NDArray sin, NDArray mask, KeyValues kv) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray h = rmsNorm(x, w.norm1());
        NDArray q = heads(linear(h, w.q(), w.qBias()), b, t, config.numHeads());
        NDArray k = heads(linear(h, w.k(), w.kBias()), b, t, config.numKvHeads());
        if (w.qNorm() != null) { // Qwen3: each head normalised over its d_h values
            q = rmsNorm(q, w.qNorm());
            k = rmsNorm(k, w.kNorm());
        }
        q = rope(q, cos, sin);
        k = rope(k, cos, sin);
        NDArray v = heads(linear(h, w.v(), w.vBias()), b, t, config.numKvHeads());
        NDArray[] full = kv.extend(layer, k, v);
        x = x.add(linear(attend(q, full[0], full[1], mask, layer), w.out(), w.outBias()));
        h = rmsNorm(x, w.norm2());
        NDArray gate = linear(h, w.gate(), w.gateBias());
        NDArray swiglu = Activation.sigmoid(gate).mul(gate).mul(linear(h, w.up(), w.upBias()));
        return x.add(linear(swiglu, w.down(), w.downBias()));
    }

    /** [B, T, n d_h] -> [B, n, T, d_h]. */
    private NDArray heads(NDArray a, long b, long t, int n) {
        return a.reshape(b, t, n, config.headDim()).transpose(0, 2, 1, 3);
    }

    /**
     * softmax(q K^T / sqrt(d_h) + mask) V for q [B, H, T, d_h] and K, V [B, H_kv, S, d_h]; the H / H_kv query
     * heads of a group share one key/value head without copying it. Returns [B, T, H d_h]. The scale is
     * {@link HfConfig#attentionScale} of {@code layer}.
     */
    private NDArray attend(NDArray q, NDArray keys, NDArray values, NDArray mask, int layer) {
        long b = q.getShape().get(0);
        long t = q.getShape().get(2);
        long s = keys.getShape().get(2);
        int kvHeads = config.numKvHeads();
        int group = config.numHeads() / kvHeads;
        int d = config.headDim();
        NDArray scores = q.mul(constant((float) config.attentionScale(layer))).reshape(b, kvHeads, group * t, d)
                .matMul(keys.transpose(0, 1, 3, 2));
        if (mask != null) {
            scores = scores.reshape(b, kvHeads, group, t, s).add(mask).reshape(b, kvHeads, group * t, s);
        }
        return scores.softmax(3).matMul(values).reshape(b, config.numHeads(), t, d).transpose(0, 2, 1, 3)
                .reshape(b, t, (long) config.numHeads() * d);
    }

    /** x cos + [x_2, x_1] * [-sin, sin], i.e. x cos + rotate_half(x) sin. */
    private static NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        return x.mul(cos).add(halves.get(1).concat(halves.get(0), 3).mul(sin));
    }

    private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    /** x / sqrt(mean(x^2) + eps) * gain over the last axis. */
    private NDArray rmsNorm(NDArray x, NDArray gain) {
        int last = x.getShape().dimension() - 1;
        return x.mul(x.square().mean(new int[] {last}, true).add((float) config.normEps()).pow(constant(-0.5f))).mul(gain);
    }

    /** {@code value} as an array of the model's, for the forward pass (see {@link #constants}). */
    private NDArray constant(float value) {
        return constants.computeIfAbsent(value, manager::create);
    }

    private NDArray layerNorm(NDArray x, NDArray gain, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), gain, bias, (float) config.normEps())
                .singletonOrThrow();
    }

    /**
     * Fills the RoPE tables for positions 0..n-1 (angles in fp32, as the reference computes them), cos and sin
     * times the rotary embedding's attention factor.
     */
    private void growRope(int n) {
        int d = config.headDim();
        double[] w = config.rope().inverseFrequencies(d);
        float scale = (float) config.rope().attentionFactor();
        float[] cos = new float[n * d];
        float[] sin = new float[n * d];
        for (int p = 0; p < n; p++) {
            for (int i = 0; i < d / 2; i++) {
                float angle = (float) p * (float) w[i];
                float c = (float) Math.cos(angle) * scale;
                float s = (float) Math.sin(angle) * scale;
                cos[p * d + i] = c;
                cos[p * d + i + d / 2] = c;
                sin[p * d + i] = -s;
                sin[p * d + i + d / 2] = s;
            }
        }
        if (ropeCos != null) {
            ropeCos.close();
            ropeSin.close();
        }
        ropeCos = manager.create(cos, new Shape(n, d));
        ropeSin = manager.create(sin, new Shape(n, d));
    }

    @Override
    public void close() {
        if (tokenizer != null) tokenizer.close();
        manager.close();
    }
}
