package inferlab.speculative;

import inferlab.model.LanguageModel;
import inferlab.model.Session;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SpeculativeDecoderTest {

    static int[] plainGreedy(LanguageModel m, int[] prompt, int n) {
        try (Session s = m.newSession()) {
            int[] out = new int[n];
            float[] logits = s.append(prompt)[prompt.length - 1];
            for (int i = 0; i < n; i++) {
                out[i] = inferlab.prob.TopK.argmax(logits);
                logits = s.append(out[i])[0];
            }
            return out;
        }
    }

    @Test
    void greedySpeculationReproducesTargetGreedy() {
        MarkovModel target = MarkovModel.random(50, 3, false, 1), draft = MarkovModel.random(50, 3, false, 2);
        int[] prompt = {3, 17, 4};
        int[] expected = plainGreedy(target, prompt, 40);
        for (int gamma = 1; gamma <= 5; gamma++) {
            try (var drafter = new DraftModelDrafter(draft)) {
                var r = new SpeculativeDecoder(target, drafter, gamma).generate(prompt, 40, 0, new Random(0));
                assertArrayEquals(expected, r.tokens(), "gamma " + gamma);
                assertEquals(40, r.stats().produced());
            }
            var lookup = new SpeculativeDecoder(target, new PromptLookupDrafter(3, 1), gamma)
                    .generate(prompt, 40, 0, new Random(0));
            assertArrayEquals(expected, lookup.tokens(), "prompt lookup, gamma " + gamma);
        }
    }

    /** start reads the prompt ahead of the rounds and changes no proposal; the decode phase is timed apart. */
    @Test
    void drafterReadsThePromptBeforeTheDecodePhase() {
        MarkovModel target = MarkovModel.random(50, 3, false, 1), draft = MarkovModel.random(50, 3, false, 2);
        int[] prompt = {3, 17, 4, 9, 22};
        try (var started = new DraftModelDrafter(draft); var cold = new DraftModelDrafter(draft)) {
            started.start(prompt);
            assertArrayEquals(cold.propose(prompt, 4, 0, null).tokens(), started.propose(prompt, 4, 0, null).tokens());
            started.start(new int[] {3, 17, 8}); // a new prompt sharing a prefix: the rest is read again
            assertArrayEquals(new DraftModelDrafter(draft).propose(new int[] {3, 17, 8}, 4, 0, null).tokens(),
                    started.propose(new int[] {3, 17, 8}, 4, 0, null).tokens());
        }
        try (var drafter = new DraftModelDrafter(draft)) {
            long t0 = System.nanoTime();
            var r = new SpeculativeDecoder(target, drafter, 3).generate(prompt, 30, 0, new Random(0));
            long wall = System.nanoTime() - t0;
            assertTrue(r.stats().decodeNanos() > 0 && r.stats().decodeNanos() <= wall);
            assertTrue(r.stats().targetNanos() <= r.stats().decodeNanos());
        }
    }

    @Test
    void identicalDraftIsAlwaysAccepted() {
        MarkovModel m = MarkovModel.random(30, 2, false, 7);
        int gamma = 4;
        try (var drafter = new DraftModelDrafter(m)) {
            var r = new SpeculativeDecoder(m, drafter, gamma).generate(new int[] {1}, 10 * (gamma + 1), 1.0,
                    new Random(3));
            assertEquals(1.0, r.stats().alpha());
            assertEquals(gamma + 1, r.stats().tokensPerStep(), 0.0);
            assertEquals(10, r.stats().targetSteps());
        }
    }

    @Test
    void promptLookupCopiesTheMostRecentMatch() {
        var d = new PromptLookupDrafter(2, 1).propose(new int[] {5, 6, 7, 8, 5, 6, 9, 1, 5, 6}, 3, 0, null);
        assertArrayEquals(new int[] {9, 1, 5}, d.tokens());
        assertEquals(0, new PromptLookupDrafter(2, 1).propose(new int[] {1, 2, 3}, 3, 0, null).size());
    }

    @Test
    void expectedTokensPerStepFormula() {
        assertEquals(1.875, AcceptanceStats.expectedTokensPerStep(0.5, 3), 1e-12);
        assertEquals(4, AcceptanceStats.expectedTokensPerStep(1, 3), 0);
        assertEquals(1, AcceptanceStats.expectedTokensPerStep(0, 3), 0);
        assertEquals(1.875 / 1.3, AcceptanceStats.expectedSpeedup(0.5, 3, 0.1), 1e-12);
        assertEquals(1.875 / 2.3, AcceptanceStats.expectedSpeedup(0.5, 3, 0.1, 2), 1e-12);
    }

    /** v is the mean verification pass in plain steps; the predictions use the measured alpha. */
    @Test
    void verificationIsPricedInPlainSteps() {
        // 10 rounds at gamma 3: 20 accepted of 30 examined, verification passes of 500 us
        var s = new AcceptanceStats(3, 10, 20, 10, 30, 30, 10 * 500_000L, 20 * 500_000L);
        assertEquals(2.0, s.verifyCost(250_000), 1e-12);
        double omega = AcceptanceStats.expectedTokensPerStep(2.0 / 3, 3);
        assertEquals(omega / (3 * 0.4 + 1), s.predictedSpeedup(0.4), 1e-12);
        assertEquals(omega / (3 * 0.4 + 2), s.predictedSpeedup(0.4, 2), 1e-12);
    }

    @Test
    void measuredTokensPerStepMatchesTheoryWhenAcceptanceIsIndependent() {
        // unigram models: acceptance probability beta = sum_x min(p(x), q(x)) is the same at every position
        MarkovModel target = MarkovModel.random(8, 1, true, 11), draft = MarkovModel.random(8, 1, true, 12);
        double beta = 0;
        for (int x = 0; x < 8; x++) beta += Math.min(target.p(0, x), draft.p(0, x));
        int gamma = 3;
        try (var drafter = new DraftModelDrafter(draft)) {
            var r = new SpeculativeDecoder(target, drafter, gamma).generate(new int[] {0}, 20000, 1.0, new Random(5));
            assertEquals(beta, r.stats().alpha(), 0.02);
            double expected = AcceptanceStats.expectedTokensPerStep(beta, gamma);
            assertEquals(expected, r.stats().tokensPerStep(), 0.03 * expected);
            // every round drafts gamma tokens but the last few, clipped to the budget left (each of those still
            // emits a token, so at most gamma of them); the kept share is E[accepted] / gamma
            long steps = r.stats().targetSteps();
            assertTrue(r.stats().drafted() <= gamma * steps && r.stats().drafted() >= gamma * (steps - gamma),
                    r.stats().drafted() + " drafted in " + steps + " rounds");
            double kept = beta * (1 - Math.pow(beta, gamma)) / ((1 - beta) * gamma);
            assertEquals(kept, r.stats().keptFraction(), 0.02);
            assertTrue(r.stats().keptFraction() < r.stats().alpha(), "unexamined drafts count as not kept");
        }
    }
}
