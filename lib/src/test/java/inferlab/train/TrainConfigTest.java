package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    private static final String CONFIG = """
            {"model": {}, "steps": 30, "batch_size": 4, "context": 16, "learning_rate": 0.01, "min_learning_rate": 0.001,
             "warmup_steps": 3, "weight_decay": 0.01, "grad_clip": 1.0, "eval_every": 30, "eval_batches": 2,
             "checkpoint_every": 30, "task_fraction": 0, "seed": 7, "init": null}""";

    @Test
    void theShippedConfigsParse() throws Exception {
        try (Stream<Path> files = Files.list(Project.home().resolve("environment"))) {
            List<Path> configs = files.filter(f -> f.getFileName().toString().matches("train-.*\\.json")).toList();
            assertTrue(configs.size() >= 5, configs.toString());
            for (Path f : configs) TrainConfig.read(f);
        }
        assertEquals(7, TrainConfig.parse(CONFIG).seed());
    }

    @Test
    void anUnknownSettingOrAValueOfTheWrongTypeIsRefusedNotBentToADefault() {
        for (String[] c : List.of(
                new String[] {"\"seed\": 7", "\"sead\": 7", "unknown setting \"sead\""},
                new String[] {"\"learning_rate\": 0.01", "\"learning_rate\": 0.01, \"learning_rte\": 0.5", "unknown setting \"learning_rte\""},
                new String[] {"\"steps\": 30", "\"steps\": 30.5", "\"steps\" must be a whole number, got 30.5"},
                new String[] {"\"steps\": 30", "\"steps\": 1e99999", "\"steps\" must be a whole number, got 1e99999"},
                new String[] {"\"steps\": 30", "\"steps\": \"30\"", "\"steps\" must be a whole number"},
                new String[] {"\"seed\": 7", "\"seed\": 7, \"graph_scratchpad\": \"yes\"", "\"graph_scratchpad\" must be true or false"},
                new String[] {"\"seed\": 7", "\"seed\": 7, \"task_items\": {\"arithmetic\": 1.5}", "\"task_items\" must be an object of whole numbers"},
                new String[] {"\"init\": null", "\"init\": 3", "\"init\" must be a string"},
                new String[] {"\"batch_size\": 4", "\"batch_size\": 1e10", "\"batch_size\" must be a whole number"},
                new String[] {"\"seed\": 7", "\"seed\": 7, \"task_items\": {\"arithmetic\": -5}", "task_items counts must be >= 0"},
                new String[] {"\"grad_clip\": 1.0", "\"grad_clip\": true", "\"grad_clip\" must be a number"})) {
            String json = CONFIG.replace(c[0], c[1]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.parse(json), c[1]);
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
        }
    }
}
