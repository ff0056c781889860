package inferlab.study;

import inferlab.model.Models;
import inferlab.model.Transformer;
import inferlab.speculative.AcceptanceStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SpeculativeSamplingStudyTest {
    static Transformer target, draft;
    static final List<int[]> PROMPTS = List.of(new int[] {10, 20, 30, 40}, new int[] {7, 8, 9});

    @BeforeAll
    static void load() {
        target = Models.target();
        draft = Models.draft();
    }

    @AfterAll
    static void close() {
        target.close();
        draft.close();
    }

    @Test
    void theTargetAsItsOwnDraftIsAlwaysAccepted() {
        var r = SpeculativeSamplingStudy.run(target, target, PROMPTS, 12, 1.0, new int[] {3}, 2, 0.05, 1);
        AcceptanceStats s = r.rows().get(0).stats();
        assertEquals(1.0, s.alpha(), 0.0);
        assertEquals(1.0, s.keptFraction(), 0.0);
        assertEquals(1.0, r.rows().get(0).alpha().high(), 0.0);
        assertTrue(r.rows().get(0).alpha().low() > 0.9, "hundreds of acceptances: " + r.rows().get(0).alpha());
        assertEquals(2, r.rows().get(0).speedup().samples().length);
    }

    @Test
    void rowsFollowTheLookaheadsWithIntervalsAroundAlpha() {
        int[] gammas = {2, 5};
        var r = SpeculativeSamplingStudy.run(target, draft, PROMPTS, 12, 1.0, gammas, 1, 0.05, 2);
        assertEquals(2, r.rows().size());
        for (int i = 0; i < gammas.length; i++) {
            var row = r.rows().get(i);
            assertEquals(gammas[i], row.gamma());
            assertEquals(gammas[i], row.stats().gamma());
            double a = row.stats().alpha();
            assertTrue(a > 0 && a < 1, "a real draft is sometimes rejected: " + a);
            assertEquals(a, row.alpha().estimate(), 0.0);
            assertTrue(row.alpha().low() < a && a < row.alpha().high());
            assertTrue(row.stats().keptFraction() <= a);
            assertTrue(row.speedup().median() > 0);
        }
        assertThrows(IllegalArgumentException.class,
                () -> SpeculativeSamplingStudy.run(target, draft, PROMPTS, 12, 0, gammas, 1, 0.05, 2));
    }
}
