package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import inferlab.Project;
import inferlab.task.GraphPaths;
import inferlab.task.Item;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingDataTest {

    @Test
    void windowsAreContiguousAndMixedInTheRequestedProportion() {
        int[] corpus = new int[1000];
        int[] tasks = new int[300];
        for (int i = 0; i < corpus.length; i++) corpus[i] = i;
        for (int i = 0; i < tasks.length; i++) tasks[i] = 100_000 + i;
        TrainingData data = new TrainingData(corpus, tasks, 0.25);
        int[][] batch = data.sample(4000, 17, new Random(3));
        int fromTasks = 0;
        for (int[] w : batch) {
            assertEquals(17, w.length);
            for (int i = 1; i < w.length; i++) assertEquals(w[i - 1] + 1, w[i], "a window is a contiguous slice");
            if (w[0] >= 100_000) fromTasks++;
        }
        assertEquals(0.25, fromTasks / 4000.0, 0.03);
        assertArrayEquals(batch[5], data.sample(4000, 17, new Random(3))[5], "seeded");
    }

    @Test
    void graphAnswersKeepTheirScratchpadOnlyWhenAskedAndOverlongItemsAreLeftOut() throws Exception {
        Item item = new GraphPaths().generate(1, new Random(3)).get(0);
        String call = item.answer().substring(item.answer().lastIndexOf('\n') + 1);
        assertEquals(item.prompt() + " " + call, TrainingData.text(item.task(), item.prompt(), item.answer(), false));
        assertEquals(item.text(), TrainingData.text(item.task(), item.prompt(), item.answer(), true));
        assertEquals("Q: 1 + 2 = ?\nA: 3\nx", TrainingData.text("arithmetic", "Q: 1 + 2 = ?\nA:", "3\nx", false));
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(Project.data().resolve("tokenizer/tokenizer.json"),
                TrainingData.tokenizerOptions())) {
            List<String> docs = List.of("a short one", "a much longer document than the limit allows here", "ok");
            int shortIds = tok.encode(docs.get(0), false, false).getIds().length;
            int longIds = tok.encode(docs.get(1), false, false).getIds().length;
            int okIds = tok.encode(docs.get(2), false, false).getIds().length;
            int limit = Math.max(shortIds, okIds);
            assertTrue(longIds > limit);
            assertEquals(shortIds + longIds + okIds + 3, TrainingData.stream(docs, tok, 0, 0).length);
            assertEquals(shortIds + okIds + 2, TrainingData.stream(docs, tok, 0, limit).length);
        }
    }
}
