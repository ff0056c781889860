package inferlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.rerank.RankMetrics;
import inferlab.rerank.Reranker;
import inferlab.rerank.RewardReranker;
import inferlab.task.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class RerankStudyTest {

    private static final Item ITEM = new Item("i", "t", "Q: say it\nA:", "gold", null);

    /** Longer candidates are better here, so a reranker scoring length is the oracle. */
    private static final RerankStudy.Pool POOL = new RerankStudy.Pool(ITEM,
            List.of(" a", " a b c d", " a b", " a b c", " a b c d e f"), new double[] {0.1, 0.6, 0.3, 0.3, 1.0});

    @Test
    void anOracleRerankerMatchesTheOracleRowAndAShortnessOneIsWorst() {
        Reranker length = new RewardReranker("length", (p, c) -> c.length());
        Reranker shortness = new RewardReranker("shortness", (p, c) -> -c.length());
        var rows = RerankStudy.evaluate(List.of(length, shortness), List.of(POOL), new int[] {3, 5});
        assertEquals(8, rows.size());
        var at5 = rows.subList(4, 8);
        assertEquals(RerankStudy.RANDOM, at5.get(0).reranker());
        assertEquals(2.3 / 5, at5.get(0).top1(), 1e-12);
        assertEquals(3, at5.get(0).rankOfBest());
        assertEquals(1.0, at5.get(1).top1());
        assertEquals(1.0, at5.get(2).top1());
        assertEquals(1, at5.get(2).rankOfBest());
        assertEquals(RankMetrics.spearman(new double[] {1, 4, 2, 3, 6}, POOL.oracle()), at5.get(2).spearman(), 1e-12);
        assertEquals(0.1, at5.get(3).top1(), 1e-12);
        assertEquals(5, at5.get(3).rankOfBest());
        assertEquals(11, at5.get(2).pickedChars());
        assertEquals(1, at5.get(3).pickedChars());
        assertEquals(-1, at5.get(3).lengthSpearman(), 1e-12);
        var at3 = rows.get(2); // the length reranker on the first three candidates
        assertEquals(0.6, at3.top1(), 1e-12);
        assertEquals(3, rows.get(0).rankOfBest() + 1, 1e-12);
        assertTrue(RerankStudy.table(rows).rowCount() == 8);
        assertEquals(4, RerankStudy.lengthBias(rows, 5).rowCount());
    }

    @Test
    void promptsWithAllCandidatesGradedAlikeDoNotCountForTheRankOfTheBest() {
        var flat = new RerankStudy.Pool(ITEM, List.of(" x", " y y", " z"), new double[] {0, 0, 0});
        Reranker shortness = new RewardReranker("shortness", (p, c) -> -c.length());
        var rows = RerankStudy.evaluate(List.of(shortness), List.of(POOL.prefix(3), flat), new int[] {3});
        // only POOL's first three count: the best (0.6, " a b c d") is the longest, ranked last
        assertEquals(3, rows.get(2).rankOfBest());
        assertEquals(0.05, rows.get(2).top1(), 1e-12);
        assertEquals(1, rows.get(2).spearmanPrompts());
        var none = RerankStudy.evaluate(List.of(shortness), List.of(flat), new int[] {3});
        assertTrue(Double.isNaN(none.get(0).rankOfBest()) && Double.isNaN(none.get(2).rankOfBest()));
    }

    @Test
    void badInput() {
        assertThrows(IllegalArgumentException.class, () -> POOL.prefix(6));
        assertThrows(IllegalArgumentException.class, () -> POOL.prefix(0));
        var rows = RerankStudy.evaluate(List.of(), List.of(POOL), new int[] {5});
        assertThrows(IllegalArgumentException.class, () -> RerankStudy.lengthBias(rows, 4));
    }

    @Test
    void examplesLabelByThreshold() {
        var ex = RerankStudy.examples(List.of(POOL), 0.5);
        assertEquals(5, ex.size());
        assertEquals(2, ex.stream().filter(e -> e.correct()).count());
    }
}
