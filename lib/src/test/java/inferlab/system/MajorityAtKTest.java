package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MajorityAtKTest {

    /** The definition: the vote's grade averaged over every k-subset, ties split evenly. */
    private static double bySubsets(List<String> answers, List<Boolean> correct, int k) {
        int n = answers.size();
        double sum = 0;
        int subsets = 0;
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) != k) continue;
            subsets++;
            Map<String, int[]> votes = new HashMap<>();
            for (int i = 0; i < n; i++) {
                if ((mask >> i & 1) == 0 || answers.get(i).isEmpty()) continue;
                int[] v = votes.computeIfAbsent(answers.get(i), a -> new int[2]);
                v[0]++;
            }
            if (votes.isEmpty()) continue;
            int top = votes.values().stream().mapToInt(v -> v[0]).max().orElseThrow();
            List<String> winners = votes.entrySet().stream().filter(e -> e.getValue()[0] == top).map(Map.Entry::getKey).toList();
            for (String w : winners) {
                int all = 0, right = 0;
                for (int i = 0; i < n; i++) {
                    if (answers.get(i).equals(w)) {
                        all++;
                        if (correct.get(i)) right++;
                    }
                }
                sum += (double) right / all / winners.size();
            }
        }
        return sum / subsets;
    }

    @Test
    void equalsTheAverageOverEverySubset() {
        Random rng = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(12), kinds = 1 + rng.nextInt(5);
            List<String> answers = new ArrayList<>();
            List<Boolean> correct = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int a = rng.nextInt(kinds + 1); // kind 0: no answer
                answers.add(a == 0 ? "" : "a" + a);
                correct.add(a == 1 || (a == 2 && rng.nextBoolean())); // "a2" is graded right only sometimes
            }
            for (int k = 1; k <= n; k++) {
                assertEquals(bySubsets(answers, correct, k), MajorityAtK.estimate(answers, correct, k), 1e-12,
                        answers + " " + correct + " k=" + k);
            }
        }
    }

    @Test
    void oneSampleIsTheShareRightAndAllSamplesAreTheVote() {
        List<String> answers = List.of("7", "7", "9", "", "9", "9");
        List<Boolean> correct = List.of(true, true, false, false, false, false);
        assertEquals(2.0 / 6, MajorityAtK.estimate(answers, correct, 1), 1e-12);
        assertEquals(0.0, MajorityAtK.estimate(answers, correct, 6), 1e-12, "9 wins 3 to 2");
        assertEquals(0.5, MajorityAtK.estimate(List.of("7", "9"), List.of(true, false), 2), 1e-12, "a tie is split");
        assertThrows(IllegalArgumentException.class, () -> MajorityAtK.estimate(answers, correct, 7));
    }

    @Test
    void scalesToHundredsOfSamples() {
        List<String> answers = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(i % 3 == 0 ? "right" : "w" + (i % 40));
            correct.add(i % 3 == 0);
        }
        double maj = MajorityAtK.estimate(answers, correct, 100);
        assertEquals(1.0, maj, 1e-9, "67 right against at most 5 of any wrong answer");
    }
}
