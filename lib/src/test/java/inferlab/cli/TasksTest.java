package inferlab.cli;

import static org.junit.jupiter.api.Assertions.*;

import inferlab.Project;
import inferlab.task.TaskSets;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
