package inferlab.hardware;

import com.google.gson.JsonObject;
import inferlab.model.HfConfig;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ModelShapeTest {

    @Test
    void gpt2SmallHasThePublishedParameterCounts() {
        // nanoGPT's numbers: bias=False gives 124,337,664; HF's checkpoint with biases 124,439,808
        assertEquals(124_439_808L, ModelShape.GPT2_SMALL.parameters().total());
        assertEquals(124_337_664L, ModelShape.GPT2_SMALL.withBiases(ModelShape.Biases.NONE).parameters().total());
    }

    @Test
    void llamaAndQwenHaveThePublishedParameterCounts() {
        assertEquals(6_738_415_616L, ModelShape.LLAMA2_7B.parameters().total());
        assertEquals(13_015_864_320L, ModelShape.LLAMA2_13B.parameters().total());
        assertEquals(8_030_261_248L, ModelShape.LLAMA3_8B.parameters().total());
        // Qwen2.5 technical report: 0.49B parameters, 0.36B of them non-embedding (the LM head is tied)
        ParameterCount q = ModelShape.QWEN25_0_5B.parameters();
        assertEquals(0.49e9, q.total(), 0.005e9);
        assertEquals(0.36e9, q.nonEmbedding(), 0.005e9);
        assertEquals(0, q.lmHead());
    }

    @Test
    void qwen3FamilyHasThePublishedParameterCounts() {
        // Qwen3 model cards: total and non-embedding (embedding and LM head excluded) parameters in billions,
        // each within half a unit of the last digit published
        double[][] published = {{0.6, 0.44}, {1.7, 1.4}, {4.0, 3.6}, {8.2, 6.95}, {14.8, 13.2}, {32.8, 31.2}};
        double[] bodyTolerance = {0.005, 0.05, 0.05, 0.005, 0.05, 0.05};
        var family = ModelShape.qwen3Family();
        for (int i = 0; i < family.size(); i++) {
            ParameterCount p = family.get(i).parameters();
            assertEquals(published[i][0], p.total() / 1e9, 0.05, family.get(i).name());
            assertEquals(published[i][1], (p.total() - p.embedding() - p.lmHead()) / 1e9, bodyTolerance[i],
                    family.get(i).name());
        }
        // every size shares 8 kv heads of width 128: the cache grows with the layer count only
        assertEquals(ModelShape.QWEN3_0_6B.kvBytesPerToken(2), ModelShape.QWEN3_1_7B.kvBytesPerToken(2));
        assertEquals(2L * 28 * 8 * 128 * 2, ModelShape.QWEN3_0_6B.kvBytesPerToken(2));
    }

    @Test
    void qwen3ConfigAsPublishedReadsAsItsPreset() {
        // Qwen/Qwen3-0.6B's config.json on the Hub (2025), as written
        HfConfig c = HfConfig.parse("""
                {"architectures": ["Qwen3ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
                 "bos_token_id": 151643, "eos_token_id": 151645, "head_dim": 128, "hidden_act": "silu",
                 "hidden_size": 1024, "initializer_range": 0.02, "intermediate_size": 3072,
                 "max_position_embeddings": 40960, "max_window_layers": 28, "model_type": "qwen3",
                 "num_attention_heads": 16, "num_hidden_layers": 28, "num_key_value_heads": 8, "rms_norm_eps": 1e-06,
                 "rope_scaling": null, "rope_theta": 1000000, "sliding_window": null, "tie_word_embeddings": true,
                 "torch_dtype": "bfloat16", "transformers_version": "4.51.0", "use_cache": true,
                 "use_sliding_window": false, "vocab_size": 151936}""");
        assertTrue(c.qkNorm());
        assertFalse(c.qkvBias() || c.outputBias() || c.mlpBias());
        assertEquals(1e6, c.rope().theta());
        assertEquals(ModelShape.QWEN3_0_6B, ModelShape.of("Qwen3-0.6B", c));
        assertEquals(c, HfConfig.parse(c.toJson()), "the config survives its own JSON");
    }

    @Test
    void llama2_13bKvCacheAt8kTokensInBf16IsSixAndAQuarterGiB() {
        long perToken = ModelShape.LLAMA2_13B.kvBytesPerToken(2);
        assertEquals(2L * 40 * 40 * 128 * 2, perToken);
        assertEquals(6.25 * (1L << 30), perToken * 8192.0, 0.0);
    }

    @Test
    void groupedQueryAttentionShrinksTheCacheNotTheAttentionFlops() {
        ModelShape l3 = ModelShape.LLAMA3_8B;
        ModelShape mha = new ModelShape("mha", l3.vocab(), l3.hidden(), l3.layers(), l3.heads(), l3.heads(),
                l3.headDim(), l3.intermediate(), false, l3.biases(), l3.norm(), l3.mlp(), l3.positions(), 8192);
        assertEquals(4 * l3.kvBytesPerToken(2), mha.kvBytesPerToken(2));
        double attnGqa = l3.flopsPerToken(4096) - l3.flopsPerToken(0);
        double attnMha = mha.flopsPerToken(4096) - mha.flopsPerToken(0);
        assertEquals(attnMha, attnGqa, 0.0);
    }

    @Test
    void prefillFlopsAreTheSumOfPerTokenFlops() {
        ModelShape m = ModelShape.GPT2_SMALL;
        double sum = 0;
        for (int t = 1; t <= 300; t++) sum += m.flopsPerToken(t);
        assertEquals(sum, m.prefillFlops(300), 1e-9 * sum);
        // at short context the 2N term dominates; the attention term equals it at ctx = N / (2 L d_attn)
        double crossover = m.matmulParameters() / (2.0 * m.layers() * m.attentionWidth());
        assertEquals(4 * m.matmulParameters(), m.flopsPerToken(Math.round(crossover)), 1e-3 * m.matmulParameters());
    }

    @Test
    void fixtureParameterCountsEqualTheirSafetensorsTensorSizes() throws Exception {
        for (String model : new String[] {"gpt2-tiny", "llama-tiny", "qwen2-tiny"}) {
            ModelShape shape = ModelShape.read(fixture(model));
            assertEquals(safetensorsElements(model), shape.parameters().total(), model);
        }
        // the same shapes written out by hand
        assertEquals(ModelShape.gpt2("g", 512, 48, 2, 4, 256).parameters(), ModelShape.read(fixture("gpt2-tiny")).parameters());
        assertEquals(ModelShape.llama("l", 512, 48, 2, 4, 1, 128, false, 256).parameters(),
                ModelShape.read(fixture("llama-tiny")).parameters());
    }

    @Test
    void llamaAttentionBiasIsCountedOnAllFourProjections() {
        HfConfig c = HfConfig.parse("{\"model_type\": \"llama\", \"vocab_size\": 100, \"hidden_size\": 64, "
                + "\"num_hidden_layers\": 3, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, "
                + "\"intermediate_size\": 96, \"max_position_embeddings\": 128, \"attention_bias\": true}");
        ModelShape withBias = ModelShape.of("biased", c), plain = withBias.withBiases(ModelShape.Biases.NONE);
        assertEquals(3L * (64 + 2 * 32 + 64), withBias.parameters().total() - plain.parameters().total());
    }

    static Path fixture(String model) throws URISyntaxException {
        return Path.of(ModelShapeTest.class.getResource("/hf-reference/models/" + model).toURI());
    }

    /** Sum over the tensors listed in a safetensors header (8-byte little-endian length, then JSON). */
    static long safetensorsElements(String model) throws IOException, URISyntaxException {
        Path file = fixture(model).resolve("model.safetensors");
        try (InputStream in = Files.newInputStream(file)) {
            long n = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonObject header = JsonParser.parseString(new String(in.readNBytes((int) n), StandardCharsets.UTF_8))
                    .getAsJsonObject();
            long total = 0;
            for (var e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) continue;
                long size = 1;
                for (var dim : e.getValue().getAsJsonObject().getAsJsonArray("shape")) size *= dim.getAsLong();
                total += size;
            }
            return total;
        }
    }
}
