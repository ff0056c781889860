package inferlab.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import inferlab.model.Transformer;
import inferlab.serve.ChatTemplate;
import inferlab.serve.OpenAiClient;
import inferlab.serve.OpenAiServer;
import inferlab.system.SharedTaskSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness against real systems on the HF reference Llama (tiny, random; its answers are noise, so the tests
 * check accounting, routing and timing rules, not model quality). Small counts, loopback only.
 */
class HarnessTest {
    static Transformer model;

    @BeforeAll
    static void load() {
        model = inferlab.Fixtures.tinyLlamaWithTokenizer();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static SharedTaskResult.Load load(double rate, int maxBatch, double window, int maxTokens) {
        return new SharedTaskResult.Load(rate, maxBatch, Harness.MAX_CONCURRENCY, window, maxTokens, 1);
    }

    @Test
    void routerServesEveryRequestAndScoresEachTaskWithItsGrader() {
        SharedTask task = SharedTask.load("validation", 2, false, 3);
        SharedTaskResult r = Harness.run("baseline-a", SharedTaskSystems.improved(model), task, load(50, 4, 300, 6), null);
        assertEquals(6, r.summary().requests());
        assertEquals(6, r.summary().served());
        Map<String, Item> byId = new HashMap<>();
        task.items().forEach(i -> byId.put(i.id(), i));
        List<String> tasks = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (SharedTaskResult.Request q : r.requests()) {
            Item item = byId.get(q.id());
            assertEquals(item.task(), q.task());
            assertNull(q.error());
            assertEquals(task.grade(item, q.answer()).value(), q.score(), 1e-12);
            assertTrue(q.latency() >= 0 && q.arrival() >= 0);
            if (q.task().equals(GraphPaths.NAME)) {
                assertEquals(1.0, q.score(), q.answer()); // the solver route
                assertEquals(0, q.completionTokens());
            } else {
                assertTrue(q.completionTokens() > 0);
            }
            tasks.add(q.task());
            scores.add(q.score());
        }
        Map<String, Double> perTask = SharedTask.perTask(tasks, scores);
        assertEquals(perTask, r.summary().accuracyPerTask());
        assertEquals(SharedTask.TASKS, List.copyOf(perTask.keySet()));
        assertEquals((perTask.get(GraphPaths.NAME) + perTask.get(MultipleChoice.NAME) + perTask.get(Instructions.NAME)) / 3,
                r.summary().accuracy(), 1e-12);
        assertTrue(r.summary().p50Latency() <= r.summary().p99Latency());
        assertEquals(6 / r.summary().seconds(), r.summary().throughput(), 1e-9);
    }

    @Test
    void remoteEndpointOnLoopbackAnswersAsTheInProcessModel() throws Exception {
        CompletionModel local = SharedTaskSystems.basic(model);
        SharedTask task = SharedTask.load("validation", 1, false, 5);
        try (OpenAiServer server = new OpenAiServer(local, "tiny", ChatTemplate.PLAIN, "127.0.0.1", 0,
                OpenAiServer.Limits.defaults()).start()) {
            SharedTaskResult r = Harness.run("tiny", new OpenAiClient(server.url(), "tiny"), task, load(20, 3, 300, 5), null);
            assertEquals(3, r.summary().served());
            assertEquals(3, server.served());
            for (SharedTaskResult.Request q : r.requests()) {
                Item item = task.items().stream().filter(i -> i.id().equals(q.id())).findFirst().orElseThrow();
                CompletionRequest same = CompletionRequest.greedy(item.prompt(), 5).withStop(List.of(Harness.STOP));
                assertEquals(local.complete(same).text(), q.answer(), "greedy over HTTP = greedy in process");
                assertTrue(q.completionTokens() >= 1 && q.completionTokens() <= 5, "max_tokens is respected");
            }
        }
    }

    /** An engine that refuses every request: each is recorded unserved with the engine's own message. */
    @Test
    void aFailingEngineIsRecordedRequestByRequest() throws Exception {
        SharedTask task = SharedTask.load("validation", 1, false, 5);
        try (inferlab.serve.FakeEngine vllm = new inferlab.serve.FakeEngine().on("/v1/completions",
                inferlab.serve.FakeEngine.json(400, "{\"error\":{\"message\":\"This model's maximum context length is 16 "
                        + "tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"))) {
            SharedTaskResult r = Harness.run("tiny", new OpenAiClient(vllm.url(), "m"), task, load(20, 3, 300, 5), null);
            assertEquals(0, r.summary().served());
            for (SharedTaskResult.Request q : r.requests()) {
                assertTrue(q.error().startsWith("error: HTTP 400 from ") && q.error().endsWith("maximum context length is 16 tokens."),
                        q.error());
            }
        }
    }

    @Test
    void requestsDueOrAnsweredAfterTheWindowAreNotServedAndScoreZero() {
        SharedTask task = SharedTask.load("validation", 3, false, 7);
        // one request a second on average, a one-second window: most are due after it closes
        SharedTaskResult r = Harness.run("baseline-b", SharedTaskSystems.basic(model), task, load(1, 1, 1.0, 4), null);
        assertEquals(9, r.summary().requests());
        assertTrue(r.summary().served() < 9, "served " + r.summary().served());
        assertTrue(r.requests().stream().anyMatch(q -> Harness.NOT_SENT.equals(q.error())));
        for (SharedTaskResult.Request q : r.requests()) {
            if (!q.served()) {
                assertEquals(0, q.score());
                assertTrue(Harness.NOT_SENT.equals(q.error()) || Harness.LATE.equals(q.error()), q.error());
            }
        }
        assertEquals(0, r.summary().errors());
        assertTrue(r.summary().seconds() <= 1.0);
        List<String> tasks = r.requests().stream().map(SharedTaskResult.Request::task).toList();
        List<Double> zeroIfUnserved = r.requests().stream().map(q -> q.served() ? q.score() : 0.0).toList();
        assertEquals(SharedTask.accuracy(SharedTask.perTask(tasks, zeroIfUnserved)), r.summary().accuracy(), 1e-12);
    }

    @Test
    void replaysAScheduleFileWithTheStreamsItemsInOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("arrivals.json");
        Files.writeString(f, "[{\"arrival_time\": 0.0, \"batch_size\": 1}, {\"arrival_time\": 0.05, \"batch_size\": 3},"
                + " {\"arrival_time\": 0.1, \"batch_size\": 1}]");
        PoissonSchedule schedule = PoissonSchedule.read(f);
        SharedTask task = SharedTask.load("validation", 3, false, 5);
        SharedTaskResult r = Harness.run("baseline-b", SharedTaskSystems.basic(model), task, load(1, 1, 300, 3), schedule, null);
        assertEquals(5, r.requests().size());
        assertEquals(task.items().subList(0, 5).stream().map(Item::id).toList(),
                r.requests().stream().map(SharedTaskResult.Request::id).toList());
        assertEquals(List.of(0.0, 0.05, 0.05, 0.05, 0.1), r.requests().stream().map(SharedTaskResult.Request::arrival).toList());
        SharedTask small = SharedTask.load("validation", 1, false, 5);
        assertThrows(IllegalArgumentException.class,
                () -> Harness.run("baseline-b", SharedTaskSystems.basic(model), small, load(1, 1, 300, 3), schedule, null));
    }
}
