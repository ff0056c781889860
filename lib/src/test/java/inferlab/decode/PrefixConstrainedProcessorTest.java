package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixConstrainedProcessorTest {
    private static final int EOS = 0;
    private static final PrefixConstrainedProcessor P =
            new PrefixConstrainedProcessor(2, List.of(new int[] {5, 6}, new int[] {5, 7, 8}, new int[] {9}), EOS);

    /** The tokens that keep a finite logit. */
    private static List<Integer> allowed(int... history) {
        float[] logits = new float[12];
        for (int i = 0; i < logits.length; i++) logits[i] = i * 0.5f - 2;
        float[] out = P.apply(history, logits);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != Float.NEGATIVE_INFINITY) {
                assertEquals(logits[i], out[i], "an allowed token keeps its logit");
                kept.add(i);
            }
        }
        return kept;
    }

    @Test
    void allowsExactlyTheNextTokensOfTheSequencesStillPossible() {
        assertEquals(List.of(5, 9), allowed(1, 2));
        assertEquals(List.of(6, 7), allowed(1, 2, 5));
        assertEquals(List.of(8), allowed(1, 2, 5, 7));
        assertEquals(List.of(EOS), allowed(1, 2, 5, 6));
        assertEquals(List.of(EOS), allowed(1, 2, 9));
        assertThrows(IllegalStateException.class, () -> allowed(1, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> allowed(1));
    }

    @Test
    void anyDecoderUnderTheConstraintWritesOneOfTheSequences() {
        Random rng = new Random(3);
        java.util.Set<List<Integer>> seen = new java.util.HashSet<>();
        for (int trial = 0; trial < 200; trial++) {
            Decoder d = new Sampler(SamplingParams.ancestral(1.5), rng).after(P);
            List<Integer> history = new ArrayList<>(List.of(1, 2));
            int token;
            do {
                float[] logits = new float[12];
                for (int i = 0; i < logits.length; i++) logits[i] = (float) rng.nextGaussian();
                token = d.next(history.stream().mapToInt(Integer::intValue).toArray(), logits);
                history.add(token);
            } while (token != EOS);
            seen.add(history.subList(2, history.size() - 1));
        }
        assertEquals(java.util.Set.of(List.of(5, 6), List.of(5, 7, 8), List.of(9)), seen);
    }
}
