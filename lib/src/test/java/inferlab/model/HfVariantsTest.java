package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import inferlab.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints of configuration variants the basic fixtures ({@link HfReferenceTest}) lack, against transformers'
 * outputs (see {@code hf-variants/generate.py}): legacy RoPE keys, linear, dynamic, llama3 and YaRN RoPE, head_dim other than
 * hidden / heads, Llama's attention and MLP biases, Mistral, a Qwen2 sliding window that no layer uses, Qwen3's
 * per-head query and key norms, {@code rope_scaling} added beside {@code rope_parameters}, GPT-2's
 * per-layer attention scaling, gelu_fast and the Hub's GPT-2 tensor layout, untied heads, bf16/fp16 and sharded weights. Keys that would change the
 * computation in a way the project does not implement, other families, pickled or quantized weights and damaged
 * checkpoints must fail to load with a message naming the cause, and on the command line with one {@code error:}
 * line and exit 2.
 */
class HfVariantsTest {
    static final List<String> MODELS =
            List.of("llama-legacy-linear", "llama-biases", "qwen2-yarn", "llama-yarn-mscale", "mistral",
                    "qwen2-window-unused", "qwen3", "qwen3-rope-scaling-added", "gpt2-variants",
                    "gpt2-hub-layout");
    static Path models;

    @BeforeAll
    static void locate() throws Exception {
        models = Path.of(HfVariantsTest.class.getResource("/hf-variants/models").toURI());
    }

    static List<Arguments> modelsOnEngines() {
        List<Arguments> out = new ArrayList<>();
        for (String name : MODELS) {
            for (Transformer.Engine e : List.of(Transformer.Engine.DJL, Transformer.Engine.JAVA)) out.add(Arguments.of(name, e));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("modelsOnEngines")
    void logitsAndGreedyMatchTransformers(String name, Transformer.Engine engine) throws Exception {
        matchesReference(models.resolve(name), name, engine);
    }

    /** The model in {@code dir} computes the outputs of its {@code reference.json} on {@code engine}. */
    static void matchesReference(Path dir, String name, Transformer.Engine engine) throws Exception {
        JsonObject reference = JsonParser.parseString(Files.readString(dir.resolve("reference.json")))
                .getAsJsonObject();
        try (Transformer t = Transformer.load(dir)) {
            LanguageModel model = t.on(engine);
            for (JsonElement e : reference.getAsJsonArray("prompts")) {
                JsonObject p = e.getAsJsonObject();
                int[] ids = HfReferenceTest.ints(p.getAsJsonArray("ids"));
                float[][] logits;
                try (Session s = model.newSession()) {
                    logits = s.append(ids);
                }
                assertArrayEquals(HfReferenceTest.floats(p.getAsJsonArray("last_logits")), logits[ids.length - 1],
                        1e-4f, name + " last position of " + ids.length);
                if (p.has("all_logits")) {
                    JsonArray all = p.getAsJsonArray("all_logits");
                    for (int i = 0; i < all.size(); i++) {
                        assertArrayEquals(HfReferenceTest.floats(all.get(i).getAsJsonArray()), logits[i], 1e-4f,
                                name + " position " + i);
                    }
                }
                int[] argmax = HfReferenceTest.ints(p.getAsJsonArray("argmax_per_pos"));
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(argmax[i], HfReferenceTest.argmax(logits[i]), name + " argmax at " + i);
                }
                int[] greedy = HfReferenceTest.ints(p.getAsJsonArray("greedy"));
                assertArrayEquals(greedy, HfReferenceTest.greedy(model, ids, greedy.length), name + " greedy");
            }
        }
    }

    /** A copy of fixture {@code name} in {@code dir} with its config.json changed by {@code edit}. */
    static Path editedCopy(Path dir, String name, Consumer<JsonObject> edit) throws Exception {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(models.resolve(name))) {
            for (Path f : files.toList()) Files.copy(f, copy.resolve(f.getFileName()));
        }
        Path config = copy.resolve("config.json");
        JsonObject c = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        edit.accept(c);
        Files.writeString(config, c.toString());
        return copy;
    }

