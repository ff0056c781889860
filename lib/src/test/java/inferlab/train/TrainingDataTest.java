package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
