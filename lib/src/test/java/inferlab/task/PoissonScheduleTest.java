package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoissonScheduleTest {

    @Test
    void drawnScheduleHasTheRequestedRequestsAndRate() {
        PoissonSchedule s = PoissonSchedule.of(4, 8, 20_000, new Random(3));
        assertEquals(20_000, s.requests());
        assertEquals(4, s.rate(), 0.2);
        assertTrue(s.maxBatch() <= 8);
    }

    /** The schema of the course's request/batch_arrivals.json: its prompts are ignored, times and sizes kept. */
    @Test
    void readsTheCourseScheduleSchema(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("batch_arrivals.json");
        Files.writeString(f, """
                [{"batch_id": 0, "arrival_time": 3.08, "batch_size": 2, "prompt_idxs": [236, 251],
                  "prompts": ["Question: ...", "Question: ..."], "max_length": 2048},
                 {"batch_id": 2, "arrival_time": 12.5, "batch_size": 1, "prompt_idxs": [7], "prompts": ["x"], "max_length": 2048},
                 {"batch_id": 1, "arrival_time": 9.25, "batch_size": 8.0, "prompt_idxs": [], "prompts": [], "max_length": 2048}]
                """);
        PoissonSchedule s = PoissonSchedule.read(f);
        assertEquals(List.of(new PoissonSchedule.Arrival(3.08, 2), new PoissonSchedule.Arrival(9.25, 8),
                new PoissonSchedule.Arrival(12.5, 1)), s.arrivals(), "sorted by time");
        assertEquals(11, s.requests());
        assertEquals(8, s.maxBatch());
        assertEquals(12.5, s.span());
        assertEquals(11 / 12.5, s.rate(), 1e-12);
    }

    @Test
    void malformedScheduleFilesAreRejectedWithTheBatchNamed(@TempDir Path dir) throws Exception {
        for (String bad : List.of("", "{}", "[]", "[1]", "not json [", "[{\"arrival_time\": 1}]",
                "[{\"arrival_time\": -1, \"batch_size\": 1}]", "[{\"arrival_time\": 1, \"batch_size\": 0}]",
                "[{\"arrival_time\": 1, \"batch_size\": 1.5}]", "[{\"arrival_time\": \"soon\", \"batch_size\": 1}]")) {
            Path f = dir.resolve("s.json");
            Files.writeString(f, bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoissonSchedule.read(f), bad);
            assertTrue(e.getMessage().contains("schedule " + f), e.getMessage());
        }
    }
}
