package inferlab.rerank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Transformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RerankersTest {

    private static Transformer draft;

    @BeforeAll
    static void load() {
        draft = Models.draft();
    }

    @AfterAll
    static void close() {
        draft.close();
    }

    /** A pointwise reranker from fixed scores, counting the candidates it is asked to score. */
    private static Reranker fixed(Map<String, Double> scores, AtomicInteger calls) {
        return new RewardReranker("fixed", (prompt, c) -> {
            calls.incrementAndGet();
            return scores.get(c);
        });
    }

    @Test
    void logProbMatchesTeacherForcedScoringOfPromptCandidateAndEos() {
        String prompt = "Q: What is 2+3?\nA:";
        List<String> candidates = List.of(" 5", " The answer is five, of course.", "", " 5");
        var tok = draft.tokenizer().orElseThrow();
        double[] sum = new LogProbReranker("sum", draft, false).scores(prompt, candidates);
        double[] mean = new LogProbReranker("mean", draft, true).scores(prompt, candidates);
        int[] p = tok.encode(prompt);
        for (int i = 0; i < candidates.size(); i++) {
            int[] c = tok.encode(candidates.get(i));
            int[] all = new int[p.length + c.length + 1];
            System.arraycopy(p, 0, all, 0, p.length);
            System.arraycopy(c, 0, all, p.length, c.length);
            all[all.length - 1] = draft.eosTokenId();
            float[] lp = draft.score(all); // unbatched, one pass over the whole sequence
            double expected = 0;
            for (int t = p.length - 1; t < lp.length; t++) expected += lp[t];
            assertEquals(expected, sum[i], 1e-3, "candidate " + i);
            assertEquals(expected / (c.length + 1), mean[i], 1e-3, "candidate " + i);
            assertTrue(sum[i] < 0);
        }
        assertEquals(sum[0], sum[3], 1e-4, "the same candidate scores the same wherever it sits in the batch");
        double[] alone = new LogProbReranker("sum", draft, false).scores(prompt, List.of(candidates.get(1)));
        assertEquals(sum[1], alone[0], 1e-3, "batching does not change a score");
    }

    @Test
    void aCandidateRunningPastTheContextIsScoredOnTheTokensThatFit() {
        String prompt = "Q: 1 shortest path 0 to 2. Edges: 0>1:1 0>2:5 1>2:2\nA:";
        var tok = draft.tokenizer().orElseThrow();
        int[] p = tok.encode(prompt);
        String longOne = " 0>1:1=1 1>2:2=3".repeat(40);
        int[] c = tok.encode(longOne);
        assertTrue(p.length + c.length > draft.contextLength(), "the candidate overflows the context");
        double[] got = new LogProbReranker("sum", draft, false).scores(prompt, List.of(longOne, " 0>1:1=1"));
        int[] all = new int[draft.contextLength()];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(c, 0, all, p.length, all.length - p.length);
        float[] lp = draft.score(all); // the prompt and as much of the candidate as the context holds
        double expected = 0;
        for (int t = p.length - 1; t < lp.length; t++) expected += lp[t];
        assertEquals(expected, got[0], 1e-3);
        assertTrue(Double.isFinite(got[1]) && got[1] < 0);
    }

    @Test
    void sumFavoursTheShortCandidateMeanDoesNot() {
        String prompt = "Q: Continue: We the people of the United States, in order to form a more perfect";
        String shortOne = " union";
        String longOne = " union, establish justice, insure domestic tranquility, provide for the common defence";
        double[] sum = new LogProbReranker("sum", draft, false).scores(prompt, List.of(shortOne, longOne));
        double[] mean = new LogProbReranker("mean", draft, true).scores(prompt, List.of(shortOne, longOne));
        assertTrue(sum[0] > sum[1], "each extra token costs log-probability");
        assertTrue(mean[0] - mean[1] < sum[0] - sum[1], "normalising by length shrinks the gap");
        assertThrows(IllegalArgumentException.class, () -> new LogProbReranker("sum", draft, false).scores("", List.of(" a")));
    }

    @Test
    void cachedScoresEachCandidateOnceAndKeepsOrder() {
        AtomicInteger calls = new AtomicInteger();
        Reranker r = Reranker.cached(fixed(Map.of("a", 1.0, "b", 3.0, "c", 2.0), calls));
        assertArrayEquals(new double[] {1, 3}, r.scores("x", List.of("a", "b")));
        assertArrayEquals(new double[] {2, 3, 1, 2}, r.scores("x", List.of("c", "b", "a", "c")));
        assertEquals(3, calls.get());
        assertEquals(1, r.pick("x", List.of("a", "b", "c")));
    }

    @Test
    void pairwiseWinsUnderBradleyTerryRankAsTheScalar() {
        Reranker scalar = fixed(Map.of("a", 0.2, "b", 0.9, "c", 0.5, "d", -1.0), new AtomicInteger());
        var pairwise = new PairwiseReranker("bt", Preference.bradleyTerry(scalar));
        assertArrayEquals(new double[] {1, 3, 2, 0}, pairwise.scores("x", List.of("a", "b", "c", "d")));
        double[][] p = Preference.bradleyTerry(scalar).matrix("x", List.of("a", "b"));
        assertEquals(1 / (1 + Math.exp(0.7)), p[0][1], 1e-12);
        assertEquals(1, p[0][1] + p[1][0], 1e-12);
    }

    @Test
    void aPanelCanBeCyclicAndThenEveryoneTies() {
        // Condorcet: a > b > c, b > c > a, c > a > b; each pair is won 2 votes to 1, in a cycle
        var judges = List.of(fixed(Map.of("a", 3.0, "b", 2.0, "c", 1.0), new AtomicInteger()),
                fixed(Map.of("a", 1.0, "b", 3.0, "c", 2.0), new AtomicInteger()),
                fixed(Map.of("a", 2.0, "b", 1.0, "c", 3.0), new AtomicInteger()));
        var panel = new PairwiseReranker("panel", Preference.panel(judges));
        assertArrayEquals(new double[] {1, 1, 1}, panel.scores("x", List.of("a", "b", "c")));
        // two judges agree on a > b > c: a wins both its pairs
        var agree = new PairwiseReranker("panel", Preference.panel(judges.subList(0, 2)));
        assertArrayEquals(new double[] {1, 1.5, 0.5}, agree.scores("x", List.of("a", "b", "c")));
        assertThrows(IllegalArgumentException.class, () -> Preference.panel(List.of()));
    }

    @Test
    void bleuMbrPicksTheConsensusAndScoresTheOutlierZero() {
        List<String> c = List.of("a b c d f", "a b c d e", "x y z w v", "a b c d e");
        double[] s = new MbrReranker("mbr", new Bleu()).scores("x", c);
        assertEquals(1, RankMetrics.argmax(s));
        assertEquals(s[1], s[3], 1e-12);
        assertEquals(0, s[2]);
        assertEquals((Bleu.score("a b c d e", "a b c d f") + 1 + 0) / 3, s[1], 1e-12);
        assertArrayEquals(new double[] {0}, new MbrReranker("mbr", new Bleu()).scores("x", List.of("a b")));
    }

    @Test
    void embeddingMbrOnTheModelsEmbeddings() {
        var emb = new TokenEmbedding(draft);
        double[] v = emb.embed(" the union is strong");
        double norm = 0;
        for (double x : v) norm += x * x;
        assertEquals(1, norm, 1e-9);
        assertArrayEquals(new double[emb.dimension()], emb.embed(""));
        double[][] rows = emb.tokens(" the union is strong");
        assertTrue(rows.length >= 4);
        for (double[] r : rows) assertEquals(1, java.util.Arrays.stream(r).map(x -> x * x).sum(), 1e-9);
        assertEquals(0, emb.tokens("").length);
        var same = BertScore.score(rows, rows);
        assertEquals(1, same.f1(), 1e-9, "a text matches itself token for token");
        List<String> c = List.of(" the union is strong", " the union is strong today", " 12 + 7 = 19", " our union is strong");
        double[] linear = new EmbeddingMbr("lin", emb::embed, true).scores("x", c);
        double[] quadratic = new EmbeddingMbr("quad", emb::embed, false).scores("x", c);
        assertArrayEquals(quadratic, linear, 1e-12);
        assertEquals(2, RankMetrics.argmax(java.util.Arrays.stream(linear).map(x -> -x).toArray()), "the arithmetic is the outlier");
    }
}
