package inferlab.cli;

import static inferlab.cli.RunSharedTaskTest.fails;
import static inferlab.cli.RunSharedTaskTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are hostile rather than merely broken: JSON nested a million deep or a million values long, numbers no
 * model or training run has. Each is one short {@code error:} line and exit code 2, fails fast and writes nothing.
 */
class HostileInputTest {

    static Path llama(Path tmp) throws Exception {
        return MainTest.copy(Path.of(LimitsTest.llama()), tmp.resolve("m"));
    }

    @Test
    void aDeeplyNestedOrHugeJsonFileIsOneShortLineWithoutAStackTrace(@TempDir Path tmp) throws Exception {
        Path dir = llama(tmp);
        String model = dir.toString();
        String config = Files.readString(dir.resolve("config.json"));
        Files.writeString(dir.resolve("config.json"), "[".repeat(1_000_000) + "]".repeat(1_000_000));
        fails("the input nests too deeply to read", "logits", "--model", model, "--ids", "1");
        String[] r = run("logits", "--model", model, "--ids", "1");
        assertFalse(r[2].contains("\tat "), "no stack trace without --debug");

        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(dir.resolve("generation_config.json"), "[".repeat(1_000_000) + "]".repeat(1_000_000));
        fails("the input nests too deeply to read", "generate", "--model", model, "--ids", "1", "--max-new-tokens", "1");
        assertTrue(run("generate", "--model", model, "--ids", "1", "--debug")[2].contains("\tat "), "--debug shows it");
        Files.delete(dir.resolve("generation_config.json"));

        Files.writeString(dir.resolve("config.json"), "[" + "1,".repeat(300_000) + "1]");
        r = run("logits", "--model", model, "--ids", "1");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("error: ") && r[2].length() < 1100 && r[2].strip().endsWith("..."), r[2].length() + " chars");
    }

    @Test
    void aConfigNumberThatIsNotFiniteOrALayerCountNoCheckpointHoldsIsRefusedAtOnce(@TempDir Path tmp) throws Exception {
        Path dir = llama(tmp);
        String model = dir.toString();
        String config = Files.readString(dir.resolve("config.json"));
        for (String eps : new String[] {"NaN", "Infinity", "-Infinity"}) {
            Files.writeString(dir.resolve("config.json"), config.replace("\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": " + eps));
            fails("config \"rms_norm_eps\" must be a finite number, got " + eps, "logits", "--model", model, "--ids", "1");
        }
        Files.writeString(dir.resolve("config.json"), config.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 2000000000"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> fails("the config's 2000000000 layers cannot be in a"
                + " checkpoint of", "logits", "--model", model, "--ids", "1"));
        Files.writeString(dir.resolve("config.json"), config);
        assertEquals("0", run("logits", "--model", model, "--ids", "1")[0]);
    }

    @Test
    void aTrainingConfigThatWouldFailAfterLoadingOrTrainToNaNIsRefusedBeforeAnyWork(@TempDir Path tmp) throws Exception {
        String[][] cases = {
            {"\"eval_every\": 2", "\"eval_every\": 0", "eval_every, eval_batches, checkpoint_every must be > 0"},
            {"\"checkpoint_every\": 1", "\"checkpoint_every\": -1", "checkpoint_every must be > 0"},
            {"\"learning_rate\": 0.01", "\"learning_rate\": NaN", "learning_rate must be a finite number > 0"},
            {"\"min_learning_rate\": 0.001", "\"min_learning_rate\": 0.5", "min_learning_rate in [0, learning_rate]"},
            {"\"grad_clip\": 1.0", "\"grad_clip\": Infinity", "grad_clip must be a finite number > 0"},
            {"\"weight_decay\": 0.01", "\"weight_decay\": -1", "weight_decay must be a finite number >= 0"},
            {"\"task_fraction\": 0", "\"task_fraction\": 2", "task_fraction must be in [0, 1]"},
            {"\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": NaN", "config \"rms_norm_eps\" must be a finite number"},
        };
        Path out = tmp.resolve("out");
        for (String[] c : cases) {
            assertTrue(TrainCommandTest.CONFIG.contains(c[0]), c[0]);
            Path config = Files.writeString(tmp.resolve("config.json"), TrainCommandTest.CONFIG.replace(c[0], c[1]));
            fails(c[2], "train", "--config", config.toString(), "--out", out.toString());
            try (var files = Files.list(tmp)) {
                assertEquals(1, files.count(), "nothing written but the config");
            }
        }
    }
}
