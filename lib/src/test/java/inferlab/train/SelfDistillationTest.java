package inferlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Project;
import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.model.Transformer;
import inferlab.prob.TopK;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfDistillationTest {

    @Test
    void continuationsAreTheTargetsGreedyDecodingOfCorpusWindowsAndRepeatFromTheSeed() {
        try (Transformer target = Transformer.load(Project.data().resolve("models/target"))) {
            Tokenizer tok = target.tokenizer().orElseThrow();
            List<int[]> docs = Corpus.documents(Project.data().resolve("corpus"), "validation").subList(0, 3).stream()
                    .map(d -> tok.encode(d.substring(0, 2000))).toList();
            // 35 windows: a batch of 32 and one of 3, so rows of different lengths share a batch
            List<SelfDistillation.Sample> samples = SelfDistillation.generate(target, docs, 35, 12, 7);
            assertEquals(35, samples.size());
            for (SelfDistillation.Sample s : samples.subList(30, 35)) {
                int n = s.window().length;
                assertTrue(n >= 16 && n <= 96, "window of " + n);
                assertTrue(docs.stream().anyMatch(d -> contains(d, s.window())), "a window is a run of a document");
                assertArrayEquals(greedy(target, s.window(), 12), s.continuation());
            }
            List<SelfDistillation.Sample> again = SelfDistillation.generate(target, docs, 35, 12, 7);
            for (int i = 0; i < samples.size(); i++) {
                assertArrayEquals(samples.get(i).window(), again.get(i).window());
                assertArrayEquals(samples.get(i).continuation(), again.get(i).continuation());
            }
        }
    }

    /** One session alone, token by token: the reference for the batched decoding. */
    private static int[] greedy(Transformer target, int[] prompt, int newTokens) {
        try (Session s = target.newSession()) {
            float[][] rows = s.append(prompt);
            float[] logits = rows[rows.length - 1];
            int[] out = new int[newTokens];
            for (int t = 0; t < newTokens; t++) {
                out[t] = TopK.argmax(logits);
                if (out[t] == target.eosTokenId()) return Arrays.copyOf(out, t);
                logits = s.append(out[t])[0];
            }
            return out;
        }
    }

    private static boolean contains(int[] doc, int[] run) {
        for (int i = 0; i + run.length <= doc.length; i++) {
            if (Arrays.equals(doc, i, i + run.length, run, 0, run.length)) return true;
        }
        return false;
    }
}
