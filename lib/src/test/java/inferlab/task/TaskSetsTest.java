package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSetsTest {
    @Test
    void splitsAreDeterministicSizedAndEvaluationPromptsNeverAppearInTraining() {
        Map<String, List<Item>> a = TaskSets.generate(Arithmetic.NAME);
        assertEquals(a, TaskSets.generate(Arithmetic.NAME));
        Set<String> eval = new HashSet<>();
        for (String split : List.of("test", "validation")) {
            assertEquals(TaskSets.size(Arithmetic.NAME, split), a.get(split).size());
            for (Item i : a.get(split)) assertTrue(eval.add(i.prompt()), "duplicate " + i.prompt());
        }
        assertEquals(20_000, a.get("train").size());
        assertTrue(a.get("train").stream().noneMatch(i -> eval.contains(i.prompt())));
        assertEquals("arithmetic-test-0", a.get("test").get(0).id());
    }

    @Test
    void jsonlRoundTrips(@TempDir Path dir) throws Exception {
        List<Item> items = new GraphPaths().generate(20, new java.util.Random(1));
        Path f = dir.resolve("x/test.jsonl");
        Jsonl.write(f, items);
        assertEquals(items, Jsonl.read(f));
        assertEquals(20, Files.readAllLines(f).size());
    }
}
