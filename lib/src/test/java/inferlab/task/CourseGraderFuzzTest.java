package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our graders against the course's grader on fuzzed outputs (course-grader/fuzzed-samples.jsonl: the score
 * the course's eval/grader.py gave each, with the real math_verify; see that folder's README).
 */
class CourseGraderFuzzTest {

    @Test
    void fuzzedOutputsScoreAsTheCourseGraderScoresThem() throws IOException {
        List<String> wrong = new ArrayList<>();
        int graph = 0, choice = 0, credited = 0;
        try (InputStream in = getClass().getResourceAsStream("/course-grader/fuzzed-samples.jsonl")) {
            assertNotNull(in, "test resource course-grader/fuzzed-samples.jsonl");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
                JsonObject s = JsonParser.parseString(line).getAsJsonObject();
                String output = s.get("output").getAsString();
                double want = s.get("score").getAsDouble();
                double got = switch (s.get("task").getAsString()) {
                    case "graph" -> {
                        graph++;
                        yield new GraphPaths().score(new Item("fuzz", GraphPaths.NAME, "", s.get("gold_answer").toString(), null), output);
                    }
                    case "mmlu_med" -> {
                        choice++;
                        yield new MultipleChoice("").score(new Item("fuzz", MultipleChoice.NAME, "", s.get("gold_answer").getAsString(), null), output);
                    }
                    default -> throw new AssertionError("unexpected task " + s.get("task"));
                };
                if (want > 0) credited++;
                if (Math.abs(want - got) > 1e-12) wrong.add("course " + want + ", ours " + got + ": " + output);
            }
        }
        assertTrue(graph >= 100 && choice >= 100 && credited >= 100, "a sample of both tasks, many of them credited");
        assertEquals(List.of(), wrong);
    }
}
