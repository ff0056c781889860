package inferlab.cli;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Project;
import inferlab.task.TaskSets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksTest {
    /** The committed data/tasks files are exactly what `tasks generate` produces now. */
    @Test
    void committedTaskFilesAreReproducedByTheCommand(@TempDir Path dir) throws Exception {
        for (String name : TaskSets.TRAIN_SIZES.keySet()) {
            RunSharedTaskTest.run("tasks", "generate", "--out", dir.toString(), "--task", name);
            for (String split : TaskSets.SPLITS) {
                Path fresh = TaskSets.file(dir, name, split), committed = TaskSets.file(Project.data().resolve("tasks"), name, split);
                assertEquals(-1L, Files.mismatch(fresh, committed), committed + " is stale: rerun bin/inferlab tasks generate");
            }
        }
    }

    @Test
    void badInputIsAClearError() {
        RunSharedTaskTest.fails("nope", "tasks", "generate", "--task", "nope");
        RunSharedTaskTest.fails("--file", "tasks", "score", "--task", "arithmetic");
        RunSharedTaskTest.fails("unknown subcommand frobnicate of tasks", "tasks", "frobnicate");
        RunSharedTaskTest.fails("tasks needs an action", "tasks");
    }

    @Test
    void anExistingSplitIsOverwrittenOnlyWithForce(@TempDir Path dir) throws Exception {
        String name = TaskSets.TRAIN_SIZES.keySet().iterator().next();
        String[] first = RunSharedTaskTest.run("tasks", "generate", "--out", dir.toString(), "--task", name);
        assertEquals("0", first[0], first[2]);
        Path edited = TaskSets.file(dir, name, "test");
        Files.writeString(edited, "{\"id\": \"my edit\"}\n");
        RunSharedTaskTest.fails("give --force to overwrite them", "tasks", "generate", "--out", dir.toString(), "--task", name);
        assertEquals("{\"id\": \"my edit\"}\n", Files.readString(edited));
        String[] forced = RunSharedTaskTest.run("tasks", "generate", "--out", dir.toString(), "--task", name, "--force");
        assertEquals("0", forced[0], forced[2]);
        assertEquals(-1L, Files.mismatch(edited, TaskSets.file(Project.data().resolve("tasks"), name, "test")));
    }

    /** --force replaces the split at the path; a symbolic link there is replaced, not written through. */
    @Test
    void forceNeverWritesThroughALinkToAFileElsewhere(@TempDir Path dir) throws Exception {
        String name = TaskSets.TRAIN_SIZES.keySet().iterator().next();
        Path elsewhere = Files.writeString(dir.resolve("precious.txt"), "mine");
        Path split = TaskSets.file(dir.resolve("out"), name, "test");
        Files.createDirectories(split.getParent());
        Files.createSymbolicLink(split, elsewhere);
        String[] forced = RunSharedTaskTest.run("tasks", "generate", "--out", dir.resolve("out").toString(), "--task",
                name, "--force");
        assertEquals("0", forced[0], forced[2]);
        assertEquals("mine", Files.readString(elsewhere));
        assertFalse(Files.isSymbolicLink(split));
        assertEquals(-1L, Files.mismatch(split, TaskSets.file(Project.data().resolve("tasks"), name, "test")));
    }

    @Test
    void aMistypedOptionWritesNothing(@TempDir Path dir) throws Exception {
        Path tasks = Project.data().resolve("tasks");
        Map<Path, FileTime> before = modified(tasks);
        RunSharedTaskTest.fails("unknown option --ot for generate", "tasks", "generate", "--ot", dir.resolve("x").toString());
        RunSharedTaskTest.fails("give --force", "tasks", "generate");
        assertFalse(Files.exists(dir.resolve("x")));
        assertEquals(before, modified(tasks));
    }

    private static Map<Path, FileTime> modified(Path root) throws Exception {
        Map<Path, FileTime> m = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) m.put(p, Files.getLastModifiedTime(p));
        }
        return m;
    }
}
