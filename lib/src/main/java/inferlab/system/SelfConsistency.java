package inferlab.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Self-consistency (Wang et al., 2023): sample N reasoning paths and return the most frequent parsed
 * answer, {@code argmax_a sum_i 1[answer_i = a]}. Candidates without a parsable answer do not vote; ties go
 * to the answer whose paths have the higher total probability {@code sum_i p(y_i)}.
 */
public record SelfConsistency(CandidateSource completer, int n) implements InferenceSystem {

    @Override
    public String name() {
        return "self-consistency@" + n + (completer.tool() == null ? "" : "+tool");
    }

    /** log(e^x + e^y) without underflow: path probabilities of long completions are tiny. */
    private static double logAdd(double x, double y) {
        return Math.max(x, y) + Math.log1p(Math.exp(-Math.abs(x - y)));
    }

    @Override
    public Trace solve(String prompt, RandomGenerator rng) {
        long t0 = System.nanoTime();
        CandidateSource.Batch b = completer.complete(prompt, n, rng);
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, Double> mass = new LinkedHashMap<>();
        for (Trace.Candidate c : b.candidates()) {
            if (c.answer().isEmpty()) continue;
            votes.merge(c.answer(), 1, Integer::sum);
            mass.merge(c.answer(), c.logProb(), SelfConsistency::logAdd);
        }
        String answer = votes.keySet().stream()
                .max(Comparator.comparing((String a) -> votes.get(a)).thenComparing(mass::get))
                .orElse("");
        List<Trace.Candidate> scored = new ArrayList<>();
        for (Trace.Candidate c : b.candidates()) scored.add(c.withScore(votes.getOrDefault(c.answer(), 0)));
        int chosen = scored.stream().filter(c -> !answer.isEmpty() && c.answer().equals(answer))
                .max(Comparator.comparingDouble(Trace.Candidate::logProb)).map(Trace.Candidate::index).orElse(-1);
        String how = answer.isEmpty() ? "majority vote: no parsable answer"
                : "majority vote: " + votes.get(answer) + " of " + n + " say " + answer;
        return new Trace(name(), prompt, scored, how, answer, chosen, b.promptTokens(),
                scored.stream().mapToInt(Trace.Candidate::generatedTokens).sum(), b.toolTokens(),
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
