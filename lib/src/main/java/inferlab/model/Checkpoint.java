package inferlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import inferlab.cache.KvCache;
import inferlab.model.HfConfig.Architecture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face checkpoint directory: {@code config.json}, the weights in {@code model.safetensors} or in the
 * shards {@code model.safetensors.index.json} lists, and optionally {@code tokenizer.json} and
 * {@code generation_config.json}. {@link #parameterShapes} names every tensor a configuration needs, with HF's
 * names and layouts; loading checks the checkpoint holds each of them in that shape.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** The model in {@code dir}, whose sessions use caches made by {@code cacheFactory} ({@link Transformer#load}). */
    static Transformer load(Path dir, KvCache.Factory cacheFactory) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("model directory " + dir + " does not exist");
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("no config.json in model directory " + dir);
        }
        HfConfig config = HfConfig.read(configFile);
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            Map<String, NDArray> stored = new LinkedHashMap<>();
            for (Path file : weightFiles(dir)) stored.putAll(Safetensors.read(file, manager));
            Map<String, NDArray> params = match(config, stored);
            Path tok = dir.resolve("tokenizer.json");
            HfTokenizer tokenizer = Files.isRegularFile(tok) ? new HfTokenizer(tok, config.vocabSize()) : null;
            return new Transformer(config, manager, params, cacheFactory, tokenizer, GenerationConfig.read(dir));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The tensors a checkpoint of {@code config} holds, by canonical HF name, with their shapes. */
    public static Map<String, Shape> parameterShapes(HfConfig c) {
        Map<String, Shape> s = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long v = c.vocabSize();
        long inner = c.intermediateSize();
        if (c.architecture() == Architecture.GPT2) {
            s.put("transformer.wte.weight", new Shape(v, h));
            s.put("transformer.wpe.weight", new Shape(c.maxPositions(), h));
            for (int i = 0; i < c.numLayers(); i++) {
                String p = "transformer.h." + i + ".";
                s.put(p + "ln_1.weight", new Shape(h));
                s.put(p + "ln_1.bias", new Shape(h));
                s.put(p + "attn.c_attn.weight", new Shape(h, 3 * h));
                s.put(p + "attn.c_attn.bias", new Shape(3 * h));
                s.put(p + "attn.c_proj.weight", new Shape(h, h));
                s.put(p + "attn.c_proj.bias", new Shape(h));
                s.put(p + "ln_2.weight", new Shape(h));
                s.put(p + "ln_2.bias", new Shape(h));
                s.put(p + "mlp.c_fc.weight", new Shape(h, inner));
                s.put(p + "mlp.c_fc.bias", new Shape(inner));
                s.put(p + "mlp.c_proj.weight", new Shape(inner, h));
                s.put(p + "mlp.c_proj.bias", new Shape(h));
            }
            s.put("transformer.ln_f.weight", new Shape(h));
            s.put("transformer.ln_f.bias", new Shape(h));
        } else {
            long q = (long) c.numHeads() * c.headDim();
            long kv = (long) c.numKvHeads() * c.headDim();
            s.put("model.embed_tokens.weight", new Shape(v, h));
            for (int i = 0; i < c.numLayers(); i++) {
                String p = "model.layers." + i + ".";
                s.put(p + "input_layernorm.weight", new Shape(h));
                s.put(p + "self_attn.q_proj.weight", new Shape(q, h));
                if (c.qkvBias()) s.put(p + "self_attn.q_proj.bias", new Shape(q));
                s.put(p + "self_attn.k_proj.weight", new Shape(kv, h));
                if (c.qkvBias()) s.put(p + "self_attn.k_proj.bias", new Shape(kv));
                s.put(p + "self_attn.v_proj.weight", new Shape(kv, h));
                if (c.qkvBias()) s.put(p + "self_attn.v_proj.bias", new Shape(kv));
                s.put(p + "self_attn.o_proj.weight", new Shape(h, q));
                if (c.outputBias()) s.put(p + "self_attn.o_proj.bias", new Shape(h));
                if (c.qkNorm()) {
                    s.put(p + "self_attn.q_norm.weight", new Shape(c.headDim()));
                    s.put(p + "self_attn.k_norm.weight", new Shape(c.headDim()));
                }
                s.put(p + "post_attention_layernorm.weight", new Shape(h));
                s.put(p + "mlp.gate_proj.weight", new Shape(inner, h));
                if (c.mlpBias()) s.put(p + "mlp.gate_proj.bias", new Shape(inner));
                s.put(p + "mlp.up_proj.weight", new Shape(inner, h));
                if (c.mlpBias()) s.put(p + "mlp.up_proj.bias", new Shape(inner));
                s.put(p + "mlp.down_proj.weight", new Shape(h, inner));
                if (c.mlpBias()) s.put(p + "mlp.down_proj.bias", new Shape(h));
            }
            s.put("model.norm.weight", new Shape(h));
        }
        if (!c.tieWordEmbeddings()) s.put("lm_head.weight", new Shape(v, h));
        return s;
    }

    private static List<Path> weightFiles(Path dir) {
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) return List.of(single);
        Path index = dir.resolve("model.safetensors.index.json");
        if (!Files.isRegularFile(index)) {
            // older checkpoints (and save_pretrained with safe_serialization=False) store torch pickles, which
            // run code when loaded and need torch to read
            for (String pickle : List.of("pytorch_model.bin", "pytorch_model.bin.index.json")) {
                if (Files.isRegularFile(dir.resolve(pickle))) {
                    throw new IllegalArgumentException(dir + " has its weights only as PyTorch pickles (" + pickle
                            + "); InferLab reads safetensors: convert with transformers,"
                            + " AutoModelForCausalLM.from_pretrained(dir).save_pretrained(out)");
                }
            }
            throw new IllegalArgumentException("no weights in " + dir
                    + " (looked for model.safetensors and model.safetensors.index.json)");
        }
        try {
            JsonObject map = JsonParser.parseString(Files.readString(index)).getAsJsonObject()
                    .getAsJsonObject("weight_map");
            Set<String> shards = new LinkedHashSet<>();
            map.entrySet().forEach(e -> shards.add(e.getValue().getAsString()));
            List<Path> files = new ArrayList<>();
            for (String s : shards) files.add(dir.resolve(s));
            return files;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read shard index " + index + ": " + e.getMessage(), e);
        }
    }

    /**
     * Picks the tensors {@code config} needs out of a checkpoint, accepting names with or without a
     * {@code model.}/{@code transformer.} prefix; tensors it does not need (GPT-2's stored attention masks, a tied
     * lm_head equal to the embeddings) are freed. A tied lm_head that differs from the embeddings is refused:
     * the configuration says the embeddings compute the logits, transformers 5 computes them with the stored head.
     */
    private static Map<String, NDArray> match(HfConfig config, Map<String, NDArray> stored) {
        Map<String, NDArray> bare = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : stored.entrySet()) bare.put(stripPrefix(e.getKey()), e.getValue());
        // every layer needs at least one tensor: a config claiming more layers than the checkpoint has tensors is
        // refused before parameterShapes lists them all (two billion layers would take minutes and the heap)
        if (config.numLayers() > stored.size()) {
            throw new IllegalArgumentException("the config's " + config.numLayers() + " layers cannot be in a checkpoint"
                    + " of " + stored.size() + " tensors");
        }
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, Shape> e : parameterShapes(config).entrySet()) {
            NDArray a = bare.remove(stripPrefix(e.getKey()));
            if (a == null) {
                throw new IllegalArgumentException("checkpoint has no tensor " + e.getKey() + " (" + config + ")");
            }
            if (!a.getShape().equals(e.getValue())) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " has shape " + a.getShape()
                        + " but the config needs " + e.getValue());
            }
            params.put(e.getKey(), a);
        }
        NDArray head = bare.get("lm_head.weight");
        if (config.tieWordEmbeddings() && head != null) {
            NDArray embed = params.get(config.architecture() == Architecture.GPT2
                    ? "transformer.wte.weight" : "model.embed_tokens.weight");
            if (!head.contentEquals(embed)) { // the caller closes every array
                throw new IllegalArgumentException("tie_word_embeddings is true but the checkpoint's lm_head.weight differs"
                        + " from the token embeddings (transformers 5 computes with the stored head, the tie says the"
                        + " embeddings); set tie_word_embeddings to false to use the stored head");
            }
        }
        bare.values().forEach(NDArray::close);
        return params;
    }

    private static String stripPrefix(String name) {
        if (name.startsWith("model.")) return name.substring("model.".length());
        if (name.startsWith("transformer.")) return name.substring("transformer.".length());
        return name;
    }
}
