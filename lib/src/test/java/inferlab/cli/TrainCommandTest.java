package inferlab.cli;

import static inferlab.cli.RunSharedTaskTest.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} through the command line refuses before any work (loading the corpus alone takes seconds);
 * {@link OutputDirectoryTest} covers the publish.
 */
class TrainCommandTest {
    /** A valid configuration, so that only the output directory is at fault. */
    static final String CONFIG = """
            {"model": {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 4096,
              "hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1, "num_attention_heads": 2,
              "num_key_value_heads": 1, "head_dim": 8, "max_position_embeddings": 32, "rms_norm_eps": 1e-05,
              "rope_theta": 10000.0, "hidden_act": "silu", "tie_word_embeddings": true, "bos_token_id": 0,
              "eos_token_id": 0},
             "steps": 2, "batch_size": 2, "context": 16, "learning_rate": 0.01, "min_learning_rate": 0.001,
             "warmup_steps": 1, "weight_decay": 0.01, "grad_clip": 1.0, "eval_every": 2, "eval_batches": 1,
             "checkpoint_every": 1, "task_fraction": 0, "seed": 1}""";

    @Test
    void aDirectoryTrainingDidNotWriteIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"), CONFIG);
        Path dir = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(dir.resolve("precious.txt"), "mine");
        Path old = Files.createDirectories(tmp.resolve("out.old"));
        Files.writeString(old.resolve("keep.txt"), "old");
        fails("not empty and inferlab train did not write it", "train", "--config", config.toString(), "--out", dir.toString());
        assertEquals("mine", Files.readString(dir.resolve("precious.txt")));
        assertEquals("old", Files.readString(old.resolve("keep.txt")));
        fails("unknown option --ot for train", "train", "--config", config.toString(), "--ot", dir.toString());
    }

    @Test
    void aCorpusWithoutTrainTextIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"),
                CONFIG.replace("\"seed\": 1}", "\"seed\": 1, \"corpus\": \"" + tmp.resolve("none") + "\"}"));
        fails("holds no train.txt", "train", "--config", config.toString(), "--out", tmp.resolve("out").toString());
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("config.json"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aRunDirectoryTrainingDidNotMakeOrOneOverlappingTheOutputIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        Path config = Files.writeString(tmp.resolve("config.json"), CONFIG);
        Path out = tmp.resolve("out");
        fails("overlaps --out", "train", "--config", config.toString(), "--out", out.toString(), "--run", out.toString());
        Path mine = Files.createDirectories(tmp.resolve("mine/checkpoint")).getParent();
        Files.writeString(mine.resolve("checkpoint/notes.txt"), "mine");
        fails("is not empty and inferlab train did not make it", "train", "--config", config.toString(), "--out",
                out.toString(), "--run", mine.toString());
        assertEquals("mine", Files.readString(mine.resolve("checkpoint/notes.txt")));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of("config.json", "mine"), left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
