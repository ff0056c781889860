package inferlab.task;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Our graders against the scores the course's own grader gave its published sample outputs. */
class CourseGraderSamplesTest {

    private static List<JsonObject> samples() throws IOException {
        try (InputStream in = CourseGraderSamplesTest.class.getResourceAsStream("/course-grader/graded-samples.jsonl")) {
            assertNotNull(in, "test resource course-grader/graded-samples.jsonl");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        }
    }

    @Test
    void graphAndMultipleChoiceScoresMatchTheCourseGrader() throws IOException {
        int graph = 0, choice = 0;
        for (JsonObject s : samples()) {
            JsonElement gold = s.get("gold_answer");
            String output = s.get("student_output").getAsString();
            double want = s.get("score").getAsDouble();
            String id = "course-" + s.get("index").getAsInt();
            double got = switch (s.get("task").getAsString()) {
                case "graph" -> {
                    graph++;
                    yield new GraphPaths().score(new Item(id, GraphPaths.NAME, "", gold.toString(), null), output);
                }
                case "mmlu_med" -> {
                    choice++;
                    yield new MultipleChoice("").score(new Item(id, MultipleChoice.NAME, "", gold.getAsString(), null), output);
                }
                default -> throw new AssertionError("unexpected task " + s.get("task"));
            };
            assertEquals(want, got, 1e-12, id + ": " + output);
        }
        assertEquals(2, graph);
        assertEquals(2, choice);
    }
}
