package inferlab.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.system.ScriptModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RewardModelTest {

    @Test
    void aucOfAKnownCaseAndWithTies() {
        assertEquals(0.75, Auc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.5, Auc.of(new double[] {0.3, 0.3}, new boolean[] {true, false}), 1e-12);
        assertEquals(0.0, Auc.of(new double[] {0.1, 0.9}, new boolean[] {true, false}), 1e-12);
        assertTrue(Double.isNaN(Auc.of(new double[] {0.1, 0.9}, new boolean[] {true, true})));
    }

    @Test
    void aucEqualsThePairwiseDefinition() {
        Random rng = new Random(5);
        double[] s = new double[200];
        boolean[] y = new boolean[200];
        for (int i = 0; i < s.length; i++) {
            y[i] = rng.nextBoolean();
            s[i] = rng.nextInt(20) + (y[i] ? 3 : 0); // integers: many ties
        }
        double wins = 0, pairs = 0;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < s.length; j++) {
                if (y[i] && !y[j]) {
                    pairs++;
                    wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
                }
            }
        }
        assertEquals(wins / pairs, Auc.of(s, y), 1e-12);
    }

    @Test
    void corruptionChangesExactlyOneNumber() {
        Random rng = new Random(2);
        String gold = " 3*4 = <<3*4=12>>12 pens.\n#### 17";
        for (int i = 0; i < 50; i++) {
            String bad = Corruption.corrupt(gold, rng);
            assertNotEquals(gold, bad);
            assertEquals(gold.replaceAll("\\d+", "N"), bad.replaceAll("\\d+", "N"), bad);
        }
    }

    @Test
    void headOnLanguageModelFeaturesSeparatesGoldFromCorrupted() {
        Random rng = new Random(11);
        StringBuilder script = new StringBuilder();
        List<String[]> problems = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int a = rng.nextInt(50), b = rng.nextInt(50);
            String q = "Q: " + a + "+" + b + "?\nA:";
            String sol = " #### " + (a + b);
            problems.add(new String[] {q, sol});
            script.append(q).append(sol).append('\n');
        }
        LmFeatures f = new LmFeatures(new ScriptModel(script.toString(), 6f, 3f), 4, 1);
        List<RewardModel.Example> train = new ArrayList<>(), test = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            String[] p = problems.get(i);
            List<RewardModel.Example> into = i % 2 == 0 ? train : test;
            into.add(new RewardModel.Example(p[0], p[1], true));
            into.add(new RewardModel.Example(p[0], Corruption.corrupt(p[1], rng), false));
        }
        RewardModel rm = RewardModel.train(f, train, 300, 0.5, 1e-3, new Random(1));
        double auc = rm.auc(test);
        assertTrue(auc > 0.9, "held-out AUC " + auc);
        assertEquals(f.names().size(), rm.describeWeights().size());
        RewardModel.Features cached = RewardModel.Features.cached(f);
        assertEquals(rm.auc(test), RewardModel.train(cached, train, 300, 0.5, 1e-3, new Random(1)).auc(test), 1e-12);
        assertEquals(java.util.Arrays.toString(f.of("Q: 1+2?\nA:", " #### 3")), java.util.Arrays.toString(cached.of("Q: 1+2?\nA:", " #### 3")));
    }

    @Test
    void aSolutionRunningPastTheContextIsScoredOnTheTokensThatFit() {
        try (inferlab.model.Transformer model = inferlab.model.Models.target()) {
            String problem = "Q: 1 shortest path 0 to 2. Edges: 0>1:1 0>2:5 1>2:2\nA:";
            String solution = " 0>1:1=1 1>2:2=3".repeat(40); // far more tokens than the context holds
            int context = model.contextLength(), problemTokens = model.tokenizer().orElseThrow().encode(problem).length;
            double[] x = new LmFeatures(model, 2, 1).of(problem, solution);
            for (double v : x) assertTrue(Double.isFinite(v), java.util.Arrays.toString(x));
            assertEquals(Math.log(context - problemTokens), x[4], 1e-12); // "log tokens": the solution tokens that fit
        }
    }
}
