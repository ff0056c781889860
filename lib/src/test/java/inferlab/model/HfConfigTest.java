package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigTest {
    static final String LLAMA_SIZES = """
            "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 1000,
            "hidden_size": 256, "num_hidden_layers": 2, "num_attention_heads": 8, "num_key_value_heads": 2,
            "intermediate_size": 512, "max_position_embeddings": 4096, "rms_norm_eps": 1e-5,
            "bos_token_id": 1, "eos_token_id": [2, 3], "torch_dtype": "bfloat16\"""";

    static HfConfig read(Path dir, String name, String json) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, json);
        return HfConfig.read(f);
    }

    @Test
    void equalConfigsCompareByFieldsAndTokenIdContents() {
        HfConfig a = HfConfig.llama(300, 64, 2, 4, 2, 96, 128, true, 1, 2);
        HfConfig b = HfConfig.llama(300, 64, 2, 4, 2, 96, 128, true, 1, 2);
        assertEquals(a, b, "distinct token id arrays with the same ids");
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a, HfConfig.parse(a.toJson()), "a config survives its own JSON");
        assertFalse(a.equals(HfConfig.llama(300, 64, 2, 4, 2, 96, 128, true, 1, 3)), "another end-of-sequence id");
        assertFalse(a.equals(HfConfig.llama(300, 64, 2, 4, 2, 96, 256, true, 1, 2)), "another context length");
        assertFalse(a.equals(HfConfig.llama(300, 64, 2, 4, 2, 96, 128, false, 1, 2)), "untied embeddings");
    }

    @Test
    void llama3RopeFromTopLevelAndFromRopeParametersAgree(@TempDir Path dir) throws Exception {
        HfConfig old = read(dir, "old", "{" + LLAMA_SIZES + """
                , "rope_theta": 500000.0, "rope_scaling": {"rope_type": "llama3", "factor": 8.0,
                "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}""");
        HfConfig recent = read(dir, "new", "{" + LLAMA_SIZES + """
                , "rope_parameters": {"rope_type": "llama3", "rope_theta": 500000.0, "factor": 8.0,
                "low_freq_factor": 1.0, "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}""");
        assertEquals(32, old.headDim());
        assertEquals(2, old.numKvHeads());
        assertArrayEquals(new int[] {2, 3}, old.eosTokenIds());
        assertEquals(2, old.eosTokenId());
        assertEquals(old.rope(), recent.rope());

        // Llama 3.1's rescaling written as one clamped interpolation between w / factor and w
        double[] w = old.rope().inverseFrequencies(32);
        double[] plain = HfConfig.Rope.plain(500000).inverseFrequencies(32);
        boolean sawLow = false;
        boolean sawHigh = false;
        boolean sawMedium = false;
        for (int i = 0; i < 16; i++) {
            double expectedPlain = Math.pow(500000, -2.0 * i / 32);
            assertEquals(expectedPlain, plain[i], 1e-12 * expectedPlain);
            double wavelength = 2 * Math.PI / expectedPlain;
            double smooth = Math.min(1, Math.max(0, (8192 / wavelength - 1.0) / (4.0 - 1.0)));
            double expected = (1 - smooth) * expectedPlain / 8 + smooth * expectedPlain;
            assertEquals(expected, w[i], 1e-12 * expected, "frequency " + i);
            sawLow |= smooth == 0;
            sawHigh |= smooth == 1;
            sawMedium |= smooth > 0 && smooth < 1;
        }
        assertTrue(sawLow && sawHigh && sawMedium, "the head width exercises all three bands");
    }

    @Test
    void defaultRopeAndExplicitHeadDim(@TempDir Path dir) throws Exception {
        HfConfig c = read(dir, "c", "{" + LLAMA_SIZES + ", \"head_dim\": 64, \"rope_theta\": 1000.0}");
        assertEquals(64, c.headDim());
        assertEquals("default", c.rope().type());
        assertEquals(1000.0, c.rope().theta());
        assertFalse(c.tieWordEmbeddings());
        HfConfig none = read(dir, "none", "{" + LLAMA_SIZES + "}");
        assertEquals(10000.0, none.rope().theta());
        assertEquals(c.rope().inverseFrequencies(64)[1], Math.pow(1000, -2.0 / 64), 1e-15);
    }

    @Test
    void clearErrors(@TempDir Path dir) {
        assertError(dir, "{" + LLAMA_SIZES + ", \"rope_scaling\": {\"rope_type\": \"longrope\", \"factor\": 4.0}}",
                "unsupported rope type \"longrope\"");
        assertError(dir, "{" + LLAMA_SIZES + ", \"rope_parameters\": {\"full_attention\": {\"rope_type\": \"default\","
                + " \"rope_theta\": 1e6}, \"sliding_attention\": {\"rope_type\": \"default\", \"rope_theta\": 1e4}}}",
                "rope_parameters per layer type (\"full_attention\")");
        assertError(dir, "{" + LLAMA_SIZES.replace("\"llama\"", "\"mamba\"") + "}", "unknown architecture");
        assertError(dir, "{" + LLAMA_SIZES.replace("\"hidden_size\": 256", "\"hidden_size\": 250") + "}",
                "not divisible");
        assertError(dir, "{" + LLAMA_SIZES.replace("\"num_key_value_heads\": 2", "\"num_key_value_heads\": 3") + "}",
                "not a multiple");
        assertError(dir, "{\"model_type\": \"llama\", ", "malformed config JSON");
        assertError(dir, "{\"model_type\": \"llama\"}", "no \"hidden_size\"");
    }

    static void assertError(Path dir, String json, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(dir, "bad" + json.hashCode(), json));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void fixtureConfigsAndJsonRoundTrip() throws Exception {
        Path models = Path.of(getClass().getResource("/hf-reference/models").toURI());
        HfConfig gpt2 = HfConfig.read(models.resolve("gpt2-tiny/config.json"));
        assertEquals(HfConfig.Architecture.GPT2, gpt2.architecture());
        assertEquals(192, gpt2.intermediateSize());
        assertTrue(gpt2.tieWordEmbeddings());
        HfConfig qwen = HfConfig.read(models.resolve("qwen2-tiny/config.json"));
        assertEquals(1e6, qwen.rope().theta());
        assertTrue(qwen.qkvBias() && !qwen.outputBias() && qwen.tieWordEmbeddings());
        for (String name : new String[] {"gpt2-tiny", "llama-tiny", "qwen2-tiny"}) {
            HfConfig c = HfConfig.read(models.resolve(name + "/config.json"));
            assertEquals(c, HfConfig.parse(c.toJson()), name);
        }
        Path variants = Path.of(getClass().getResource("/hf-variants/models").toURI());
        for (String name : HfVariantsTest.MODELS) {
            HfConfig c = HfConfig.read(variants.resolve(name + "/config.json"));
            assertEquals(c, HfConfig.parse(c.toJson()), name);
        }
    }

    /** Absent keys take transformers' defaults of the family (checked against transformers 5.18 by hand). */
    @Test
    void absentKeysTakeTheFamilysDefaults(@TempDir Path dir) throws Exception {
        String sizes = """
                "vocab_size": 256, "hidden_size": 128, "intermediate_size": 48, "num_hidden_layers": 2,
                "max_position_embeddings": 8192, "num_attention_heads": 64""";
        assertEquals(64, read(dir, "llama", "{\"model_type\": \"llama\", " + sizes + "}").numKvHeads());
        assertEquals(32, read(dir, "qwen2", "{\"model_type\": \"qwen2\", " + sizes + "}").numKvHeads());
        assertEquals(8, read(dir, "mistral", "{\"model_type\": \"mistral\", " + sizes.replace("8192", "64") + "}")
                .numKvHeads());
        assertEquals(64, read(dir, "null", "{\"model_type\": \"qwen2\", \"num_key_value_heads\": null, " + sizes + "}")
                .numKvHeads(), "an explicit null is one key/value head per query head");
        HfConfig qwen3 = read(dir, "qwen3", "{\"model_type\": \"qwen3\", \"num_key_value_heads\": 4, " + sizes + "}");
        assertEquals(128, qwen3.headDim(), "Qwen3Config's head_dim, not hidden / heads");
        // Qwen's window defaults to 4096 too: with use_sliding_window it acts within 8192 positions
        assertError(dir, "{\"model_type\": \"qwen2\", \"use_sliding_window\": true, \"max_window_layers\": 1, " + sizes + "}",
                "sliding_window 4096 < max_position_embeddings 8192");
    }

    @Test
    void variantKeysAreRead(@TempDir Path dir) throws Exception {
        HfConfig llama = read(dir, "llama", "{" + LLAMA_SIZES + """
                , "attention_bias": true, "mlp_bias": true, "rope_theta": 1000.0,
                "rope_scaling": {"type": "linear", "factor": 4.0}}""");
        assertTrue(llama.qkvBias() && llama.outputBias() && llama.mlpBias());
        double[] plain = HfConfig.Rope.plain(1000).inverseFrequencies(32);
        double[] linear = llama.rope().inverseFrequencies(32);
        for (int i = 0; i < plain.length; i++) assertEquals(plain[i] / 4, linear[i], 1e-15, "frequency " + i);
        // Mistral reads neither bias key; an explicit null window never acts, and survives toJson
        HfConfig mistral = read(dir, "mistral", "{" + LLAMA_SIZES.replace("llama", "mistral").replace("Llama", "Mistral")
                .replace("4096", "32768") + ", \"attention_bias\": true, \"mlp_bias\": true, \"sliding_window\": null}");
        assertEquals(HfConfig.Architecture.MISTRAL, mistral.architecture());
        assertFalse(mistral.qkvBias() || mistral.outputBias() || mistral.mlpBias());
        assertEquals(mistral, HfConfig.parse(mistral.toJson()));
        HfConfig gpt2 = read(dir, "gpt2", """
                {"model_type": "gpt2", "vocab_size": 300, "n_embd": 64, "n_layer": 3, "n_head": 4, "n_positions": 128,
                "scale_attn_by_inverse_layer_idx": true}""");
        assertEquals(0.25, gpt2.attentionScale(0), 1e-15);
        assertEquals(0.25 / 3, gpt2.attentionScale(2), 1e-15);
        assertEquals(gpt2, HfConfig.parse(gpt2.toJson()));
    }
}