    /** Loading fails with a message containing every one of {@code expected}, and so does the CLI. */
    static void refused(Path model, String... expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transformer.load(model).close());
        for (String s : expected) assertTrue(e.getMessage().contains(s), "message \"" + e.getMessage() + "\" names " + s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"logits", "--model", model.toString(), "--ids", "1,2,3"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, stderr);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.startsWith("error: ") && stderr.contains(expected[0]), stderr);
    }

    static void loads(Path model) {
        Transformer.load(model).close();
    }

    @Test
    void slidingWindowIsRefusedWhereItActsWithinTheContext(@TempDir Path dir) throws Exception {
        refused(editedCopy(dir.resolve("a"), "mistral", c -> c.addProperty("sliding_window", 4)),
                "sliding_window 4", "max_position_embeddings 64");
        // an absent key is Mistral's default window of 4096: inside a context of 8192 it acts
        refused(editedCopy(dir.resolve("b"), "mistral", c -> c.addProperty("max_position_embeddings", 8192)),
                "sliding_window 4096");
        loads(editedCopy(dir.resolve("c"), "mistral", c -> {
            c.addProperty("max_position_embeddings", 8192);
            c.add("sliding_window", JsonNull.INSTANCE);
        }));
        // Qwen2: layer types marking a sliding layer, or max_window_layers leaving one, with the window on
        refused(editedCopy(dir.resolve("d"), "qwen2-window-unused", c -> {
            JsonArray types = new JsonArray();
            types.add("full_attention");
            types.add("sliding_attention");
            c.add("layer_types", types);
        }), "sliding_window 4");
        refused(editedCopy(dir.resolve("e"), "qwen2-window-unused", c -> {
            c.remove("layer_types");
            c.addProperty("max_window_layers", 1);
        }), "sliding_window 4");
        loads(editedCopy(dir.resolve("f"), "qwen2-window-unused", c -> {
            c.remove("layer_types");
            c.addProperty("max_window_layers", 1);
            c.addProperty("use_sliding_window", false);
        }));
        // Qwen3 reads the same keys as Qwen2
        refused(editedCopy(dir.resolve("g"), "qwen3", c -> {
            c.addProperty("use_sliding_window", true);
            c.addProperty("sliding_window", 4);
            JsonArray types = new JsonArray();
            types.add("sliding_attention");
            types.add("full_attention");
            c.add("layer_types", types);
        }), "sliding_window 4");
    }

    @Test
    void ropeTypesNotImplementedAreRefused(@TempDir Path dir) throws Exception {
        for (String type : List.of("longrope", "proportional")) {
            refused(editedCopy(dir.resolve(type), "llama-legacy-linear",
                    c -> c.getAsJsonObject("rope_scaling").addProperty("type", type)), "rope type \"" + type + "\"");
        }
        refused(editedCopy(dir.resolve("zero"), "llama-legacy-linear",
                c -> c.getAsJsonObject("rope_scaling").addProperty("factor", 0)), "factor");
    }

    /** transformers' other names of GPT-2's tanh-approximated gelu compute the fixture's gelu_fast logits. */
    @Test
    void gpt2TanhGeluUnderEachOfItsNamesMatches(@TempDir Path dir) throws Exception {
        for (String act : List.of("gelu_new", "gelu_pytorch_tanh", "gelu_accurate")) {
            Path copy = editedCopy(dir.resolve(act), "gpt2-hub-layout", c -> c.addProperty("activation_function", act));
            matchesReference(copy, act, Transformer.Engine.DJL);
            matchesReference(copy, act, Transformer.Engine.JAVA);
        }
    }

    @Test
    void gpt2AttentionAndActivationVariantsNotImplementedAreRefused(@TempDir Path dir) throws Exception {
        refused(editedCopy(dir.resolve("a"), "gpt2-variants", c -> c.addProperty("scale_attn_weights", false)),
                "scale_attn_weights");
        refused(editedCopy(dir.resolve("b"), "gpt2-variants", c -> c.addProperty("activation_function", "gelu")),
                "activation_function gelu");
    }

    @Test
    void otherFamiliesAreRefusedByName(@TempDir Path dir) throws Exception {
        refused(editedCopy(dir.resolve("a"), "mistral", c -> {
            c.addProperty("model_type", "gemma");
            JsonArray a = new JsonArray();
            a.add("GemmaForCausalLM");
            c.add("architectures", a);
        }), "model_type gemma");
        refused(editedCopy(dir.resolve("b"), "mistral", c -> {
            c.remove("model_type");
            JsonArray a = new JsonArray();
            a.add("PhiForCausalLM");
            c.add("architectures", a);
        }), "PhiForCausalLM");
    }

    @Test
    void damagedCheckpointsAreRefusedWithTheirFault(@TempDir Path dir) throws Exception {
        refused(editedCopy(dir.resolve("a"), "mistral", c -> c.remove("hidden_size")), "config has no \"hidden_size\"");
        refused(editedCopy(dir.resolve("b"), "mistral", c -> c.addProperty("intermediate_size", 64)),
                "mlp.gate_proj.weight has shape (48, 32) but the config needs (64, 32)");
        refused(editedCopy(dir.resolve("c"), "mistral", c -> c.addProperty("num_hidden_layers", 3)),
                "no tensor model.layers.2.");
        Path truncated = editedCopy(dir.resolve("e"), "mistral", c -> {});
        byte[] bytes = Files.readAllBytes(truncated.resolve("model.safetensors"));
        Files.write(truncated.resolve("model.safetensors"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        refused(truncated, "is truncated");
        // a tied model whose checkpoint also stores a head: accepted when it is the embeddings, else refused
        Path sameHead = editedCopy(dir.resolve("g"), "llama-biases", c -> {});
        Path otherHead = editedCopy(dir.resolve("h"), "llama-biases", c -> {});
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(Safetensors.read(sameHead.resolve("model.safetensors"), m));
            NDArray embed = tensors.get("model.embed_tokens.weight");
            tensors.put("lm_head.weight", embed);
            Safetensors.write(sameHead.resolve("model.safetensors"), tensors);
            tensors.put("lm_head.weight", embed.mul(2));
            Safetensors.write(otherHead.resolve("model.safetensors"), tensors);
        }
        loads(sameHead);
        refused(otherHead, "lm_head.weight differs from the token embeddings");
        Path pickled = editedCopy(dir.resolve("i"), "mistral", c -> {});
        Files.move(pickled.resolve("model.safetensors"), pickled.resolve("pytorch_model.bin"));
        refused(pickled, "only as PyTorch pickles (pytorch_model.bin)");
        refused(editedCopy(dir.resolve("j"), "mistral", c -> {
            JsonObject q = new JsonObject();
            q.addProperty("quant_method", "gptq");
            q.addProperty("bits", 4);
            c.add("quantization_config", q);
        }), "quantization_config (quant_method gptq)");
        Path lostShard = editedCopy(dir.resolve("f"), "llama-legacy-linear", c -> {});
        Files.delete(lostShard.resolve("model-00003-of-00005.safetensors"));
        refused(lostShard, "model-00003-of-00005.safetensors");
    }
}
