package inferlab.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BertScoreTest {

    /** One random unit vector per word, the same for the same word: a toy token encoder. */
    private static double[][] encode(String text) {
        String[] words = text.isBlank() ? new String[0] : text.strip().split("\\s+");
        double[][] out = new double[words.length][];
        for (int t = 0; t < words.length; t++) {
            Random rng = new Random(words[t].hashCode());
            double[] v = new double[8];
            double norm = 0;
            for (int k = 0; k < v.length; k++) norm += (v[k] = rng.nextGaussian()) * v[k];
            for (int k = 0; k < v.length; k++) v[k] /= Math.sqrt(norm);
            out[t] = v;
        }
        return out;
    }

    @Test
    void precisionAndRecallByHand() {
        double[][] h = {{1, 0}, {0, 1}, {0, 1}}, r = {{1, 0}};
        var s = BertScore.score(h, r);
        assertEquals(1.0 / 3, s.precision(), 1e-12, "h's rows match r's best: 1, 0, 0");
        assertEquals(1.0, s.recall(), 1e-12, "r's one row is matched exactly");
        assertEquals(2 * (1.0 / 3) / (1.0 / 3 + 1), s.f1(), 1e-12);
        assertEquals(new BertScore.Score(0, 0, 0), BertScore.score(new double[0][], r));
    }

    @Test
    void precisionOfOneWayIsRecallOfTheOther() {
        List<String> texts = List.of("the union is strong", "a union", "12 + 7 = 19", "strong strong strong", "x");
        for (String a : texts) {
            for (String b : texts) {
                var ab = BertScore.score(encode(a), encode(b));
                var ba = BertScore.score(encode(b), encode(a));
                assertEquals(ab.precision(), ba.recall(), 0.0);
                assertEquals(ab.recall(), ba.precision(), 0.0);
                assertEquals(ab.f1(), ba.f1(), 0.0);
            }
        }
        var s = BertScore.score(encode("the union is strong"), encode("a union"));
        assertNotEquals(s.precision(), s.recall(), "the pair is asymmetric, its F1 is not");
    }

    @Test
    void eachPairOnceGivesTheAllPairsScoresWithHalfTheComparisons() {
        Random rng = new Random(4);
        String[] vocab = {"0", "1", "2", "3", "paths", "submit", "=", "[", "]"};
        for (int n : new int[] {2, 3, 10, 25}) {
            List<String> c = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int t = 0, len = 1 + rng.nextInt(8); t < len; t++) sb.append(vocab[rng.nextInt(vocab.length)]).append(' ');
                c.add(i == 1 ? c.get(0) : sb.toString()); // a duplicate: encoded once
            }
            AtomicInteger encoderCalls = new AtomicInteger();
            var naiveUtility = new BertScore(BertScoreTest::encode);
            var pairUtility = new BertScore(t -> {
                encoderCalls.incrementAndGet();
                return encode(t);
            });
            double[] naive = new MbrReranker("naive", naiveUtility).scores("x", c);
            double[] once = new MbrReranker("symmetric", pairUtility, true).scores("x", c);
            assertArrayEquals(naive, once, 1e-12);
            assertEquals((long) n * (n - 1), naiveUtility.comparisons());
            assertEquals((long) n * (n - 1) / 2, pairUtility.comparisons());
            long distinct = c.stream().distinct().count();
            assertEquals(distinct, pairUtility.encodings());
            assertEquals(distinct, encoderCalls.get());
        }
    }

    @Test
    void bleuIsNotSymmetricSoItKeepsAllPairs() {
        var bleu = new Bleu();
        assertNotEquals(bleu.utility("a b c d e", "a b c d e f g h"), bleu.utility("a b c d e f g h", "a b c d e"));
    }
}
