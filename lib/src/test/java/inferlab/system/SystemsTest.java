package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import inferlab.agent.CalculatorTool;
import inferlab.sandbox.CodeInterpreter;
import inferlab.system.Trace.Segment.Kind;
import inferlab.tool.ToolResult;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import inferlab.decode.Decoder;
import inferlab.decode.Greedy;
import inferlab.decode.Sampler;
import inferlab.decode.SamplingParams;
import org.junit.jupiter.api.Test;

class SystemsTest {
    static final String PROMPT = "Q: What is 6*7?\nA:";
    static final String SCRIPT = PROMPT + " 6 times 7 is <<6*7=41>> so #### 41\n";
    static final Function<String, String> PARSER = t -> {
        int i = t.lastIndexOf("####");
        return i < 0 ? "" : t.substring(i + 4).strip();
    };
    static final Function<RandomGenerator, Decoder> GREEDY = rng -> new Greedy();
    static final Function<RandomGenerator, Decoder> SAMPLE = rng -> new Sampler(SamplingParams.ancestral(1), rng);

    static Completer completer(float digitGap, Function<RandomGenerator, Decoder> decoder) {
        return new Completer(new ScriptModel(SCRIPT, 20f, digitGap), decoder, 64, List.of("\n"), null, PARSER);
    }

    @Test
    void greedyFollowsTheModelAndStopsAtTheStopString() {
        Trace t = new SingleSample("greedy", completer(20f, GREEDY)).solve(PROMPT, new Random(1));
        assertEquals(" 6 times 7 is <<6*7=41>> so #### 41", t.candidates().get(0).text());
        assertEquals("41", t.answer());
        assertEquals(PROMPT.length(), t.promptTokens());
        assertEquals(t.candidates().get(0).text().length() + 1, t.generatedTokens(), "one byte each, plus the newline");
    }

    @Test
    void toolResultIsInjectedAndTraced() {
        try (CodeInterpreter interpreter = new CodeInterpreter()) {
            Completer c = completer(20f, GREEDY).withTool(new CalculatorTool(interpreter));
            Trace t = new SingleSample("tool", c).solve(PROMPT, new Random(1));
            Trace.Candidate cand = t.candidates().get(0);
            assertTrue(cand.text().startsWith(" 6 times 7 is <<6*7=42>>"), cand.text());
            assertEquals(List.of(Kind.MODEL, Kind.TOOL_CALL, Kind.TOOL_RESULT, Kind.MODEL),
                    cand.segments().stream().map(Trace.Segment::kind).toList());
            assertEquals("6*7", cand.segments().get(1).text());
            assertEquals("42", cand.segments().get(2).text());
            assertEquals("=42>>".length(), t.toolTokens());
            assertEquals(1, t.toolCalls());
        }
    }

    @Test
    void calculatorUsesRealDivisionAndPlainFormatting() {
        try (CodeInterpreter interpreter = new CodeInterpreter()) {
            CalculatorTool calc = new CalculatorTool(interpreter);
            assertEquals("3.5", calc.call("7/2").value());
            assertEquals("24", calc.call("48/2").value());
            assertEquals("0.333333", calc.call("1/3").value());
            for (String junk : new String[] {"3)", ")(", "1 2", "()"}) {
                ToolResult r = calc.call(junk);
                assertFalse(r.ok() && r.value().isEmpty(), junk + " gave an empty result");
            }
        }
    }

    @Test
    void majorityVoteBeatsSingleNoisySamples() {
        Completer noisy = completer(2.5f, SAMPLE);
        Random rng = new Random(7);
        int single = 0, voted = 0, trials = 20;
        for (int i = 0; i < trials; i++) {
            if (new SingleSample("sample", noisy).solve(PROMPT, rng).answer().equals("41")) single++;
            Trace t = new SelfConsistency(noisy, 9).solve(PROMPT, rng);
            if (t.answer().equals("41")) voted++;
            assertEquals(t.answer(), t.chosenCandidate().map(Trace.Candidate::answer).orElse(""));
            assertEquals(9, t.candidates().size());
            for (Trace.Candidate c : t.candidates()) {
                long agree = t.candidates().stream().filter(o -> !c.answer().isEmpty() && o.answer().equals(c.answer())).count();
                assertEquals(agree, (long) c.score(), "a candidate's score is its answer's vote count");
            }
        }
        assertTrue(voted > single, "vote " + voted + " vs single " + single);
    }

    @Test
    void bestOfNReturnsTheAnswerOfTheTopScoredCandidate() {
        Trace t = new BestOfN(completer(2.5f, SAMPLE), 8, (problem, solution) -> solution.endsWith("#### 41") ? 1 : 0)
                .solve(PROMPT, new Random(3));
        Trace.Candidate best = t.candidates().stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
        assertEquals(best.answer(), t.answer());
        assertEquals(best.index(), t.chosen());
        assertEquals(8, t.candidates().size());
        assertEquals(t.candidates().stream().mapToInt(Trace.Candidate::generatedTokens).sum(), t.generatedTokens());
    }

    @Test
    void passAtKMatchesTheCombinatorialFormula() {
        assertEquals(0.2, PassAtK.estimate(5, 1, 1), 1e-12);
        assertEquals(0.0, PassAtK.estimate(5, 0, 3), 1e-12);
        assertEquals(1.0, PassAtK.estimate(5, 3, 3), 1e-12);
        assertEquals(1.0 - 21.0 / 252.0, PassAtK.estimate(10, 3, 5), 1e-12); // 1 - C(7,5)/C(10,5)
    }
}
