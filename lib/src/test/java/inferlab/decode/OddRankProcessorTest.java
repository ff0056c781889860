package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.study.DecodingExercises;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The odd-rank processor and HW2's check built on it. */
class OddRankProcessorTest {
    static final float NEG = Float.NEGATIVE_INFINITY;

    @Test
    void keepsRanksOneThreeFiveAndBreaksTiesById() {
        float[] z = {0.5f, 3f, -1f, 2f, 1f};
        assertArrayEquals(new float[] {NEG, 3f, -1f, NEG, 1f}, new OddRankProcessor().apply(new int[0], z));
        float[] tied = {1f, 1f, 1f, 0f};
        assertArrayEquals(new float[] {1f, NEG, 1f, NEG}, new OddRankProcessor().apply(new int[0], tied));
        assertArrayEquals(new float[] {0.5f, 3f, -1f, 2f, 1f}, z, "input untouched");
    }

    @Test
    void keptAndRemovedTokensAlternateDownTheRanking() {
        Random rng = new Random(3);
        float[] z = new float[101];
        for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
        float[] out = new OddRankProcessor().apply(new int[0], z);
        Integer[] order = new Integer[z.length];
        for (int i = 0; i < z.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(z[b], z[a]));
        for (int r = 0; r < order.length; r++) {
            assertEquals(r % 2 == 0 ? z[order[r]] : NEG, out[order[r]], "rank " + (r + 1));
        }
    }

    @Test
    void theExerciseCheckPassesTheReferenceAndFailsWrongProcessors() {
        Random rng = new Random(5);
        float[] z = new float[12];
        for (int i = 0; i < z.length; i++) z[i] = (float) (1.5 * rng.nextGaussian());
        assertTrue(DecodingExercises.checkOddRank(new OddRankProcessor(), z, 20000, new Random(1)).startsWith("PASS"));
        assertTrue(DecodingExercises.checkOddRank((h, x) -> x, z, 20000, new Random(1)).startsWith("FAIL"), "no filtering");
        LogitsProcessor uniformOnOdd = (h, x) -> {
            float[] kept = new OddRankProcessor().apply(h, x);
            for (int i = 0; i < kept.length; i++) if (kept[i] != NEG) kept[i] = 0f;
            return kept;
        };
        assertTrue(DecodingExercises.checkOddRank(uniformOnOdd, z, 20000, new Random(1)).startsWith("FAIL"), "right support, wrong weights");
        LogitsProcessor tiesByValueOrderReversed = (h, x) -> { // ties ranked by descending token id
            float[] rev = new float[x.length];
            for (int i = 0; i < x.length; i++) rev[i] = x[x.length - 1 - i];
            float[] kept = new OddRankProcessor().apply(h, rev), out = new float[x.length];
            for (int i = 0; i < x.length; i++) out[i] = kept[x.length - 1 - i];
            return out;
        };
        String ties = DecodingExercises.checkOddRank(tiesByValueOrderReversed, z, 20000, new Random(1));
        assertTrue(ties.startsWith("FAIL ties are ranked by token id"), ties);
        LogitsProcessor inPlace = (h, x) -> {
            float[] kept = new OddRankProcessor().apply(h, x);
            System.arraycopy(kept, 0, x, 0, x.length);
            return x;
        };
        assertTrue(DecodingExercises.checkOddRank(inPlace, z, 100, new Random(1)).contains("input logits were modified"));
        LogitsProcessor throwing = (h, x) -> { throw new IllegalStateException("todo"); };
        assertTrue(DecodingExercises.checkOddRank(throwing, z, 100, new Random(1)).startsWith("FAIL"));
    }
}
