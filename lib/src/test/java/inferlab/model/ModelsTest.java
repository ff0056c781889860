package inferlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import inferlab.decode.Generation;
import inferlab.decode.Greedy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding models (directory, HF hub cache layout, shards) and reading safetensors dtypes. */
class ModelsTest {
    static Path fixture;

    @BeforeAll
    static void setUp() throws Exception {
        fixture = Path.of(ModelsTest.class.getResource("/hf-reference/models/llama-tiny").toURI());
    }

    static float[] logits(Path dir) {
        try (Transformer m = Transformer.load(dir); Session s = m.newSession()) {
            return s.append(3, 1, 4, 1, 5)[4];
        }
    }

    @Test
    void hubCacheLayoutFollowsRefsMain(@TempDir Path cache) throws IOException {
        Path repo = cache.resolve("models--tiny-org--llama-tiny");
        Path good = repo.resolve("snapshots/0123abcd");
        Path other = repo.resolve("snapshots/fedc9876");
        copy(fixture, good);
        Files.createDirectories(other); // a newer, incomplete snapshot that refs/main does not name
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), "0123abcd\n");
        assertEquals(good, Models.resolve("tiny-org/llama-tiny", cache));
        Files.delete(repo.resolve("refs/main"));
        Files.delete(other);
        assertEquals(good, Models.resolve("tiny-org/llama-tiny", cache));
        assertArrayEquals(logits(fixture), logits(Models.resolve("tiny-org/llama-tiny", cache)), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.resolve("tiny-org/absent", cache));
        assertTrue(e.getMessage().contains("models--tiny-org--absent"), e.getMessage());
        assertEquals(fixture, Models.resolve(fixture.toString(), cache));
        for (String blank : new String[] {"", " "}) {
            assertEquals("the model directory or hub name is empty",
                    assertThrows(IllegalArgumentException.class, () -> Models.resolve(blank, cache)).getMessage());
        }
    }

    @Test
    void shardedCheckpointLoadsLikeTheSingleFile(@TempDir Path dir) throws IOException {
        Map<String, NDArray> first = new LinkedHashMap<>();
        Map<String, NDArray> second = new LinkedHashMap<>();
        StringBuilder index = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> all = Safetensors.read(fixture.resolve("model.safetensors"), m);
            for (Map.Entry<String, NDArray> e : all.entrySet()) {
                boolean early = e.getKey().contains("layers.0") || e.getKey().contains("embed");
                // the second shard drops the "model." prefix, which the loader accepts
                (early ? first : second).put(early ? e.getKey() : e.getKey().replaceFirst("^model\\.", ""), e.getValue());
                index.append(index.charAt(index.length() - 1) == '{' ? "" : ",")
                        .append('"').append(e.getKey()).append("\": \"")
                        .append(early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")
                        .append('"');
            }
            Safetensors.write(dir.resolve("model-00001-of-00002.safetensors"), first);
            Safetensors.write(dir.resolve("model-00002-of-00002.safetensors"), second);
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), index.append("}}").toString());
        Files.copy(fixture.resolve("config.json"), dir.resolve("config.json"));
        assertArrayEquals(logits(fixture), logits(dir), 0f);
    }

    @Test
    void halfPrecisionTensorsAreWidenedToFloat(@TempDir Path dir) throws IOException {
        // 1.5, -2, 2^-24 (smallest subnormal) and 65504 in binary16; 1.5, -2 and 3.140625 in bfloat16
        short[] f16 = {0x3e00, (short) 0xc000, 0x0001, 0x7bff};
        short[] bf16 = {0x3fc0, (short) 0xc000, 0x4049};
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]}}";
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + json.length + 14).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(json.length).put(json);
        for (short s : f16) buf.putShort(s);
        for (short s : bf16) buf.putShort(s);
        Path file = dir.resolve("half.safetensors");
        Files.write(file, buf.array());
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> t = Safetensors.read(file, m);
            assertArrayEquals(new float[] {1.5f, -2f, 0x1p-24f, 65504f}, t.get("h").toFloatArray(), 0f);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 2), t.get("h").getShape());
            assertArrayEquals(new float[] {1.5f, -2f, 3.140625f}, t.get("b").toFloatArray(), 0f);
        }
    }

    /** As transformers' generate: the generation config's end tokens (a chat model's end of turn) all stop generation. */
    @Test
    void everyEndTokenOfTheGenerationConfigStopsGeneration(@TempDir Path dir) throws IOException {
        copy(fixture, dir);
        int[] prompt = {3, 1, 4, 1, 5};
        int[] free;
        try (Transformer m = Transformer.load(dir)) {
            assertArrayEquals(new int[] {0}, m.eosTokenIds());
            free = Generation.of(12).withEos(m.eosTokenIds()).run(m, prompt, new Greedy()).ids();
        }
        int at = -1; // the first place from 3 whose token was not generated before
        for (int i = 3; i < free.length && at < 0; i++) {
            boolean seen = free[i] == 0;
            for (int j = 0; j < i; j++) seen |= free[j] == free[i];
            if (!seen) at = i;
        }
        assertTrue(at >= 0, "the free run has a fresh token to stop at: " + Arrays.toString(free));
        Files.writeString(dir.resolve("generation_config.json"), "{\"eos_token_id\": [0, " + free[at] + "]}");
        try (Transformer m = Transformer.load(dir)) {
            assertArrayEquals(new int[] {0, free[at]}, m.eosTokenIds());
            Generation.Result r = Generation.of(12).withEos(m.eosTokenIds()).run(m, prompt, new Greedy());
            assertEquals(Generation.Stop.EOS, r.stop());
            assertArrayEquals(Arrays.copyOf(free, at + 1), r.ids());
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
