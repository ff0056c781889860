package inferlab.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationConfigTest {
    @Test
    void absentKeysAndFilesTakeHuggingFaceDefaultsWhichAreGreedy(@TempDir Path dir) throws Exception {
        assertEquals(GenerationConfig.DEFAULTS, GenerationConfig.read(dir));
        assertFalse(GenerationConfig.DEFAULTS.doSample());
        assertEquals(1, GenerationConfig.DEFAULTS.numBeams());
        Files.writeString(dir.resolve("generation_config.json"), "{\"bos_token_id\": 0}");
        assertEquals(GenerationConfig.DEFAULTS, GenerationConfig.read(dir));
    }

    @Test
    void readsTheSamplingSettingsAModelShipsWith() {
        // Llama-3.2-1B's file: sampling at T = 0.6 in the nucleus 0.9 (top-k left at its default 50)
        GenerationConfig c = GenerationConfig.parse("{\"bos_token_id\": 128000, \"do_sample\": true, \"eos_token_id\": 128001,"
                + " \"temperature\": 0.6, \"top_p\": 0.9, \"transformers_version\": \"4.45.0.dev0\"}");
        assertTrue(c.doSample());
        assertEquals(0.6, c.temperature());
        assertEquals(0.9, c.topP());
        assertEquals(50, c.topK());
        assertEquals(4, GenerationConfig.parse("{\"num_beams\": 4, \"top_k\": null}").numBeams());
        assertEquals(50, GenerationConfig.parse("{\"num_beams\": 4, \"top_k\": null}").topK());
    }

    @Test
    void endTokensAreOneIdOrAList() {
        // Llama-3.1-8B-Instruct's file lists the end of text, end of message and end of turn
        assertEquals(java.util.List.of(128001, 128008, 128009),
                GenerationConfig.parse("{\"eos_token_id\": [128001, 128008, 128009]}").eosTokenIds());
        assertEquals(java.util.List.of(2), GenerationConfig.parse("{\"eos_token_id\": 2}").eosTokenIds());
        assertEquals(java.util.List.of(), GenerationConfig.parse("{\"eos_token_id\": null}").eosTokenIds());
    }

    @Test
    void aBadFileIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("generation_config.json"), "{\"do_sample\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerationConfig.read(dir));
        assertTrue(e.getMessage().contains("generation_config.json"), e.getMessage());
    }
}
