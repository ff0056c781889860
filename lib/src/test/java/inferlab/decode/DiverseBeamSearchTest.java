package inferlab.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import inferlab.Project;
import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.study.Comparison;
import inferlab.study.DecodingExercises;
import inferlab.task.TextStats;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Diverse beam search: reduces to beam search, separates groups, ranks by score, raises distinct-n. */
class DiverseBeamSearchTest {
    static Transformer fixture;
    static JsonObject reference;

    @BeforeAll
    static void load() throws Exception {
        reference = HfDecodingTest.reference();
        fixture = Transformer.load(HfDecodingTest.modelDir("llama-tiny"));
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    static int[] prompt(int i) {
        return ProcessorCase.ints(reference.getAsJsonArray("prompts").get(i).getAsJsonArray());
    }

    @Test
    void oneGroupIsBeamSearch() {
        var cases = reference.getAsJsonObject("models").getAsJsonObject("llama-tiny").getAsJsonArray("prompts");
        for (int p = 0; p < 2; p++) {
            for (JsonElement e : cases.get(p).getAsJsonObject().getAsJsonArray("beam")) {
                JsonObject b = e.getAsJsonObject();
                double lp = b.get("length_penalty").getAsDouble();
                var early = BeamSearch.EarlyStopping.parse(b.get("early_stopping").getAsString());
                int eos = b.get("eos").getAsInt(), max = b.get("max_new_tokens").getAsInt();
                var plain = new BeamSearch(4, 4, lp, early).run(fixture, prompt(p), max, eos);
                // the penalty is irrelevant with one group: no earlier group to differ from
                var diverse = new DiverseBeamSearch(4, 1, 5.0, 4, lp, early).run(fixture, prompt(p), max, eos);
                String label = "prompt " + p + " lp=" + lp + " early=" + early;
                assertEquals(plain.size(), diverse.size(), label);
                for (int i = 0; i < plain.size(); i++) {
                    assertArrayEquals(plain.get(i).ids(), diverse.get(i).ids(), label + " beam " + i);
                    assertEquals(plain.get(i).score(), diverse.get(i).score(), 1e-6, label + " score " + i);
                    int length = diverse.get(i).ids().length;
                    assertEquals(diverse.get(i).score() * Math.pow(length, lp), diverse.get(i).logProb(), 1e-3, label);
                }
            }
        }
    }

    @Test
    void oneGroupIsBeamSearchOnTheTrainedModelWhereHypothesesEndAtEos() {
        try (Transformer target = Transformer.load(Project.data().resolve("models/target"))) {
            var tok = target.tokenizer().orElseThrow();
            // an item in the arithmetic task's format: the model ends its answer with the real end-of-sequence
            // token, so hypotheses finish at different lengths and the finished set is exercised
            int[] prompt = tok.encode("Q: 27 + 45 = ?\nA:");
            int eos = target.eosTokenId();
            boolean sawEos = false;
            for (var early : BeamSearch.EarlyStopping.values()) {
                for (double lp : new double[] {-1.0, 0.0, 1.5}) {
                    var plain = new BeamSearch(3, 2, lp, early).run(target, prompt, 48, eos);
                    var diverse = new DiverseBeamSearch(3, 1, 2.0, 2, lp, early).run(target, prompt, 48, eos);
                    String label = "lp=" + lp + " early=" + early;
                    assertEquals(plain.size(), diverse.size(), label);
                    for (int i = 0; i < plain.size(); i++) {
                        assertArrayEquals(plain.get(i).ids(), diverse.get(i).ids(), label + " hypothesis " + i);
                        assertEquals(plain.get(i).score(), diverse.get(i).score(), 0.0, label + " score " + i);
                        int[] ids = plain.get(i).ids();
                        sawEos |= ids[ids.length - 1] == eos;
                    }
                }
            }
            assertTrue(sawEos, "some hypothesis ended at EOS");
        }
    }

    @Test
    void withoutPenaltyEveryGroupIsTheSameSmallerBeamSearch() {
        var plain = new BeamSearch(2, 2, 1.0, BeamSearch.EarlyStopping.TRUE).run(fixture, prompt(1), 8, -1);
        var diverse = new DiverseBeamSearch(4, 2, 0.0).run(fixture, prompt(1), 8, -1);
        assertEquals(4, diverse.size());
        for (int i = 0; i < 4; i++) assertArrayEquals(plain.get(i / 2).ids(), diverse.get(i).ids(), "hypothesis " + i);
    }

    @Test
    void aLargePenaltySeparatesTheGroupsFirstTokensAndTheResultIsSortedByScore() {
        var out = new DiverseBeamSearch(6, 3, 100.0).run(fixture, prompt(1), 8, -1);
        assertEquals(6, out.size());
        List<Set<Integer>> firsts = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (var h : out) firsts.get(h.group()).add(h.ids()[0]);
        Set<Integer> union = new HashSet<>();
        int total = 0;
        for (Set<Integer> s : firsts) {
            union.addAll(s);
            total += s.size();
        }
        assertEquals(total, union.size(), "no first token is shared by two groups: " + firsts);
        for (int i = 1; i < out.size(); i++) assertTrue(out.get(i - 1).score() >= out.get(i).score(), "sorted at " + i);
        for (var h : out) {
            double unpenalised = h.logProb() / h.ids().length;
            if (h.group() == 0) assertEquals(unpenalised, h.score(), 1e-4, "group 0 pays no penalty");
            else assertTrue(h.score() <= unpenalised + 1e-4, "a penalty only lowers the score");
        }
    }

    @Test
    void diverseBeamsHaveMoreDistinctBigramsThanPlainBeamsOnTheTargetModel() {
        try (Transformer target = Models.target()) {
            int[] prompt = target.tokenizer().orElseThrow().encode("The Congress has");
            var plain = Comparison.plainBeams(target, prompt, 4, 12);
            var diverse = Comparison.diverseBeams(target, prompt, 4, 4, 1.0, 12);
            assertTrue(diverse.distinct2() > plain.distinct2(), diverse + " vs " + plain);
        }
    }

    @Test
    void theStepKeepsTheKBestPenalisedContinuations() {
        float[][] logProbs = {{-0.1f, -2f, -3f, -4f}, {-1f, -0.5f, -2.5f, -5f}};
        int[] chosen = {1, 0, 0, 2};
        var out = DiverseBeamSearch.step(new float[] {0f, -1f}, logProbs, chosen, 1.0, 3);
        // totals: beam 0: -1.1 -2 -3 -6; beam 1: -3 -1.5 -3.5 -8
        assertEquals(List.of(new DiverseBeamSearch.Continuation(0, 0, -1.1f), new DiverseBeamSearch.Continuation(1, 1, -1.5f),
                new DiverseBeamSearch.Continuation(0, 1, -2f)), out);
    }

    @Test
    void theExerciseCheckPassesTheReferenceAndFailsEachBugOfTheNotebooksBrokenStep() {
        assertTrue(DecodingExercises.checkDiverseStep(DiverseBeamSearch::step).startsWith("PASS"));
        assertTrue(DecodingExercises.checkDiverseStep((s, lp, c, lambda, k) -> broken(s, lp, c, lambda, k, true, true, true)).startsWith("FAIL"));
        assertTrue(DecodingExercises.checkDiverseStep((s, lp, c, lambda, k) -> broken(s, lp, c, lambda, k, true, false, false)).startsWith("FAIL"), "multiplied");
        assertTrue(DecodingExercises.checkDiverseStep((s, lp, c, lambda, k) -> broken(s, lp, c, lambda, k, false, true, false)).startsWith("FAIL"), "penalty after top-k");
        assertTrue(DecodingExercises.checkDiverseStep((s, lp, c, lambda, k) -> broken(s, lp, c, lambda, k, false, false, true)).startsWith("FAIL"), "not truncated");
        assertTrue(DecodingExercises.checkDiverseStep((s, lp, c, lambda, k) -> broken(s, lp, c, lambda, k, false, false, false)).startsWith("PASS"), "all fixed");
        assertTrue(DecodingExercises.checkDiverseStep((s, lp, c, lambda, k) -> null).startsWith("FAIL"));
    }

    /** The notebook's broken step, with each of its three bugs switchable. */
    static List<DiverseBeamSearch.Continuation> broken(float[] s, float[][] lp, int[] chosen, double lambda, int k,
            boolean multiply, boolean penaltyAfter, boolean untruncated) {
        List<DiverseBeamSearch.Continuation> all = new java.util.ArrayList<>();
        for (int b = 0; b < s.length; b++) {
            for (int v = 0; v < lp[b].length; v++) {
                double score = multiply ? Math.exp(s[b]) * Math.exp(lp[b][v]) : s[b] + lp[b][v];
                if (!penaltyAfter) score -= lambda * chosen[v];
                all.add(new DiverseBeamSearch.Continuation(b, v, (float) score));
            }
        }
        all.sort(java.util.Comparator.comparingDouble(DiverseBeamSearch.Continuation::score).reversed());
        List<DiverseBeamSearch.Continuation> out = new java.util.ArrayList<>();
        for (var c : all.subList(0, untruncated ? 2 * k : k)) {
            out.add(new DiverseBeamSearch.Continuation(c.beam(), c.token(), (float) (c.score() - (penaltyAfter ? lambda * chosen[c.token()] : 0))));
        }
        return out;
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DiverseBeamSearch(4, 3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DiverseBeamSearch(4, 0, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new DiverseBeamSearch(4, 2, -0.5));
        assertThrows(IllegalArgumentException.class, () -> new DiverseBeamSearch(4, 2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new DiverseBeamSearch(4, 2, 1.0, 5, 1.0, BeamSearch.EarlyStopping.TRUE));
        var search = new DiverseBeamSearch(2, 2, 1.0);
        assertThrows(IllegalArgumentException.class, () -> search.run(fixture, new int[0], 4, -1));
        assertThrows(IllegalArgumentException.class, () -> search.run(fixture, prompt(0), 0, -1));
    }

    static List<Integer> boxed(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }
}
